"""General-position diagrams as the International Tables draw them: the orbit of a point as
circles, a comma inside the circle for a mirror image (det R = -1), over the symmetry
elements of a plane group, or, for a space group, projected along c with its heights."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import plotly.graph_objects as go

from ..groups import DENOMINATOR, CrystallographicGroup, Lattice, SgexploreError
from ._plane import CENTRE_MARKERS, GLIDE_COLOUR, MIRROR_COLOUR, lines_trace, plot_symmetry_elements
from ._template import BARE, new_figure

# A point in general position for the default diagrams, near the origin like ITA's.
GENERAL_POINT_2D = (0.16, 0.07)
GENERAL_POINT_3D = (0.16, 0.07, 0.11)
POINT_COLOUR = "#1a1a1a"
MAX_HEIGHT_LABELS = 48
PROPER_NAME = "general position (det R = +1)"
IMPROPER_NAME = "mirror images (det R = -1)"


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


def _space_elements(group, basis: np.ndarray) -> list[go.Scatter]:
    """Axes parallel to c (symbols of their order; screws open) and planes containing c
    (mirrors solid, glides dashed), projected onto the ab plane."""
    elements = group.cell_elements
    cart = lambda p: np.asarray(p)[..., :2] @ basis.T  # noqa: E731
    traces = []
    along_c = [i for i, seg in enumerate(elements.axis_segments)
               if np.allclose((seg[1] - seg[0])[:2], 0.0, atol=1e-9)]
    # An axis is named by its highest-order element: 4_2 on an axis whose pure rotation
    # is 2, 6_3 where it is 3; pure rotations filled, screws open (as in ITA's symbols).
    kinds: dict[str, list[int]] = {}
    for i in along_c:
        order, screw = int(elements.axis_orders[i]), elements.axis_screws[i]
        symbol = screw if screw and int(screw.split("_")[0]) > order else str(order)
        if symbol != "1":
            kinds.setdefault(symbol, []).append(i)
    for symbol in sorted(kinds):
        order = int(symbol.split("_")[0])
        screw = "_" in symbol
        xy = cart(np.array([elements.axis_segments[i][0] for i in kinds[symbol]]))
        label = f"{symbol} screw axes along c" if screw else f"{symbol}-fold axes along c"
        marker = ({"symbol": CENTRE_MARKERS[order] + "-open", "size": 13, "color": "black",
                   "line": {"width": 2}} if screw else
                  {"symbol": CENTRE_MARKERS[order], "size": 13, "color": "black",
                   "line": {"color": "white", "width": 1}})
        traces.append(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers", name=label,
                                 marker=marker, hovertemplate=f"{label}<extra></extra>"))
    mirrors, glides = [], []
    for polygon, mirror, normal in zip(elements.plane_polygons, elements.plane_mirror,
                                       elements.plane_normals):
        if normal[2] != 0:
            continue
        # A plane containing c projects onto a segment: keep its two extreme points.
        xy = cart(polygon)
        axis = int(np.argmax(np.ptp(xy, axis=0)))
        ends = xy[[int(np.argmin(xy[:, axis])), int(np.argmax(xy[:, axis]))]]
        (mirrors if mirror else glides).append((ends[0], ends[1]))
    if mirrors:
        traces.append(lines_trace(mirrors, "mirror planes containing c", MIRROR_COLOUR, "solid", 3))
    if glides:
        traces.append(lines_trace(glides, "glide planes containing c", GLIDE_COLOUR, "dash", 2))
    return traces


def plot_general_positions(group: CrystallographicGroup, point=None, lattice: Lattice | None = None,
                           elements: bool = True, template=None) -> go.Figure:
    """ITA's general-position diagram: the orbit of ``point`` in one cell as circles, a
    comma inside those that are mirror images (det R = -1). A plane group's circles lie
    over its symmetry-element diagram; a space group is projected along c, each circle
    labelled with its height (``+`` for z, ``-`` for -z, ``1/2+`` for z + 1/2, ...), over
    the axes parallel to c and the planes containing c (``elements=False`` leaves the
    elements out).

    ``point`` defaults to a point in general position near the origin; any point may be
    given (a special one draws its smaller orbit).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

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
