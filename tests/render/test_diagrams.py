"""ITA general-position diagrams: the circles are exactly the orbit of the general point
(recomputed here from the group's rotations and translations), commas exactly on the
images by det R = -1, heights that evaluate to the images' z, no NaN; all 17 + 230 groups."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.groups import Operation, all_space_groups, all_wallpaper_groups, space_group, wallpaper_group
from sgexplore.render import plot_general_positions
from sgexplore.render._diagrams import GENERAL_POINT_2D, GENERAL_POINT_3D, IMPROPER_NAME, PROPER_NAME

GROUPS = [*all_wallpaper_groups(), *all_space_groups()]
IDS = [f"{g.number}-{g.symbol}" if g.dim == 3 else g.symbol for g in GROUPS]


def _plane_basis(g) -> np.ndarray:
    if g.dim == 2:
        return g.default_lattice.matrix
    p = g.default_lattice.parameters
    gamma = np.radians(p["gamma"])
    return np.array([[p["a"], p["b"] * np.cos(gamma)], [0, p["b"] * np.sin(gamma)]])


def _orbit(g, x):
    """Brute force: every R x + t reduced into the cell, duplicates dropped; with det R."""
    images = np.mod(np.einsum("nij,j->ni", g.rotations, x) + g.translations, 1.0)
    keys = np.mod(np.round(images, 9), 1.0).round(9)
    _, first = np.unique(keys, axis=0, return_index=True)
    first = np.sort(first)
    return images[first], np.rint(np.linalg.det(g.rotations[first].astype(float))).astype(int)


def _same_sets(a: np.ndarray, b: np.ndarray) -> bool:
    d = a[:, None, :] - b[None, :, :]
    close = np.all(np.abs(d - np.rint(d)) < 1e-6, axis=-1)
    return len(a) == len(b) and close.any(axis=1).all() and close.any(axis=0).all()


def _circles(figure, name):
    return next(t for t in figure.data if t.name == name)


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_diagram_points_are_the_orbit_of_the_general_position(g):
    x = np.array(GENERAL_POINT_2D if g.dim == 2 else GENERAL_POINT_3D)
    figure = plot_general_positions(g, elements=False)
    orbit, dets = _orbit(g, x)
    assert len(orbit) == g.order
    basis_inverse = np.linalg.inv(_plane_basis(g))
    for name, det in ((PROPER_NAME, 1), (IMPROPER_NAME, -1)):
        trace = _circles(figure, name)
        xy = np.column_stack([trace.x, trace.y]) if len(trace.x) else np.zeros((0, 2))
        assert np.all(np.isfinite(xy))
        drawn = xy @ basis_inverse.T
        expected = orbit[dets == det][:, :2]
        assert _same_sets(drawn, expected), name
        assert list(trace.text) == ([","] * len(xy) if det == -1 else [""] * len(xy))
        if g.dim == 3:
            # Each circle's height label evaluates to the z of an image over its (x, y).
            heights = [c[1] for c in trace.customdata]
            for (px, py), label, number in zip(drawn, heights, (c[0] for c in trace.customdata)):
                op = Operation.from_xyz(number.split(") ")[1])
                z = np.mod(op(x)[2], 1.0)
                first = label.split()[0]
                if first[-1] in "+-" and all(ch in "0123456789/" for ch in first[:-1]):
                    offset = float(eval(first[:-1])) if first[:-1] else 0.0  # noqa: S307 - a fraction
                    sign = 1 if first[-1] == "+" else -1
                    assert np.isclose(np.mod(offset + sign * x[2] - z + 0.5, 1.0), 0.5)
                else:
                    value = eval(first, {}, dict(zip("xyz", x)))  # noqa: S307 - a coordinate
                    assert np.isclose(np.mod(value - z + 0.5, 1.0), 0.5)
    assert f"({g.order} point{'s' if g.order > 1 else ''})" in figure.layout.title.text


@pytest.mark.parametrize("symbol", ["p1", "pg", "p4m", "p4g", "p31m", "p6m"])
def test_plane_diagram_lies_over_the_symmetry_elements(symbol):
    from sgexplore.render import plot_symmetry_elements

    g = wallpaper_group(symbol)
    figure = plot_general_positions(g)
    elements = [t for t in plot_symmetry_elements(g, cells=1).data if t.name != "fundamental domain"]
    drawn = {t.name: t for t in figure.data}
    for trace in elements:
        assert list(drawn[trace.name].x) == list(trace.x)
        assert list(drawn[trace.name].y) == list(trace.y)
    for trace in figure.data:
        values = [v for v in (*trace.x, *trace.y) if v is not None]
        assert np.all(np.isfinite(np.asarray(values, dtype=float)))


@pytest.mark.parametrize("symbol", ["P2_1/c", "Pmm2", "P4_2/mnm", "P6_3mc", "Fd-3m"])
def test_space_diagram_structure(symbol):
    g = space_group(symbol)
    figure = plot_general_positions(g)
    names = [t.name for t in figure.data]
    assert names[0] == "unit cell" and PROPER_NAME in names and IMPROPER_NAME in names
    for trace in figure.data:
        values = [v for v in (*trace.x, *trace.y) if v is not None]
        assert np.all(np.isfinite(np.asarray(values, dtype=float)))
    assert "projected along c" in figure.layout.title.text


def test_ita_heights_of_p21c_and_a_special_orbit():
    g = space_group("P2_1/c")
    heights = sorted(c[1] for name in (PROPER_NAME, IMPROPER_NAME)
                     for c in _circles(plot_general_positions(g), name).customdata)
    assert heights == ["+", "-", "1/2+", "1/2-"]
    special = plot_general_positions(g, point=(0, 0, 0), elements=False)
    assert "orbit (2 points)" in special.layout.title.text
    single = plot_general_positions(wallpaper_group("p4m"), point=(0.5, 0.5), elements=False)
    assert "orbit (1 point)" in single.layout.title.text


def test_bad_point_is_refused():
    with pytest.raises(ValueError, match="2 finite fractional"):
        plot_general_positions(wallpaper_group("p2"), point=(np.nan, 0.1))
