"""3D figures: the orbifold surface for all 17 plane groups and the asymmetric unit with its
singular set for all 230 space groups."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import plotly.graph_objects as go

from sgexplore.orbifolds import orbifold, orbifold_embedding
from sgexplore.render import plot_asymmetric_unit, plot_orbifold_surface

from ..conftest import space_groups, wallpaper_groups


def _values(trace, axis: str) -> np.ndarray:
    """Coordinates with the None separators of line traces as NaN; the data itself must
    hold no NaN."""
    raw = list(getattr(trace, axis))
    assert not any(v is not None and not np.isfinite(v) for v in raw), "NaN or inf in the data"
    return np.array([np.nan if v is None else v for v in raw], dtype=float)


def _assert_finite_mesh(mesh) -> None:
    xyz = np.stack([_values(mesh, a) for a in "xyz"], axis=1)
    assert np.all(np.isfinite(xyz)) and len(xyz) >= 3
    ijk = np.stack([np.asarray(getattr(mesh, a)) for a in "ijk"], axis=1)
    assert ijk.min() >= 0 and ijk.max() < len(xyz)


@wallpaper_groups
def test_orbifold_surface(g):
    o = orbifold(g)
    figure = plot_orbifold_surface(o, resolution=6)
    assert isinstance(figure, go.Figure)
    surface = figure.data[0]
    _assert_finite_mesh(surface)
    embedding = orbifold_embedding(g, 3)
    # The surface is the image of the fundamental domain: its vertices satisfy the map.
    xyz = np.stack([_values(surface, a) for a in "xyz"], axis=1)
    vertex_images = embedding(o.vertices)
    assert all(np.min(np.linalg.norm(xyz - v, axis=1)) < 1e-9 for v in vertex_images)
    names = {t.name: t for t in figure.data}
    assert ("mirror boundary" in names) == any(e.kind == "mirror" for e in o.edges)
    for key, records, prefix in (("cone points", o.cone_points, ""),
                                 ("corner reflectors", o.corner_reflectors, "*")):
        assert (key in names) == bool(records)
        if records:
            assert sorted(names[key].text) == sorted(f"{prefix}{n}" for _, n in records)
    title = figure.layout.title.text
    assert o.conway in title
    assert ("self-intersects" in title) == (not embedding.injective)
    # Whole on a phone: short lines that together say the whole note (pgg's ended "R^").
    lines = [re.sub(r"<[^>]+>", "", line) for line in title.split("<br>")]
    assert all(len(line) <= 56 for line in lines)
    assert " ".join(lines[1:]) == embedding.note


@space_groups
def test_asymmetric_unit_with_singular_set(g):
    figure = plot_asymmetric_unit(g)
    names = {t.name: t for t in figure.data}
    elements = g.cell_elements
    asu = names["asymmetric unit"]
    _assert_finite_mesh(asu)
    expected = g.fundamental_domain.vertices @ g.default_lattice.matrix.T
    np.testing.assert_allclose(np.stack([_values(asu, a) for a in "xyz"], axis=1), expected)
    cell = names["unit cell"]
    assert np.count_nonzero(np.isnan(_values(cell, "x"))) == 12, "twelve cell edges"
    for order, count in elements.axis_counts().items():
        trace = names[f"{order}-fold axes"]
        assert np.count_nonzero(np.isnan(_values(trace, "x"))) == count
    assert ("screw axes" in names) == any(elements.axis_screws)
    assert ("mirror planes" in names) == bool(elements.plane_mirror.any())
    assert ("glide planes" in names) == bool((~elements.plane_mirror).any())
    assert ("inversion centres" in names) == bool(len(elements.inversion_centres))
    if len(elements.rotoinversion_points):
        assert list(names["rotoinversion points"].text) == list(elements.rotoinversion_symbols)
    for trace in figure.data:
        for axis in "xyz":
            values = _values(trace, axis)
            assert np.isfinite(values).any()
            box = np.abs(g.default_lattice.matrix).sum(axis=1)
            finite = values[np.isfinite(values)]
            assert finite.min() >= -box.max() - 1e-9 and finite.max() <= box.max() + 1e-9
    assert g.symbol in figure.layout.title.text


# ---- the asymmetric unit with the elements meeting it; the isosurface view's legend ----

READABLE = ["P-1", "P2_1/c", "Pnma", "P6_3/mmc", "I4_1/amd", "Fm-3m", "Fd-3m", "Ia-3d"]


@pytest.mark.parametrize("symbol", READABLE)
def test_elements_within_the_asymmetric_unit(symbol):
    """Clipped to the asymmetric unit: every drawn axis point, plane vertex and centre is in
    the asymmetric unit (its hull's inequalities), and each axis piece lies on an axis of
    the cell's elements; Fm-3m draws less than the whole cell's planes."""
    from scipy.spatial import ConvexHull

    from sgexplore import space_group
    from sgexplore.render import plot_asymmetric_unit

    g = space_group(symbol)
    matrix = g.default_lattice.matrix
    equations = ConvexHull(np.asarray(g.fundamental_domain.vertices, dtype=float)).equations
    clipped = plot_asymmetric_unit(g, within_asymmetric_unit=True)
    whole = plot_asymmetric_unit(g)
    for trace in clipped.data:
        if trace.name == "asymmetric unit":
            continue
        xyz = np.column_stack([trace.x, trace.y, trace.z])
        xyz = xyz[[x is not None for x in trace.x]].astype(float) @ np.linalg.inv(matrix).T
        assert np.all(xyz @ equations[:, :3].T + equations[:, 3] <= 1e-6), trace.name
    axes = g.cell_elements.axis_segments
    for trace in clipped.data:
        if "axes" in trace.name:
            points = np.array([p for p in zip(trace.x, trace.y, trace.z) if p[0] is not None], dtype=float)
            d = axes[:, 1] - axes[:, 0]
            for p in points @ np.linalg.inv(matrix).T:
                # On an axis of the cell's elements, or of a neighbouring cell's.
                off = min(np.linalg.norm(np.cross(p + np.array(shift) - axes[:, 0], d), axis=1).min()
                          for shift in itertools.product((-1, 0, 1), repeat=3))
                assert off < 1e-6
    # Every singular vertex of the orbifold (what the lesson asks students to read off) is
    # on a drawn axis or is a drawn centre; the view is the asymmetric unit, not the cell.
    drawn = []
    for trace in clipped.data:
        if "axes" in trace.name or "points" in trace.name or "centres" in trace.name:
            drawn += [p for p in zip(trace.x, trace.y, trace.z) if p[0] is not None]
    drawn = np.array(drawn, dtype=float).reshape(-1, 3) @ np.linalg.inv(matrix).T
    segments = [t for t in clipped.data if "axes" in t.name]
    for vertex in orbifold(g).singular_vertices:
        for point in np.asarray(vertex.points, dtype=float):
            on_point = len(drawn) and np.abs(drawn - point).max(axis=1).min() < 1e-6
            on_axis = any(_on_segments(point, t, matrix) for t in segments)
            assert on_point or on_axis, (vertex.local_group.hermann_mauguin, point)
    assert "unit cell" not in {t.name for t in clipped.data}
    assert len(clipped.data) <= len(whole.data)


def _on_segments(point, trace, matrix) -> bool:
    xyz = [p for p in zip(trace.x, trace.y, trace.z)]
    frac = lambda p: np.asarray(p, dtype=float) @ np.linalg.inv(matrix).T  # noqa: E731
    for a, b in zip(xyz[0::3], xyz[1::3]):
        a, b = frac(a), frac(b)
        d = b - a
        s = np.clip((point - a) @ d / (d @ d), 0, 1)
        if np.linalg.norm(a + s * d - point) < 1e-6:
            return True
    return False


@pytest.mark.parametrize("symbol", READABLE + ["P2_12_12_1", "Pm"])
def test_isosurface_legend_lists_every_kind_of_element(symbol):
    """The legend group "symmetry elements (click)" has an entry for every kind of element
    the group has (P2_1/c: screw axes, glide planes and inversion centres), from its cell
    elements, and the asymmetric unit."""
    from sgexplore import space_group
    from sgexplore.render import plot_isosurfaces

    g = space_group(symbol)
    e = g.cell_elements
    figure = plot_isosurfaces(g, np.random.default_rng(0).standard_normal((6, 6, 6)))
    listed = {t.name for t in figure.data if t.legendgroup == "symmetry elements"}
    expected = {"asymmetric unit"} | {f"{n}-fold axes" for n in set(e.axis_orders.tolist()) - {1}}
    expected |= {name for name, present in (
        ("screw axes", any(e.axis_screws)), ("mirror planes", e.plane_mirror.any()),
        ("glide planes", (~e.plane_mirror).any()), ("inversion centres", len(e.inversion_centres)),
        ("rotoinversion points", len(e.rotoinversion_points))) if present}
    assert listed == expected
    assert all(t.visible == "legendonly" for t in figure.data if t.legendgroup == "symmetry elements")


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_slice_axes_are_named(axis):
    """Both axes of a Cartesian slice say which direction they are (the second read just
    "Cartesian"): along the first lattice vector of the plane, and perpendicular to it
    towards the second."""
    from sgexplore import space_group
    from sgexplore.render._space import plot_slice

    names = [n for i, n in enumerate("xyz") if i != axis]
    figure = plot_slice(np.zeros((4, 4, 4)), axis=axis, lattice=space_group("P6_3/mmc").default_lattice)
    assert figure.layout.xaxis.title.text == f"along {names[0]} (Cartesian)"
    assert figure.layout.yaxis.title.text == f"perpendicular to {names[0]}, towards {names[1]} (Cartesian)"
