"""A picture of a space-group orbifold: the asymmetric unit with its face gluing, mirror
boundary and singular graph (pure plotly)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..orbifolds import SpaceOrbifold
from ._template import new_figure

# Singular edges by rotation order (Okabe-Ito colours: none is the red or blue of the
# isosurfaces, nor the blue of the symmetry-element axes).
SINGULAR_COLOURS = {2: "#e69f00", 3: "#009e73", 4: "#cc79a7", 6: "#7f3b08"}
# Glued face pairs (light, so that the singular edges stand out) and the mirror boundary.
PAIR_COLOURS = ("#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
                "#f2f2f2", "#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4", "#e6f5c9", "#fff2ae")
MIRROR_COLOUR = "#9e9e9e"
#: Font size (px) of the vertex labels, and the scene size (px) their room is judged at (a
#: phone's: on a wider screen the labels only have more room).
VERTEX_FONT = 15
LABEL_SCENE_PX = 320
_POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right",
              "top left", "bottom right", "bottom left")


def _screen(points: np.ndarray, eye: dict, extent: np.ndarray) -> np.ndarray:
    """Approximate pixel positions (x right, y up) of Cartesian ``points`` in a scene of
    ``LABEL_SCENE_PX`` showing ``extent`` (fitted_scene's aspect: longest side 1) from
    ``eye`` (plotly's camera: perspective, up z, looking at the centre)."""
    lo, hi = extent.min(axis=0), extent.max(axis=0)
    unit = (np.asarray(points, float) - (lo + hi) / 2) / max(float(np.max(hi - lo)), 1e-12)
    eye_at = np.array([eye["x"], eye["y"], eye["z"]], float)
    forward = -eye_at / np.linalg.norm(eye_at)
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    relative = unit - eye_at
    depth = relative @ forward
    # plotly's field of view: the scene's height spans 2 tan(fov / 2) at depth 1 (fov 45 deg).
    scale = LABEL_SCENE_PX / 2 / np.tan(np.pi / 8)
    return np.column_stack([relative @ right, relative @ up]) / depth[:, None] * scale


def label_positions(points: np.ndarray, labels: list[str], eye: dict,
                    extent: np.ndarray) -> list[str | None]:
    """A plotly ``textposition`` for each label at Cartesian ``points`` such that no two
    labels (nor a label and another point's marker) overlap in the default view at a
    phone's scene size, or None for a label that finds no room (it is left to hover).
    Labels are placed in order (the first gets the first free position of
    ``_POSITIONS``); an empty label takes no room and gets None.

    Examples:
        >>> eye = {"x": 1.45, "y": 1.45, "z": 1.0}
        >>> box = np.array([[0, 0, 0], [1, 1, 1.0]])
        >>> label_positions(np.array([[0, 0, 0], [1, 1, 1.0]]), ["m-3m", "-43m"], eye, box)
        ['top center', 'top center']
        >>> label_positions(np.array([[0, 0, 0], [0, 0, 0.001]]), ["m-3m", "-43m"], eye, box)
        ['bottom center', 'top center']
    """
    if not len(labels):
        return []
    xy = _screen(points, eye, extent)
    height, marker = VERTEX_FONT + 2, 4.0
    taken: list[tuple[float, float, float, float]] = [
        (x - marker, y - marker, x + marker, y + marker) for x, y in xy]
    places: list[str | None] = []
    for (x, y), label in zip(xy, labels):
        if not label:
            places.append(None)
            continue
        width = 0.62 * VERTEX_FONT * len(label) + 2
        for place in _POSITIONS:
            vertical, horizontal = place.split()
            dy = {"top": marker + height / 2, "bottom": -marker - height / 2, "middle": 0.0}[vertical]
            dx = {"right": marker + width / 2, "left": -marker - width / 2, "center": 0.0}[horizontal]
            box = (x + dx - width / 2, y + dy - height / 2, x + dx + width / 2, y + dy + height / 2)
            own = (x - marker, y - marker, x + marker, y + marker)
            if not any(_overlap(box, other) for other in taken if other != own):
                taken.append(box)
                places.append(place)
                break
        else:
            places.append(None)
    return places


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def fitted_scene(points: np.ndarray) -> dict:
    """Scene settings that show ``points`` (n, 3) whole at their true proportions.

    plotly's ``aspectmode="data"`` scales the box to unit geometric mean, so a flat box (an
    asymmetric unit a quarter of the cell thick) gets sides of 1.7 and the default camera,
    1.25 away, sits inside it; here the longest side is 1 instead, and the camera is far
    enough (2.3 box lengths) that the tick labels of a cell seen from its corner stay inside
    the figure."""
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    points = points[np.isfinite(points).all(axis=1)]
    span = np.ptp(points, axis=0) if len(points) else np.ones(3)
    span = np.maximum(span, 1e-3 * max(span.max(), 1e-12))
    ratio = span / span.max()
    return {"aspectmode": "manual",
            "aspectratio": {"x": float(ratio[0]), "y": float(ratio[1]), "z": float(ratio[2])},
            "camera": {"eye": {"x": 1.45, "y": 1.45, "z": 1.0}},
            "xaxis_title": "x", "yaxis_title": "y", "zaxis_title": "z"}


def _fan(polygons: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and fan triangles of convex polygons."""
    vertices, triangles = [], []
    start = 0
    for poly in polygons:
        vertices.append(poly)
        triangles += [(start, start + k, start + k + 1) for k in range(1, len(poly) - 1)]
        start += len(poly)
    return np.concatenate(vertices), np.array(triangles, dtype=np.int64).reshape(-1, 3)


def _lines(segments: list[np.ndarray]) -> tuple[list, list, list]:
    xs, ys, zs = [], [], []
    for seg in segments:
        for p in seg:
            xs.append(float(p[0]))
            ys.append(float(p[1]))
            zs.append(float(p[2]))
        xs.append(None)
        ys.append(None)
        zs.append(None)
    return xs, ys, zs


def plot_space_orbifold(orbifold: SpaceOrbifold, lattice=None, template=None) -> go.Figure:
    """The orbifold of a space group drawn on its asymmetric unit (Cartesian, default lattice).

    Faces are coloured by gluing pair, with the gluing operation on hover; mirror faces (the
    orbifold's boundary) are grey; singular edges are coloured by rotation order; singular
    vertices are labelled with their point group.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Examples:
        >>> from sgexplore.orbifolds import orbifold
        >>> figure = plot_space_orbifold(orbifold("Fm-3m"))
        >>> sorted({t.name for t in figure.data})[:3]
        ['2-fold singular edges', '3-fold singular edges', '4-fold singular edges']
    """
    group = orbifold.group
    matrix = np.asarray(getattr(lattice, "matrix", lattice) if lattice is not None
                        else group.default_lattice.matrix, dtype=float)

    def cart(points) -> np.ndarray:
        return np.array([[float(c) for c in p] for p in points]) @ matrix.T

    traces: list = []
    mirrors = [cart(f.vertices) for f in orbifold.faces if f.kind == "mirror"]
    if mirrors:
        v, t = _fan(mirrors)
        traces.append(go.Mesh3d(x=v[:, 0], y=v[:, 1], z=v[:, 2], i=t[:, 0], j=t[:, 1], k=t[:, 2],
                                color=MIRROR_COLOUR, opacity=0.55, name="mirror faces (boundary)",
                                showlegend=True, hoverinfo="text",
                                hovertext="mirror face: orbifold boundary"))
    pair = 0
    for i, face in enumerate(orbifold.faces):
        if face.kind == "mirror" or face.partner < i:
            continue
        members = [face] if face.partner == i else [face, orbifold.faces[face.partner]]
        v, t = _fan([cart(f.vertices) for f in members])
        if face.kind == "folded":
            text = f"folded onto itself by {face.operation} ({face.symbol})"
            name = f"pair {pair + 1}: folded ({face.symbol})"
        else:
            back = orbifold.faces[face.partner]
            text = (f"glued to its partner by {face.operation} ({face.symbol}); "
                    f"back by {back.operation}")
            name = f"pair {pair + 1}: glued ({face.symbol})"
        traces.append(go.Mesh3d(x=v[:, 0], y=v[:, 1], z=v[:, 2], i=t[:, 0], j=t[:, 1], k=t[:, 2],
                                color=PAIR_COLOURS[pair % len(PAIR_COLOURS)], opacity=0.7, name=name,
                                showlegend=True, hoverinfo="text", hovertext=text))
        pair += 1
    outline = [cart([f.vertices[k], f.vertices[(k + 1) % len(f.vertices)]])
               for f in orbifold.faces for k in range(len(f.vertices))]
    xs, ys, zs = _lines(outline)
    traces.append(go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", name="face edges",
                               line={"color": "#444444", "width": 2}, hoverinfo="skip"))
    for order in sorted({e.order for e in orbifold.singular_edges}):
        edges = [e for e in orbifold.singular_edges if e.order == order]
        segments = [cart(s) for e in edges for s in e.segments]
        labels = [f"{e.local_group.hermann_mauguin} ({e.local_group.schoenflies})"
                  for e in edges for s in e.segments for _ in range(3)]
        xs, ys, zs = _lines(segments)
        traces.append(go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", name=f"{order}-fold singular edges",
                                   line={"color": SINGULAR_COLOURS[order], "width": 9},
                                   text=labels, hoverinfo="text"))
    if orbifold.singular_vertices:
        # A marker at every point of each singular vertex's class; the vertex's label at the
        # first of them where it has room in the default view (each point names it on hover).
        points = [(p, v) for v in orbifold.singular_vertices for p in v.points]
        xyz = cart([p for p, _ in points])
        names = [v.local_group.hermann_mauguin for _, v in points]
        first = [i == next(j for j, (_, w) in enumerate(points) if w is v)
                 for i, (_, v) in enumerate(points)]
        eye = fitted_scene(xyz)["camera"]["eye"]
        places = label_positions(xyz, [n if f else "" for n, f in zip(names, first)], eye,
                                 cart(orbifold.vertices.tolist()))
        traces.append(go.Scatter3d(
            x=xyz[:, 0], y=xyz[:, 1], z=xyz[:, 2], mode="markers+text", name="singular vertices",
            text=[n if f and p else "" for n, f, p in zip(names, first, places)],
            textposition=[p or "top center" for p in places],
            hovertext=[f"{v.local_group.hermann_mauguin} / {v.local_group.schoenflies}, order "
                       f"{v.local_group.order}" for _, v in points], hoverinfo="text",
            marker={"size": 6, "color": "black"},
            textfont={"size": VERTEX_FONT, "color": "#111111"}))
    chi = orbifold.euler_characteristic
    figure = new_figure(traces, template)
    figure.update_layout(
        # Short lines: one would be cut on a phone.
        title=f"{group.symbol} (No. {group.number}): orbifold<br>chi = {chi}, "
              f"{'Sohncke' if orbifold.sohncke else 'not Sohncke'},<br>"
              f"{orbifold.boundaries} boundary component{'s' if orbifold.boundaries != 1 else ''}",
        height=650, scene=fitted_scene(cart(orbifold.vertices.tolist())),
        # The legend below the scene, so that the scene has the figure's whole width.
        margin={"l": 0, "r": 0, "t": 90, "b": 0},
        legend={"itemsizing": "constant", "orientation": "h", "y": 0, "yanchor": "top"},
    )
    return figure
