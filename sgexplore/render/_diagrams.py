"""General-position diagrams as the International Tables draw them: the orbit of a point as
circles, a comma inside the circle for a mirror image (det R = -1), over the symmetry
elements of a plane group, or, for a space group, projected along c with its heights."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import plotly.graph_objects as go

from ..groups import DENOMINATOR, CrystallographicGroup, Lattice, SgexploreError
from ..groups._symmetry import primitive_direction
from ._plane import CENTRE_MARKERS, GLIDE_COLOUR, MIRROR_COLOUR, lines_trace, plot_symmetry_elements
from ._template import BARE, new_figure

# A point in general position for the default diagrams, near the origin like ITA's.
GENERAL_POINT_2D = (0.16, 0.07)
GENERAL_POINT_3D = (0.16, 0.07, 0.11)
POINT_COLOUR = "#1a1a1a"
MAX_HEIGHT_LABELS = 48
PROPER_NAME = "general position (det R = +1)"
IMPROPER_NAME = "mirror images (det R = -1): \u25cb,"


@dataclass(frozen=True)
class OrbitPoints:
    """The distinct images of a point in the unit cell, each with the first operation
    (in the group's order) that produces it.

    Attributes:
        points: (m, d) float64 fractional images reduced into [0, 1).
        operations: (m,) int64 index into ``group.operations`` of the producing operation.
        improper: (m,) bool whether that operation has det R = -1 (a mirror image).
        heights: (m,) str ITA's height label of each image for a space group (``"+"``,
            ``"-"``, ``"1/2+"``, or the image's z coordinate, e.g. ``"x+1/4"``, when its z
            depends on x or y); empty for plane groups.
    """

    points: np.ndarray
    operations: np.ndarray
    improper: np.ndarray
    heights: tuple[str, ...]


def _height_label(rotation: np.ndarray, numerator: int, xyz: str) -> str:
    row = rotation[2]
    if row[0] == 0 and row[1] == 0 and abs(row[2]) == 1:
        sign = "+" if row[2] > 0 else "-"
        return (str(Fraction(int(numerator), DENOMINATOR)) if numerator else "") + sign
    return xyz.split(",")[2]


def orbit_points(group: CrystallographicGroup, point, tolerance: float = 1e-6) -> OrbitPoints:
    """The orbit of ``point`` in the cell as the diagram shows it.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> orbit = orbit_points(wallpaper_group("pm"), (0.2, 0.3))
        >>> orbit.points.round(2).tolist(), orbit.improper.tolist()
        ([[0.2, 0.3], [0.8, 0.3]], [False, True])
    """
    x = np.asarray(point, dtype=float)
    if x.shape != (group.dim,) or not np.all(np.isfinite(x)):
        raise SgexploreError(f"a point of {group.symbol} is {group.dim} finite fractional "
                         f"coordinates, got {point!r}")
    images = np.mod(x @ np.transpose(group.rotations, (0, 2, 1)) + group.translations, 1.0)
    # Equal images modulo the lattice: pairwise differences close to integers.
    delta = images[:, None, :] - images[None, :, :]
    same = np.all(np.abs(delta - np.rint(delta)) < tolerance, axis=-1)
    kept = [i for i in range(len(images)) if not same[i, :i].any()]
    points = images[kept]
    points[np.abs(points - 1.0) < tolerance] = 0.0
    dets = np.rint(np.linalg.det(group.rotations[kept].astype(float))).astype(int)
    heights: tuple[str, ...] = ()
    if group.dim == 3:
        heights = tuple(_height_label(group.rotations[i], int(group.translation_numerators[i][2]),
                                      group.operations[i].xyz) for i in kept)
    return OrbitPoints(points, np.array(kept, dtype=np.int64), dets < 0, heights)


def diagram_plane_basis(group: CrystallographicGroup, lattice: Lattice | None = None) -> np.ndarray:
    """(2, 2) Cartesian columns of a and b in the general-position diagram (the projection along c of
    a space group keeps |a|, |b| and gamma, as ITA's diagrams do)."""
    lat = group.default_lattice if lattice is None else group.check_lattice(lattice)
    if group.dim == 2:
        return lat.matrix
    p = lat.parameters
    gamma = np.radians(p["gamma"])
    return np.array([[p["a"], p["b"] * np.cos(gamma)], [0.0, p["b"] * np.sin(gamma)]])


def _orbit_traces(group, orbit: OrbitPoints, basis: np.ndarray) -> list[go.Scatter]:
    xy = orbit.points[:, :2] @ basis.T
    numbers = [f"({int(i) + 1}) {group.operations[i].xyz}" for i in orbit.operations]
    own = list(orbit.heights) if orbit.heights else [""] * len(xy)
    labels = list(own)
    # Images that project onto one spot carry one joint label (ITA splits the circle).
    seen: dict[tuple, int] = {}
    for j, p in enumerate(np.round(xy, 6)):
        key = tuple(p)
        if key in seen and labels[j]:
            first = seen[key]
            labels[first] = f"{labels[first]} {labels[j]}{',' if orbit.improper[j] else ''}"
            labels[j] = ""
        else:
            seen.setdefault(key, j)
    traces = []
    for improper, name in ((False, PROPER_NAME), (True, IMPROPER_NAME)):
        mask = orbit.improper == improper
        index = np.flatnonzero(mask)
        traces.append(go.Scatter(
            x=xy[mask, 0], y=xy[mask, 1], mode="markers+text", name=name,
            # The comma inside the circle marks the mirror image; heights sit beside it.
            text=["," if improper else "" for _ in index],
            textposition="middle center", textfont={"size": 17, "color": POINT_COLOUR},
            marker={"symbol": "circle-open", "size": 16, "color": POINT_COLOUR,
                    "line": {"width": 1.5}},
            customdata=[[numbers[j], own[j]] for j in index],
            hovertemplate="%{customdata[0]}<br>height %{customdata[1]}<extra></extra>"
            if orbit.heights else "%{customdata[0]}<extra></extra>",
        ))
    if orbit.heights and _readable(orbit):
        keep = [j for j, label in enumerate(labels) if label]
        traces.append(go.Scatter(
            x=xy[keep, 0] + 0.035 * np.abs(basis).max(), y=xy[keep, 1] + 0.035 * np.abs(basis).max(),
            mode="text", name="heights (z)", text=[labels[j] for j in keep],
            textposition="top right", textfont={"size": 12, "color": "#444"},
            hoverinfo="skip", showlegend=False))
    return traces


def _readable(orbit: OrbitPoints) -> bool:
    """Whether height labels can be printed beside the circles: ITA's +/- labels (no
    coordinate mixes into z) and few enough points; otherwise (cubic groups, where ITA
    draws stereograms instead) the heights are in the hover text only."""
    return len(orbit.points) <= MAX_HEIGHT_LABELS and not any(
        ch in label for label in orbit.heights for ch in "xyz")


# ITA's line styles for planes seen edge-on (glide vector in the drawing plane, along the
# projection, diagonal, d, double) and its symbols for axes along the projection.
PLANE_STYLES = {"m": ("solid", 3), "ab": ("dash", 2), "c": ("dot", 2), "n": ("dashdot", 2),
                "d": ("longdashdot", 2), "e": ("6px,2px,2px,2px,2px,2px", 2)}
PLANE_WORDS = {"m": "mirror planes", "ab": "glide planes, glide in the drawing plane",
               "c": "glide planes, glide along c", "n": "n-glide planes (glide oblique or diagonal)",
               "d": "d-glide planes (diamond glide)", "e": "e-glide planes (double glide)"}
ROTOINVERSION_MARKERS = {"-3": "triangle-up-open-dot", "-4": "square-open-dot", "-6": "hexagon-open-dot"}
INVERSION_COLOUR = "#444444"
AXIS_IN_PLANE_COLOUR = "#1b7837"


def _fraction(value: float) -> Fraction:
    return Fraction(float(value)).limit_denominator(DENOMINATOR)


def _heights(values) -> str:
    return ", ".join(str(h) for h in sorted({_fraction(v) % 1 for v in values}))


def plane_glides(group) -> dict[tuple, set[tuple[Fraction, ...]]]:
    """For every plane of reflections of a space group (key: primitive normal, first nonzero
    entry positive, and offset n.x modulo 1), the glide vectors of its operations, each
    reduced modulo Z^3 into [0, 1)^3, together with their sums with the centring vectors
    lying in the plane (the same glide, another representative). A mirror has (0, 0, 0)."""
    numerators = np.rint(group.centring_translations * DENOMINATOR).astype(np.int64)
    shifts = np.array(list(itertools.product((0, 1), repeat=3)), dtype=np.int64) * DENOMINATOR
    glides: dict[tuple, set] = {}
    for op in group.operations:
        r = op.rotation.astype(np.int64)
        if round(np.linalg.det(r)) != -1 or not np.array_equal(r @ r, np.eye(3, dtype=np.int64)) \
                or np.array_equal(r, -np.eye(3, dtype=np.int64)):
            continue
        normal = primitive_direction(np.linalg.svd(r.T + np.eye(3))[2][-1])
        in_plane = [c for c in numerators if (normal @ c) % DENOMINATOR == 0]
        for shift in shifts:
            t = op.translation_numerator + shift  # (t + l) times DENOMINATOR
            twice_w = t + r @ t  # the glide vector, doubled
            offset = Fraction(int(normal @ t), 2 * DENOMINATOR) % 1
            glides.setdefault((tuple(int(v) for v in normal), offset), set()).update(
                tuple(Fraction(int(v), 2 * DENOMINATOR) % 1 for v in twice_w + 2 * c) for c in in_plane)
    return glides


def _glide_kind(vectors: set[tuple[Fraction, ...]], normal) -> str:
    """ITA's class of a plane from the representatives of its glide vectors: m with a zero
    one; e with two axial ones (half a lattice vector each, in two directions); d with
    quarters; for a plane perpendicular to c, "ab" (axial) or n (diagonal); for any other,
    "ab" when a glide lies in the drawing plane, c when one is along c, else n (oblique)."""
    if (0, 0, 0) in vectors:
        return "m"
    axial = {w for w in vectors if sum(v != 0 for v in w) == 1 and max(w) == Fraction(1, 2)}
    if len({tuple(v != 0 for v in w) for w in axial}) > 1:
        return "e"
    if any(v.denominator == 4 for w in vectors for v in w):
        return "d"
    if not any(normal[:2]):
        return "ab" if axial else "n"
    if any(w[2] == 0 for w in vectors):
        return "ab"
    if any(w[0] == w[1] == 0 for w in vectors):
        return "c"
    return "n"


def _plane_key(normal: np.ndarray, offset: float) -> tuple:
    n = np.asarray(normal, dtype=np.int64)
    if n[np.flatnonzero(n)[0]] < 0:
        n, offset = -n, -offset
    return tuple(int(v) for v in n), _fraction(offset) % 1


def _meta(kind: str, records: list) -> dict:
    return {"kind": kind, "elements": records}


def _space_elements(group, basis: np.ndarray) -> list[go.Scatter]:
    """Every symmetry element of ``group.cell_elements`` in the projection along c, in
    ITA's symbols: axes along c by their symbols (rotations filled, screws open and named),
    rotoinversion points, inversion centres (small circles, heights beside them), planes
    containing c as lines in ITA's styles (mirror solid, glide dashed / dotted / dash-dot by
    glide vector), planes perpendicular to c listed with their heights in the corner, axes
    perpendicular to c as lines with their heights, and elements inclined to c (cubic and
    some trigonal groups) as their projections, hidden until clicked. Every trace carries
    ``meta``: the elements it draws in fractional coordinates (what the tests check)."""
    elements = group.cell_elements
    cart = lambda p: np.asarray(p, dtype=float)[..., :2] @ basis.T  # noqa: E731
    traces: list[go.Scatter] = []
    directions = elements.axis_segments[:, 1] - elements.axis_segments[:, 0]
    along_c = np.all(np.abs(directions[:, :2]) < 1e-9, axis=1)
    flat = np.abs(directions[:, 2]) < 1e-9
    # An axis is named by its highest-order element: 4_2 on an axis whose pure rotation
    # is 2, 6_3 where it is 3; pure rotations filled, screws open (as in ITA's symbols).
    kinds: dict[str, list[int]] = {}
    for i in np.flatnonzero(along_c):
        order, screw = int(elements.axis_orders[i]), elements.axis_screws[i]
        symbol = screw if screw and int(screw.split("_")[0]) > order else str(order)
        if symbol != "1":
            kinds.setdefault(symbol, []).append(int(i))
    for symbol in sorted(kinds):
        order = int(symbol.split("_")[0])
        screw = "_" in symbol
        segments = elements.axis_segments[kinds[symbol]]
        xy = cart(segments[:, 0])
        label = f"{symbol} screw axes along c" if screw else f"{symbol}-fold axes along c"
        marker = ({"symbol": CENTRE_MARKERS[order] + "-open", "size": 13, "color": "black",
                   "line": {"width": 2}} if screw else
                  {"symbol": CENTRE_MARKERS[order], "size": 13, "color": "black",
                   "line": {"color": "white", "width": 1}})
        traces.append(go.Scatter(
            x=xy[:, 0], y=xy[:, 1], mode="markers+text" if screw else "markers", name=label,
            text=[symbol.replace("_", "") for _ in xy] if screw else None,
            textposition="bottom right", textfont={"size": 9}, marker=marker,
            meta=_meta("axis", [{"symbol": symbol, "segment": s.tolist()} for s in segments])))
    lines: dict[tuple[str, str], list] = {}
    for i in np.flatnonzero(~along_c):
        order, screw = int(elements.axis_orders[i]), elements.axis_screws[i]
        symbol = screw if screw and int(screw.split("_")[0]) > order else str(order)
        where = "perpendicular to c" if flat[i] else "inclined to c (click)"
        lines.setdefault((symbol, where), []).append(int(i))
    for (symbol, where), index in sorted(lines.items()):
        segments = elements.axis_segments[index]
        xy = cart(segments)
        screw = "_" in symbol
        name = f"{symbol} {'screw ' if screw else ''}axes {where}"
        trace = lines_trace(list(xy), name, AXIS_IN_PLANE_COLOUR if flat[index[0]] else "#8c6d31",
                            "dash" if screw else "solid", 1.5)
        if not flat[index[0]]:
            trace.update(visible="legendonly")
        trace.update(meta=_meta("axis", [{"symbol": symbol, "segment": s.tolist()} for s in segments]))
        traces.append(trace)
        if flat[index[0]]:
            # ITA writes the heights of axes in the drawing plane beside them: one label at
            # the middle of each projected line, all the heights on it.
            heights: dict[tuple, list[float]] = {}
            for s, ends in zip(segments, xy):
                heights.setdefault(tuple(np.round(ends.mean(axis=0), 6)), []).append(float(s[0, 2]))
            middles = np.array(list(heights), dtype=float).reshape(-1, 2)
            traces.append(go.Scatter(
                x=middles[:, 0], y=middles[:, 1], mode="text", name=f"heights of the {name}",
                text=[f"{symbol.replace('_', '')} z={_heights(z)}" for z in heights.values()],
                textposition="top center", textfont={"size": 9, "color": AXIS_IN_PLANE_COLOUR},
                showlegend=False, hoverinfo="skip"))
    glides = plane_glides(group)
    planes: dict[tuple[str, str], list] = {}
    for polygon, normal in zip(elements.plane_polygons, elements.plane_normals):
        offset = float(polygon[0] @ normal)
        kind = _glide_kind(glides[_plane_key(normal, offset)], normal)
        where = ("containing c" if normal[2] == 0 else
                 "perpendicular to c" if not normal[:2].any() else "inclined to c (click)")
        planes.setdefault((kind, where), []).append((polygon, normal))
    corner = cart(np.array([0.0, 1.0, 0.0]))
    for (kind, where), members in sorted(planes.items()):
        dash, width = PLANE_STYLES[kind]
        colour = MIRROR_COLOUR if kind == "m" else GLIDE_COLOUR
        name = f"{PLANE_WORDS[kind]} {where}"
        records = [{"plane": kind, "normal": n.tolist(), "polygon": p.tolist()} for p, n in members]
        if where == "containing c":
            ends = []
            for polygon, _ in members:
                # A plane containing c projects onto a segment: keep its two extreme points.
                xy = cart(polygon)
                axis = int(np.argmax(np.ptp(xy, axis=0)))
                ends.append(xy[[int(np.argmin(xy[:, axis])), int(np.argmax(xy[:, axis]))]])
            trace = lines_trace(ends, name, colour, dash, width)
        elif where == "perpendicular to c":
            # As ITA does: a corner symbol at the top left of the cell with the planes' heights.
            heights = _heights(p[0][2] for p, _ in members)
            trace = go.Scatter(x=[corner[0] - 0.06 * np.abs(basis).max()],
                               y=[corner[1] + 0.06 * np.abs(basis).max()], mode="markers+text",
                               name=f"{name} (z = {heights})", text=[f"{kind if kind != 'ab' else 'glide'} z={heights}"],
                               textposition="top right", textfont={"size": 10, "color": colour},
                               marker={"symbol": "triangle-ne" if kind == "m" else "triangle-ne-open",
                                       "size": 14, "color": colour})
        else:
            outlines = [cart(np.vstack([p, p[:1]])) for p, _ in members]
            xs = [v for o in outlines for v in [*o[:, 0].tolist(), None]]
            ys = [v for o in outlines for v in [*o[:, 1].tolist(), None]]
            trace = go.Scatter(x=xs, y=ys, mode="lines", name=name, visible="legendonly",
                               line={"color": colour, "dash": dash, "width": 1})
        trace.update(meta=_meta("plane", records))
        traces.append(trace)
    for points, kind in ((elements.inversion_centres, "inversion"),
                         (elements.rotoinversion_points, "rotoinversion")):
        if not len(points):
            continue
        symbols = (["-1"] * len(points) if kind == "inversion" else list(elements.rotoinversion_symbols))
        for symbol in sorted(set(symbols)):
            chosen = points[[s == symbol for s in symbols]]
            groups: dict[tuple, list[float]] = {}
            for p in chosen:
                groups.setdefault(tuple(np.round(p[:2], 7)), []).append(float(p[2]))
            xy = cart(np.array([[*k, 0.0] for k in groups]))
            # ITA writes heights other than 0 beside the symbol.
            text = [_heights(z) if _heights(z) != "0" else "" for z in groups.values()]
            name = "inversion centres" if kind == "inversion" else f"{symbol} rotoinversion points"
            traces.append(go.Scatter(
                x=xy[:, 0], y=xy[:, 1], mode="markers+text", name=name, text=text,
                textposition="top right", textfont={"size": 9, "color": INVERSION_COLOUR},
                marker=({"symbol": "circle-open", "size": 7, "color": INVERSION_COLOUR,
                         "line": {"width": 1.5}} if kind == "inversion" else
                        {"symbol": ROTOINVERSION_MARKERS[symbol], "size": 12, "color": "black",
                         "line": {"width": 1.5}}),
                meta=_meta(kind, [{"symbol": symbol, "point": p.tolist()} for p in chosen])))
    return traces


def plot_general_positions(group: CrystallographicGroup, point=None, lattice: Lattice | None = None,
                           elements: bool = True, template=None, records: bool = False) -> go.Figure:
    """ITA's general-position diagram: the orbit of ``point`` in one cell as circles, a
    comma inside those that are mirror images (det R = -1). A plane group's circles lie
    over its symmetry-element diagram; a space group is projected along c, each circle
    labelled with its height (``+`` for z, ``-`` for -z, ``1/2+`` for z + 1/2, ...), over
    the axes parallel to c and the planes containing c (``elements=False`` leaves the
    elements out).

    ``point`` defaults to a point in general position near the origin; any point may be
    given (a special one draws its smaller orbit).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.
    ``records``: each element trace of a space group keeps in ``meta`` the elements it
    draws, in fractional coordinates (``{"kind": ..., "elements": [...]}``), for checking.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> figure = plot_general_positions(wallpaper_group("p4m"))
        >>> [len(t.x) for t in figure.data if t.name.startswith(("general", "mirror images"))]
        [4, 4]
    """
    point = (GENERAL_POINT_2D if group.dim == 2 else GENERAL_POINT_3D) if point is None else point
    orbit = orbit_points(group, point)
    basis = diagram_plane_basis(group, lattice)
    if group.dim == 2:
        traces = []
        if elements:
            # Only the elements' traces are kept: their layout (and template) is dropped.
            base = plot_symmetry_elements(group, cells=1, lattice=lattice, template=BARE)
            traces = [t for t in base.data if t.name != "fundamental domain"]
    else:
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float) @ basis.T
        traces = [go.Scatter(x=corners[:, 0], y=corners[:, 1], mode="lines", name="unit cell",
                             line={"color": "#9e9e9e", "width": 1}, hoverinfo="skip")]
        if elements:
            traces += _space_elements(group, basis)
            if not records:  # 37 kB for Fm-3m that the browser does not need
                for trace in traces:
                    trace.meta = None
    for trace in traces:
        trace.update(hoverinfo="skip", hovertemplate=None)
    traces += _orbit_traces(group, orbit, basis)
    what = "general position" if len(orbit.points) == group.order else "orbit"
    # The projection note goes on a second, smaller line: one line does not fit a phone.
    projection = "" if group.dim == 2 else "<br><sup>projected along c" + (
        "" if _readable(orbit) else "; heights on hover") + "</sup>"
    figure = new_figure(traces, template)
    figure.update_layout(
        title=f"{group.symbol}: {what} ({len(orbit.points)} point{'s' if len(orbit.points) > 1 else ''}){projection}",
        xaxis={"scaleanchor": "y", "showgrid": False, "zeroline": False, "visible": False},
        yaxis={"showgrid": False, "zeroline": False, "visible": False},
        plot_bgcolor="white", showlegend=True,
        legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 70 if group.dim == 3 else 50, "b": 10}, height=520,
    )
    return figure
