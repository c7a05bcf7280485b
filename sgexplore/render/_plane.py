"""Plane-group figures: ITA-style symmetry-element diagrams and the glued fundamental domain."""

from __future__ import annotations

import itertools

import numpy as np
import plotly.graph_objects as go

from ..groups import SgexploreError, WallpaperGroup
from ..orbifolds import Orbifold
from ._template import new_figure, short_lines

# Rotation centres as filled polygons of their order (ITA's lens for 2-fold).
CENTRE_MARKERS = {2: "diamond-tall", 3: "triangle-up", 4: "square", 6: "hexagon"}
MIRROR_COLOUR = "#1f3b73"
GLIDE_COLOUR = "#c0392b"
DOMAIN_COLOUR = "rgba(255, 183, 77, 0.45)"
PAIR_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")


def _closed(points: np.ndarray) -> np.ndarray:
    return np.vstack([points, points[:1]])


def lines_trace(segments: list[np.ndarray], name: str, color: str, dash: str, width: float):
    """One 2D line trace drawing every segment (a, b) of ``segments`` (shared by render's
    plane and space diagrams)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in segments:
        xs += [a[0], b[0], None]
        ys += [a[1], b[1], None]
    return go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="name",
                      line={"color": color, "dash": dash, "width": width})


def plot_symmetry_elements(group: WallpaperGroup, cells: int = 2, lattice=None,
                           template=None) -> go.Figure:
    """The tiled plane in Cartesian coordinates: unit cells, the fundamental domain, mirror
    lines (solid), glide lines (dashed) and rotation centres (polygons of their order).
    ``lattice`` defaults to the group's default lattice.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> figure = plot_symmetry_elements(wallpaper_group("p4g"), cells=1)
        >>> sorted({trace.name for trace in figure.data})[:3]
        ['2-fold centres', '4-fold centres', 'fundamental domain']
    """
    if not 1 <= int(cells) <= 6:
        raise SgexploreError(f"cells must be between 1 and 6, got {cells}")
    cells = int(cells)
    matrix = (group.default_lattice if lattice is None else group.check_lattice(lattice)).matrix
    elements = group.cell_elements
    shifts = [np.array(s, dtype=float) for s in itertools.product(range(cells), repeat=2)]
    cart = lambda p: np.asarray(p) @ matrix.T  # noqa: E731

    cell_edges = []
    for s in shifts:
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]]) + s
        cell_edges += [(cart(a), cart(b)) for a, b in zip(corners, np.roll(corners, -1, axis=0))]
    domain = _closed(cart(group.fundamental_domain.vertices))
    traces = [
        lines_trace(cell_edges, "unit cells", "#9e9e9e", "solid", 1),
        go.Scatter(x=domain[:, 0], y=domain[:, 1], mode="lines", fill="toself", name="fundamental domain",
                   fillcolor=DOMAIN_COLOUR, line={"color": "#e69500", "width": 1}, hoverinfo="name"),
    ]
    mirrors = [tuple(cart(seg + s)) for seg in elements.mirror_lines for s in shifts]
    glides = [tuple(cart(seg + s)) for seg in elements.glide_lines for s in shifts]
    if mirrors:
        traces.append(lines_trace(mirrors, "mirror lines", MIRROR_COLOUR, "solid", 3))
    if glides:
        traces.append(lines_trace(glides, "glide lines", GLIDE_COLOUR, "dash", 2))
    for order in sorted(set(elements.rotation_orders.tolist())):
        centres = elements.rotation_centres[elements.rotation_orders == order]
        points = np.unique(np.round(np.concatenate([centres + s for s in shifts]), 9), axis=0)
        xy = cart(points)
        traces.append(go.Scatter(
            x=xy[:, 0], y=xy[:, 1], mode="markers", name=f"{order}-fold centres",
            marker={"symbol": CENTRE_MARKERS[order], "size": 13, "color": "black",
                    "line": {"color": "white", "width": 1}},
            hovertemplate=f"{order}-fold rotation centre<extra></extra>",
        ))
    figure = new_figure(traces, template)
    figure.update_layout(
        title=f"{group.symbol} ({group.conway}): symmetry elements",
        xaxis={"scaleanchor": "y", "showgrid": False, "zeroline": False},
        yaxis={"showgrid": False, "zeroline": False},
        plot_bgcolor="white", legend={"orientation": "h"}, margin={"l": 20, "r": 20, "t": 50, "b": 20},
    )
    return figure


def plot_fundamental_domain(orbifold: Orbifold, template=None) -> go.Figure:
    """The fundamental domain with its identifications: mirror edges thick, glued edges in
    matching colours with arrows showing the orientation of the gluing, cone points and
    corner reflectors labelled with their orders.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore.orbifolds import orbifold
        >>> figure = plot_fundamental_domain(orbifold("p2"))
        >>> figure.layout.title.text
        'p2 = 2222:<br>fundamental domain and gluing'
    """
    group = orbifold.group
    matrix = group.default_lattice.matrix
    cart = lambda p: np.asarray(p) @ matrix.T  # noqa: E731
    domain = _closed(cart(orbifold.vertices))
    traces = [go.Scatter(x=domain[:, 0], y=domain[:, 1], mode="lines", fill="toself",
                         name="fundamental domain", fillcolor=DOMAIN_COLOUR,
                         line={"color": "#e69500", "width": 1}, hoverinfo="name")]
    annotations = []
    pair_index: dict[int, int] = {}
    for i, edge in enumerate(orbifold.edges):
        a, b = cart(edge.start), cart(edge.end)
        if edge.kind == "mirror":
            traces.append(go.Scatter(x=[a[0], b[0]], y=[a[1], b[1]], mode="lines", name="mirror",
                                     legendgroup="mirror", showlegend=not any(
                                         t.name == "mirror" for t in traces),
                                     line={"color": MIRROR_COLOUR, "width": 6},
                                     hovertemplate=f"mirror {edge.operation}<extra></extra>"))
            continue
        pair = pair_index.setdefault(min(i, edge.partner), len(pair_index))
        colour = PAIR_COLOURS[pair % len(PAIR_COLOURS)]
        label = f"pair {pair + 1}: {edge.operation_kind}"
        traces.append(go.Scatter(x=[a[0], b[0]], y=[a[1], b[1]], mode="lines", name=label,
                                 legendgroup=label, showlegend=i < edge.partner,
                                 line={"color": colour, "width": 4},
                                 hovertemplate=f"glued by {edge.operation}<extra></extra>"))
        head, tail = (a, b) if edge.reversed and i > edge.partner else (b, a)
        tip = tail + 0.6 * (head - tail)
        annotations.append({"x": tip[0], "y": tip[1], "ax": tail[0] + 0.4 * (head - tail)[0],
                            "ay": tail[1] + 0.4 * (head - tail)[1], "xref": "x", "yref": "y",
                            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2,
                            "arrowcolor": colour, "arrowwidth": 2, "text": ""})
    for kind, points, symbol in (("cone", orbifold.cone_points, "circle"),
                                 ("corner", orbifold.corner_reflectors, "square")):
        if not points:
            continue
        xy = cart(np.array([p for p, _ in points]))
        labels = [str(n) for _, n in points]
        traces.append(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers+text", name=f"{kind} points",
                                 text=labels, textposition="top right",
                                 marker={"symbol": symbol, "size": 12, "color": "black"},
                                 hovertemplate=f"{kind} of order %{{text}}<extra></extra>"))
    figure = new_figure(traces, template)
    figure.update_layout(
        title=short_lines(f"{group.symbol} = {orbifold.conway}: fundamental domain and gluing"),
        annotations=annotations, plot_bgcolor="white",
        xaxis={"scaleanchor": "y", "showgrid": False, "zeroline": False},
        yaxis={"showgrid": False, "zeroline": False},
        margin={"l": 20, "r": 20, "t": 50, "b": 20},
    )
    return figure
