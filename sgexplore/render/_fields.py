"""Figures of invariant functions on the plane: heatmaps over several cells, spectra, galleries."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy.ndimage import map_coordinates

from ..groups import Lattice, SgexploreError, WallpaperGroup
from ..limits import MAX_PIXELS
from ._plane import plot_symmetry_elements
from ._template import BARE, new_figure


def cartesian_field(values: np.ndarray, lattice: Lattice, cells: int = 2,
                    pixels: int | None = None, period: int = 1
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resample a periodic field on the fractional grid x_j = period * j / shape onto a
    Cartesian grid covering ``cells`` x ``cells`` unit cells (bilinear, periodic).
    ``period``: the cells, along each axis, that one period of ``values`` spans (a
    function of a subgroup with a larger cell, e.g. 2 for the cell 2a,2b).

    Returns (xs (W,), ys (H,), z (H, W)): heatmap axes and values.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> lattice = wallpaper_group("p1").lattice(a=1.0, b=1.0, gamma=90.0)
        >>> xs, ys, z = cartesian_field(np.arange(16.0).reshape(4, 4), lattice, 1, pixels=4)
        >>> z.shape, float(z[0, 0])
        ((4, 4), 0.0)
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise SgexploreError(f"expected a 2D grid of values, got shape {values.shape}")
    matrix = lattice.matrix
    corners = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float) * cells @ matrix.T
    low, high = corners.min(axis=0), corners.max(axis=0)
    pixels = min(int(pixels or max(values.shape) * cells / period), MAX_PIXELS)
    span = high - low
    width = pixels if span[0] >= span[1] else max(2, int(round(pixels * span[0] / span[1])))
    height = pixels if span[1] >= span[0] else max(2, int(round(pixels * span[1] / span[0])))
    xs = np.linspace(low[0], high[0], width, endpoint=span[0] == 0)
    ys = np.linspace(low[1], high[1], height, endpoint=span[1] == 0)
    grid = np.stack(np.meshgrid(xs, ys, indexing="xy"), axis=-1)
    fractional = grid @ np.linalg.inv(matrix).T
    coords = np.moveaxis(fractional * np.array(values.shape) / period, -1, 0)
    z = map_coordinates(values, coords, order=1, mode="grid-wrap")
    return xs, ys, z


def field_heatmap(values: np.ndarray, lattice: Lattice, cells: int = 2,
                  pixels: int | None = None, centred: bool = True,
                  period: int = 1) -> dict[str, np.ndarray | float]:
    """The data of ``plot_field``'s heatmap: ``x``, ``y``, ``z`` (float32, for the browser)
    and a colour range ``zmin``, ``zmax``: symmetric about 0 when ``centred`` (a signed
    field on a diverging scale), else from 0 to the maximum (a nonnegative field, such as
    a standard deviation, on a sequential scale). An explorer whose group, lattice and
    overlays did not change updates its heatmap with this alone. ``period``: as in
    ``cartesian_field``.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> lattice = wallpaper_group("p1").lattice(a=1.0, b=1.0, gamma=90.0)
        >>> field = field_heatmap(np.arange(16.0).reshape(4, 4) - 8, lattice, 1, pixels=4)
        >>> field["z"].dtype, field["zmin"], field["zmax"]
        (dtype('float32'), -8.0, 8.0)
        >>> field_heatmap(np.arange(16.0).reshape(4, 4), lattice, 1, 4, centred=False)["zmin"]
        0.0
    """
    xs, ys, z = cartesian_field(values, lattice, cells, pixels, period)
    bound = float(np.abs(z).max()) or 1.0
    return {"x": xs, "y": ys, "z": z.astype(np.float32), "zmin": -bound if centred else 0.0,
            "zmax": bound}


def plot_field(group: WallpaperGroup, values: np.ndarray, lattice: Lattice | None = None,
               cells: int = 2, overlays: tuple[str, ...] = ("cell", "domain", "elements"),
               title: str = "", colorscale: str = "RdBu_r", pixels: int | None = None,
               centred: bool = True, period: int = 1, template=None) -> go.Figure:
    """An invariant function as a heatmap over ``cells`` x ``cells`` unit cells (Cartesian),
    with optional overlays: ``"cell"`` (unit cells), ``"domain"`` (fundamental domain) and
    ``"elements"`` (mirror and glide lines, rotation centres).

    ``values`` is the function on the fractional grid x_j = j / shape (as returned by
    ``InvariantBasis.on_grid`` or ``synthesize``). The heatmap is the first trace. A signed
    field is ``centred`` (its colour range symmetric about 0, for a diverging
    ``colorscale``); a nonnegative one (``centred=False``) spans 0 to its maximum, for a
    sequential scale such as ``"Viridis"``. ``period``: the cells one period of ``values``
    spans along each axis (``cartesian_field``).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> g = wallpaper_group("p4m")
        >>> figure = plot_field(g, np.zeros((32, 32)), overlays=("cell",))
        >>> [t.name for t in figure.data]
        ['field', 'unit cells']
    """
    lattice = group.default_lattice if lattice is None else group.check_lattice(lattice)
    field = field_heatmap(values, lattice, cells, pixels, centred, period)
    xs, ys = field["x"], field["y"]
    heatmap = go.Heatmap(**field, name="field", colorscale=colorscale,
                         colorbar={"thickness": 12},
                         hovertemplate="x=%{x:.3f} y=%{y:.3f}<br>f=%{z:.4f}<extra></extra>")
    wanted = {"cell": {"unit cells"}, "domain": {"fundamental domain"},
              "elements": {"mirror lines", "glide lines", "2-fold centres", "3-fold centres",
                           "4-fold centres", "6-fold centres"}}
    unknown = set(overlays) - set(wanted)
    if unknown:
        raise SgexploreError(f"unknown overlay(s) {sorted(unknown)}; choose from {sorted(wanted)}")
    names = set().union(*(wanted[o] for o in overlays)) if overlays else set()
    # Only the overlays' traces are kept: their figure's layout (and template) is dropped.
    elements = plot_symmetry_elements(group, cells, lattice, template=BARE)
    traces = [t for t in elements.data if t.name in names]
    for trace in traces:
        # Overlays let clicks and hovers through to the field underneath.
        trace.update(hoverinfo="skip", hovertemplate=None)
        if trace.name == "fundamental domain":
            trace.update(fillcolor="rgba(255, 183, 77, 0.25)", hoveron="points")
    figure = new_figure([heatmap, *traces], template)
    figure.update_layout(
        title=title or f"{group.symbol} ({group.conway})",
        # Equal scales; the plot area shrinks to the field instead of padding it with empty
        # axis range, and is tall enough to read the symmetry elements.
        xaxis={"scaleanchor": "y", "constrain": "domain", "showgrid": False, "zeroline": False,
               "range": [xs[0], xs[-1]]},
        yaxis={"showgrid": False, "zeroline": False, "range": [ys[0], ys[-1]]}, height=600,
        plot_bgcolor="white", legend={"orientation": "h", "y": -0.08},
        margin={"l": 20, "r": 20, "t": 50, "b": 20},
    )
    return figure


def plot_spectrum(eigenvalues: np.ndarray, selected: int | None = None,
                  template=None, new_levels=None, subgroup: str = "") -> go.Figure:
    """Distinct Laplacian eigenvalues (x) with their multiplicities (y); ``customdata`` of
    each point is the index of the first basis function at that level, so a click can
    select it. The level of function ``selected`` is highlighted.

    ``new_levels``: where a subgroup's new functions enter (symmetry breaking), as rows
    (eigenvalue, new, total, first) of the levels with new functions: how many are new, how
    many functions the subgroup has there, and the number of the first new one (its
    ``customdata``). Given (empty included), a second trace ``"new in <subgroup>"`` marks
    them, with the count of new functions as y.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> figure = plot_spectrum(np.array([0.0, 1.0, 1.0, 2.0]), selected=2)
        >>> figure.data[0].y, figure.data[0].customdata
        ((1, 2, 1), (0, 1, 3))
        >>> figure = plot_spectrum(np.array([0.0, 1.0]), new_levels=[(1.0, 1, 2, 0)], subgroup="p2")
        >>> figure.data[1].name, figure.data[1].x, figure.data[1].text
        ('new in p2', (1.0,), ('1 new of 2',))
    """
    eigenvalues = np.asarray(eigenvalues, dtype=np.float64)
    scale = max(float(eigenvalues.max(initial=0.0)), 1.0)
    new_level = np.concatenate([[True], np.diff(eigenvalues) > 1e-9 * scale])
    first = np.flatnonzero(new_level)
    counts = np.diff(np.append(first, len(eigenvalues)))
    levels = eigenvalues[first]
    colours = ["#c0392b" if selected is not None and a <= selected < a + c else "#1f3b73"
               for a, c in zip(first, counts)]
    traces = [go.Scatter(
        x=levels.tolist(), y=counts.tolist(), customdata=first.tolist(), mode="markers", name="levels",
        marker={"size": 10, "color": colours},
        hovertemplate="lambda=%{x:.4g}<br>multiplicity %{y}<br>first index %{customdata}<extra></extra>")]
    if new_levels is not None:
        rows = [(float(x), int(n), int(t), int(f)) for x, n, t, f in new_levels]
        traces.append(go.Scatter(
            x=[r[0] for r in rows], y=[r[1] for r in rows], customdata=[r[3] for r in rows],
            text=[f"{n} new of {t}" for _, n, t, _ in rows], mode="markers",
            name=f"new in {subgroup}",
            # open and larger: a level of G under it stays visible
            marker={"size": 15, "symbol": "diamond-open", "color": "#e67e22",
                    "line": {"width": 2.5}},
            hovertemplate=f"new in {subgroup}: " + "lambda=%{x:.4g}<br>%{text}<br>"
                          "first new function %{customdata}<extra></extra>"))
    figure = new_figure(traces, template)
    figure.update_layout(title="Spectrum: click a level", xaxis_title="eigenvalue lambda",
                         yaxis_title="multiplicity", yaxis={"dtick": 1, "rangemode": "tozero"},
                         margin={"l": 40, "r": 10, "t": 40, "b": 40}, height=260,
                         showlegend=new_levels is not None,
                         legend={"orientation": "h", "x": 0, "y": -0.3})
    return figure


def plot_gallery(group: WallpaperGroup, values: np.ndarray, lattice: Lattice | None = None,
                 columns: int = 4, eigenvalues: np.ndarray | None = None,
                 template=None) -> go.Figure:
    """A grid of small heatmaps, one per function: ``values`` has shape (N, n1, n2).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> figure = plot_gallery(wallpaper_group("p2"), np.zeros((6, 16, 16)), columns=3)
        >>> len(figure.data)
        6
    """
    lattice = group.default_lattice if lattice is None else group.check_lattice(lattice)
    values = np.asarray(values)
    count = len(values)
    rows = max(1, -(-count // columns))
    titles = [f"phi_{i}" + ("" if eigenvalues is None else f"  (lambda={eigenvalues[i]:.3g})")
              for i in range(count)]
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                           horizontal_spacing=0.02, vertical_spacing=0.06,
                           figure=new_figure(template=template))
    for i, v in enumerate(values):
        xs, ys, z = cartesian_field(v, lattice, 1, pixels=96)
        bound = float(np.abs(z).max()) or 1.0
        figure.add_trace(go.Heatmap(x=xs, y=ys, z=z, colorscale="RdBu_r", zmid=0, zmin=-bound,
                                    zmax=bound, showscale=False, name=f"phi_{i}"),
                         row=i // columns + 1, col=i % columns + 1)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    for i in range(1, count + 1):
        suffix = "" if i == 1 else str(i)
        figure.layout[f"yaxis{suffix}"].scaleanchor = f"x{suffix}"
    # The title in a band of its own above the first row's subplot titles (they sit just
    # above their plots, in the top margin; a 40 px margin put the title over them).
    figure.update_layout(height=220 * rows + 40, margin={"l": 10, "r": 10, "t": 80, "b": 10},
                         title={"text": f"{group.symbol}: the first {count} invariant functions",
                                "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}})
    return figure
