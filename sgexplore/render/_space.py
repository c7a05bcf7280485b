"""3D figures: the orbifold surface of a plane group, and the asymmetric unit of a space group
with its singular set."""

from __future__ import annotations

import itertools
import textwrap

import numpy as np
import plotly.graph_objects as go
from scipy.spatial import ConvexHull

from ..groups import SgexploreError, SpaceGroup
from ..orbifolds import Orbifold, orbifold_embedding
from ._orbifold3d import fitted_scene
from ._plane import MIRROR_COLOUR
from ._template import BARE, new_figure

TITLE_WIDTH = 56  # characters a small (sup) title line holds on a 400 px phone
AXIS_COLOURS = {2: "#2c7fb8", 3: "#31a354", 4: "#e6550d", 6: "#756bb1"}
SCREW_COLOUR = "#7f7f7f"
# (colour, opacity) of translucent surfaces.
GLIDE_PLANE_STYLE = ("rgb(192, 57, 43)", 0.18)
MIRROR_PLANE_STYLE = ("rgb(31, 59, 115)", 0.25)
ASU_STYLE = ("rgb(255, 183, 77)", 0.55)
# Positive and negative isosurfaces, and the axes drawn with them (Okabe-Ito: far from both).
ISOSURFACE_COLOURS = ("#c0392b", "#2c7fb8")
ISOSURFACE_AXIS_COLOURS = {2: "#e69f00", 3: "#009e73", 4: "#cc79a7", 6: "#7f3b08"}


def _domain_mesh(vertices: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Points (P, 2) and triangles (T, 3) covering a convex polygon: a fan from the centroid,
    each fan triangle subdivided ``resolution`` times along each side."""
    centre = vertices.mean(axis=0)
    points, triangles, n = [], [], resolution
    for a, b in zip(vertices, np.roll(vertices, -1, axis=0)):
        base = len(points)
        index = {}
        for i in range(n + 1):
            for j in range(n + 1 - i):
                index[i, j] = base + len(index)
                points.append(centre + i / n * (a - centre) + j / n * (b - centre))
        for i in range(n):
            for j in range(n - i):
                triangles.append((index[i, j], index[i + 1, j], index[i, j + 1]))
                if i + j < n - 1:
                    triangles.append((index[i + 1, j], index[i + 1, j + 1], index[i, j + 1]))
    return np.array(points), np.array(triangles)


def _position_colours(points: np.ndarray) -> list[str]:
    """A colour for each point from its position in the domain (hue by angle about the
    centroid, lightness by distance), so that matching colours on the surface show where
    each part of the domain went."""
    centred = points - points.mean(axis=0)
    angle = (np.arctan2(centred[:, 1], centred[:, 0]) + np.pi) / (2 * np.pi)
    radius = np.linalg.norm(centred, axis=1)
    radius = radius / max(radius.max(), 1e-12)
    rgb = 0.5 + 0.5 * np.cos(2 * np.pi * (angle[:, None] - np.array([0, 1 / 3, 2 / 3])))
    rgb = (1 - 0.55 * radius[:, None]) * 0.9 + 0.55 * radius[:, None] * rgb
    return [f"rgb({r:.0f},{g:.0f},{b:.0f})" for r, g, b in 255 * np.clip(rgb, 0, 1)]


def plot_orbifold_surface(orbifold: Orbifold, resolution: int = 24, template=None) -> go.Figure:
    """The orbifold as a surface in 3D: the fundamental domain mapped by
    ``orbifold_embedding``, coloured by position in the domain, with the mirror boundary
    drawn thick and cone points and corner reflectors labelled with their orders. For the
    Klein bottle (pg) and 22x (pgg), which cannot embed in R^3, the title says that the
    picture is a self-intersecting projection.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore.orbifolds import orbifold
        >>> figure = plot_orbifold_surface(orbifold("p2"), resolution=4)
        >>> figure.data[0].type, figure.layout.title.text.split(":")[0]
        ('mesh3d', 'p2 = 2222')
    """
    group = orbifold.group
    embedding = orbifold_embedding(group, 3)
    points, triangles = _domain_mesh(orbifold.vertices, resolution)
    xyz = embedding(points)
    traces = [go.Mesh3d(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], i=triangles[:, 0],
                        j=triangles[:, 1], k=triangles[:, 2], vertexcolor=_position_colours(points),
                        name="orbifold", flatshading=False, hoverinfo="name",
                        lighting={"ambient": 0.65, "diffuse": 0.6, "specular": 0.1})]
    mirror = [np.linspace(e.start, e.end, 4 * resolution) for e in orbifold.edges if e.kind == "mirror"]
    if mirror:
        pieces = [embedding(m) for m in mirror]
        line = [[v for piece in pieces for v in [*piece[:, i].tolist(), None]] for i in range(3)]
        traces.append(go.Scatter3d(x=line[0], y=line[1], z=line[2], mode="lines",
                                   name="mirror boundary", line={"color": MIRROR_COLOUR, "width": 8}))
    for kind, records, symbol in (("cone points", orbifold.cone_points, "circle"),
                                  ("corner reflectors", orbifold.corner_reflectors, "square")):
        if records:
            where = embedding(np.array([p for p, _ in records]))
            prefix = "*" if kind == "corner reflectors" else ""
            traces.append(go.Scatter3d(
                x=where[:, 0], y=where[:, 1], z=where[:, 2], mode="markers+text", name=kind,
                text=[f"{prefix}{n}" for _, n in records], textposition="top center",
                marker={"symbol": symbol, "size": 6, "color": "black"}))
    figure = new_figure(traces, template)
    # The note wrapped in short lines: in one line a phone cut it ("cannot embed in R^").
    lines = textwrap.wrap(embedding.note, TITLE_WIDTH, break_on_hyphens=False)
    figure.update_layout(
        title={"text": f"{group.symbol} = {orbifold.conway}:"
                       + "".join(f"<br><sup>{line}</sup>" for line in lines)},
        scene={"aspectmode": "data", "xaxis_title": embedding.labels[0],
               "yaxis_title": embedding.labels[1], "zaxis_title": embedding.labels[2]},
        margin={"l": 0, "r": 0, "t": 40 + 16 * len(lines), "b": 0}, legend={"itemsizing": "constant"},
    )
    return figure


def _polygon_mesh(polygons: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and fan triangles of several convex polygons, as one mesh."""
    vertices, triangles = [], []
    for polygon in polygons:
        base = sum(len(v) for v in vertices)
        vertices.append(polygon)
        triangles.extend((base, base + i, base + i + 1) for i in range(1, len(polygon) - 1))
    return np.concatenate(vertices), np.array(triangles)


def segments_trace(segments: np.ndarray, name: str, colour: str, width: float,
                   dash: str = "solid", text: list[str] | None = None) -> go.Scatter3d:
    """One 3D line trace drawing every segment (S, 2, 3) (shared by the space figures)."""
    # None (not NaN) separates the segments of one trace.
    coords = [[v for a, b in segments for v in (a[i], b[i], None)] for i in range(3)]
    hover = None if text is None else [t for t in text for _ in range(3)]
    return go.Scatter3d(x=coords[0], y=coords[1], z=coords[2], mode="lines", name=name,
                        line={"color": colour, "width": width, "dash": dash}, text=hover,
                        hoverinfo="name+text" if text else "name")


def _clip_segments(segments: np.ndarray, equations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The parts (S', 2, 3) of segments inside a convex polyhedron {x : A x + b <= 0}
    (``equations`` rows [A | b], fractional), and which segments keep a part (S,)."""
    kept, parts = [], []
    for a, b in segments:
        d = b - a
        low, high = 0.0, 1.0
        for row in equations:
            slope, value = row[:3] @ d, row[:3] @ a + row[3]
            if abs(slope) < 1e-12:
                if value > 1e-9:
                    low, high = 1.0, 0.0
                continue
            bound = -value / slope
            low, high = (max(low, bound), high) if slope < 0 else (low, min(high, bound))
        kept.append(high - low > 1e-6)
        if kept[-1]:
            parts.append([a + low * d, a + high * d])
    return np.array(parts, dtype=float).reshape(-1, 2, 3), np.array(kept, dtype=bool)


def _clip_polygon(polygon: np.ndarray, equations: np.ndarray) -> np.ndarray:
    """A convex polygon cut to the convex polyhedron {A x + b <= 0} (Sutherland-Hodgman)."""
    points = list(polygon)
    for row in equations:
        if not points:
            break
        out = []
        for p, q in zip(points, points[1:] + points[:1]):
            vp, vq = row[:3] @ p + row[3], row[:3] @ q + row[3]
            if vp <= 1e-9:
                out.append(p)
            if (vp < -1e-9 < vq) or (vq < -1e-9 < vp):
                out.append(p + vp / (vp - vq) * (q - p))
        points = out
    return np.array(points, dtype=float).reshape(-1, 3)


CELL_EDGES = np.array([[a, b] for a, b in itertools.combinations(itertools.product((0, 1), repeat=3), 2)
                       if sum(x != y for x, y in zip(a, b)) == 1], dtype=float)


def plot_asymmetric_unit(group: SpaceGroup, lattice=None, template=None,
                         within_asymmetric_unit: bool = False) -> go.Figure:
    """The asymmetric unit of a space group as a polyhedron inside its unit cell (default
    lattice, Cartesian), with the singular set of the orbifold: rotation axes coloured by
    order, mirror planes, inversion centres and rotoinversion points; screw axes (dashed)
    and glide planes (pale red) are drawn as the non-singular elements they are. All are
    clipped to the cell, or with ``within_asymmetric_unit`` to the asymmetric unit (and the
    view fitted to it): what meets it is what its corners and edges are made of, readable
    where the whole cell's elements fill the picture (Fm-3m). ``lattice`` (a ``Lattice`` or
    vectors as columns) defaults to the group's default lattice.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore import space_group
        >>> figure = plot_asymmetric_unit(space_group("P4/mmm"))
        >>> sorted(t.name for t in figure.data)[:3]
        ['2-fold axes', '4-fold axes', 'asymmetric unit']
    """
    matrix = np.asarray(getattr(lattice, "matrix", lattice) if lattice is not None
                        else group.default_lattice.matrix, dtype=float)
    cart = lambda p: np.asarray(p, dtype=float) @ matrix.T  # noqa: E731
    elements = group.cell_elements
    asu = cart(group.fundamental_domain.vertices)
    hull = ConvexHull(asu)
    segments, polygons = elements.axis_segments, list(elements.plane_polygons)
    orders, screw_symbols = elements.axis_orders, elements.axis_screws
    inversions, rotoinversions = elements.inversion_centres, elements.rotoinversion_points
    roto_symbols = list(elements.rotoinversion_symbols)
    if within_asymmetric_unit:
        equations = ConvexHull(np.asarray(group.fundamental_domain.vertices, dtype=float)).equations
        # The asymmetric unit may reach out of the cell: its neighbours' elements count too.
        shifts = np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=3)))
        n_shifts = len(shifts)
        segments, kept = _clip_segments(
            (segments[None] + shifts[:, None, None, :]).reshape(-1, 2, 3), equations)
        orders = np.tile(orders, n_shifts)[kept]
        screw_symbols = tuple(np.tile(np.array(screw_symbols, dtype=object), n_shifts)[kept])
        cut = [_clip_polygon(p + shift, equations) for shift in shifts for p in polygons]
        plane_kept = np.array([len(c) >= 3 and np.ptp(c, axis=0).max() > 1e-6 for c in cut], dtype=bool)
        polygons = [c for c, k in zip(cut, plane_kept) if k]
        plane_mirror = np.tile(elements.plane_mirror, n_shifts)[plane_kept] if len(cut) else elements.plane_mirror
        inside = lambda p: np.all(p @ equations[:, :3].T + equations[:, 3] <= 1e-9, axis=1)  # noqa: E731

        def points_inside(points, symbols):
            moved = (points[None] + shifts[:, None, :]).reshape(-1, 3)
            labels = [label for _ in shifts for label in symbols]
            keep = np.flatnonzero(inside(moved)) if len(moved) else np.zeros(0, dtype=int)
            # A centre on a cell face is in two cells: once is enough.
            _, first = np.unique(np.round(moved[keep], 7), axis=0, return_index=True)
            chosen = keep[np.sort(first)]
            return moved[chosen].reshape(-1, 3), [labels[i] for i in chosen]

        inversions, _ = points_inside(inversions, ["-1"] * len(inversions))
        rotoinversions, roto_symbols = points_inside(rotoinversions, roto_symbols)
    else:
        plane_mirror = elements.plane_mirror
    traces: list = [
        go.Mesh3d(x=asu[:, 0], y=asu[:, 1], z=asu[:, 2], i=hull.simplices[:, 0],
                  j=hull.simplices[:, 1], k=hull.simplices[:, 2], color=ASU_STYLE[0],
                  opacity=ASU_STYLE[1], name="asymmetric unit", showlegend=True, hoverinfo="name"),
        segments_trace(cart(CELL_EDGES), "unit cell", "black", 2),
    ]
    for order in sorted(set(orders.tolist()) - {1}):
        chosen = orders == order
        traces.append(segments_trace(cart(segments[chosen]), f"{order}-fold axes",
                                      AXIS_COLOURS[order], 7))
    screws = np.array([bool(s) for s in screw_symbols], dtype=bool)
    if screws.any():
        labels = [s for s in screw_symbols if s]
        traces.append(segments_trace(cart(segments[screws]), "screw axes",
                                      SCREW_COLOUR, 3, "dash", labels))
    for mirror, name, (colour, opacity) in ((True, "mirror planes", MIRROR_PLANE_STYLE),
                                            (False, "glide planes", GLIDE_PLANE_STYLE)):
        chosen_polygons = [cart(p) for p, m in zip(polygons, plane_mirror) if m == mirror]
        if chosen_polygons:
            v, t = _polygon_mesh(chosen_polygons)
            traces.append(go.Mesh3d(x=v[:, 0], y=v[:, 1], z=v[:, 2], i=t[:, 0], j=t[:, 1], k=t[:, 2],
                                    color=colour, opacity=opacity, name=name,
                                    showlegend=True, hoverinfo="name"))
    for points, name, symbol, text in (
            (inversions, "inversion centres", "circle-open", None),
            (rotoinversions, "rotoinversion points", "diamond", roto_symbols)):
        if len(points):
            xyz = cart(points)
            traces.append(go.Scatter3d(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2],
                                       mode="markers+text" if text else "markers", name=name,
                                       text=text, marker={"symbol": symbol, "size": 5, "color": "black"}))
    if within_asymmetric_unit:
        traces = [t for t in traces if t.name != "unit cell"]
    figure = new_figure(traces, template)
    figure.update_layout(
        title=f"{group.symbol} (No. {group.number}): asymmetric unit "
              f"({group.fundamental_domain.measure:.4g} of the cell) and symmetry elements",
        scene=fitted_scene(asu if within_asymmetric_unit else cart(CELL_EDGES.reshape(-1, 3))),
        margin={"l": 0, "r": 0, "t": 50, "b": 0}, legend={"itemsizing": "constant"},
    )
    return figure


def isosurface_mesh(values: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Marching-cubes surface {f = level} of a periodic field on the fractional grid
    x_j = j / shape: vertices (V, 3) in fractional coordinates of one closed cell and
    triangles (T, 3). The grid is wrapped by one sample so the surface closes at the faces."""
    from skimage.measure import marching_cubes

    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 3:
        raise SgexploreError(f"expected a 3D grid, got shape {values.shape}")
    if not values.min() < level < values.max():
        return np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64)
    wrapped = np.pad(values, [(0, 1)] * 3, mode="wrap")
    vertices, faces, _, _ = marching_cubes(wrapped, level=level)
    return vertices / np.array(values.shape), faces.astype(np.int64)


def plot_isosurfaces(group: SpaceGroup, values: np.ndarray, fraction: float = 0.5,
                     lattice=None, title: str = "", template=None) -> go.Figure:
    """Isosurfaces f = +-fraction * max|f| of an invariant function on the unit cell
    (computed here by marching cubes and sent as meshes), with the cell, the asymmetric unit
    and the symmetry elements of ``plot_asymmetric_unit``.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore import space_group, invariant_basis
        >>> g = space_group("Pm-3m")
        >>> f = invariant_basis(g, n=3).on_grid((16, 16, 16))[..., 2]
        >>> [t.name for t in plot_isosurfaces(g, f).data][:2]
        ['f = +0.5 max|f|', 'f = -0.5 max|f|']
    """
    if not 0 < fraction < 1:
        raise SgexploreError(f"fraction must be between 0 and 1, got {fraction}")
    matrix = (group.default_lattice if lattice is None else group.check_lattice(lattice)).matrix
    values = np.asarray(values, dtype=np.float64)
    bound = float(np.abs(values).max())
    traces = []
    for sign, colour in zip((1, -1), ISOSURFACE_COLOURS):
        vertices, faces = isosurface_mesh(values, sign * fraction * bound)
        xyz = vertices @ matrix.T
        traces.append(go.Mesh3d(x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], i=faces[:, 0], j=faces[:, 1],
                                k=faces[:, 2], color=colour, opacity=0.75, showlegend=True,
                                name=f"f = {'+' if sign > 0 else '-'}{fraction:g} max|f|",
                                flatshading=False, hoverinfo="name"))
    # Only the context's traces are kept: its figure's layout (and template) is dropped.
    context = plot_asymmetric_unit(group, matrix, template=BARE)
    # Every kind of element the group has (axes, screws, mirror and glide planes, inversion
    # centres, rotoinversion points) and the asymmetric unit.
    shown = list(context.data)
    for trace in shown:
        if trace.name == "unit cell":
            continue
        # The asymmetric unit and the axes would hide the function: they start hidden, one
        # legend group, so that one click on any of them shows them all.
        trace.update(visible="legendonly", legendgroup="symmetry elements",
                     legendgrouptitle_text="symmetry elements (click)")
        order = trace.name.split("-fold")[0]
        if order.isdigit():  # the isosurfaces' red and blue are not axis colours here
            trace.line.color = ISOSURFACE_AXIS_COLOURS[int(order)]
    figure = new_figure(traces + shown, template)
    figure.update_layout(title=title or f"{group.symbol}: isosurfaces", scene={"aspectmode": "data"},
                         height=650, margin={"l": 0, "r": 0, "t": 50, "b": 0},
                         legend={"itemsizing": "constant", "groupclick": "togglegroup"},
                         uirevision="isosurfaces")
    return figure


def _plane_matrix(matrix: np.ndarray, axis: int) -> np.ndarray:
    """(2, 2) Cartesian vectors (columns) of the two lattice vectors other than ``axis``,
    in an orthonormal frame of the plane they span (the first along the x axis)."""
    a, b = (np.asarray(matrix, dtype=float)[:, i] for i in range(3) if i != axis)
    e1 = a / np.linalg.norm(a)
    e2 = b - (b @ e1) * e1
    e2 /= np.linalg.norm(e2)
    return np.array([[np.linalg.norm(a), b @ e1], [0.0, b @ e2]])


def plot_slice(values: np.ndarray, axis: int = 2, index: int = 0, title: str = "",
               lattice=None, pixels: int = 240, template=None) -> go.Figure:
    """The slice x_axis = index / n of a 3D grid as a heatmap. Without ``lattice`` in the
    other two fractional coordinates; with one (a ``Lattice`` or vectors as columns) in
    Cartesian coordinates of the slice plane (resampled to ``pixels`` a side, periodic),
    with the cell's parallelogram drawn, so that hexagonal and monoclinic cells look as
    they are.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> plot_slice(np.zeros((4, 4, 4)), axis=0, index=1).data[0].type
        'heatmap'
    """
    from ._fields import cartesian_field

    values = np.asarray(values)
    if axis not in (0, 1, 2) or not 0 <= index < values.shape[axis]:
        raise SgexploreError(f"no slice {index} along axis {axis} of a grid of shape {values.shape}")
    plane = np.take(values, index, axis=axis)
    names = [n for i, n in enumerate("xyz") if i != axis]
    bound = float(np.abs(plane).max()) or 1.0
    style = {"colorscale": "RdBu_r", "zmid": 0, "zmin": -bound, "zmax": bound, "name": "slice"}
    traces: list = []
    if lattice is None:
        coords = [np.arange(n) / n for i, n in enumerate(values.shape) if i != axis]
        traces.append(go.Heatmap(x=coords[0], y=coords[1], z=plane.T.astype(np.float32), **style))
        labels = names
    else:
        matrix2 = _plane_matrix(getattr(lattice, "matrix", lattice), axis)
        if abs(matrix2[0, 1]) < 1e-9 * matrix2[0, 0]:  # a rectangle: the grid as it is
            xs, ys = (np.arange(n) / n * matrix2[i, i] for i, n in enumerate(plane.shape))
            z = plane.T
        else:  # an oblique cell (hexagonal, monoclinic): resampled on a Cartesian grid
            frame = type("PlaneLattice", (), {"matrix": matrix2})()
            xs, ys, z = cartesian_field(plane, frame, 1, pixels)
        traces.append(go.Heatmap(x=xs, y=ys, z=np.asarray(z).astype(np.float32), **style))
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float) @ matrix2.T
        traces.append(go.Scatter(x=corners[:, 0], y=corners[:, 1], mode="lines", name="unit cell",
                                 line={"color": "black", "width": 2}, hoverinfo="skip",
                                 showlegend=False))
        labels = [f"along {names[0]} (Cartesian)",
                  f"perpendicular to {names[0]}, towards {names[1]} (Cartesian)"]
    figure = new_figure(traces, template)
    figure.update_layout(title=title or f"{'xyz'[axis]} = {index / values.shape[axis]:.3f}",
                         xaxis_title=labels[0], yaxis_title=labels[1],
                         yaxis={"scaleanchor": "x"}, margin={"l": 40, "r": 10, "t": 40, "b": 40})
    return figure
