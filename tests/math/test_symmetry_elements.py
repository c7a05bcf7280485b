"""Every operation of every group is classified, and the classification is consistent."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ..conftest import WALLPAPER, every_group_and_setting

ORDER_OF = {"-3": 6, "-4": 4, "-6": 6, "m": 2, "g": 2, "-1": 2}


def _in_lattice(v: np.ndarray, centrings: np.ndarray) -> bool:
    diff = v - centrings
    return bool(np.any(np.all(np.abs(diff - np.rint(diff)) < 1e-9, axis=1)))


def _fixes(r, t, points) -> np.ndarray:
    return np.all(np.abs(points @ r.T + t - points) < 1e-9, axis=-1)


@every_group_and_setting
def test_classification_is_consistent(g, rng):
    identity = np.eye(g.dim)
    for element in g.symmetry_elements:
        op = element.operation
        r, t = op.rotation, op.translation
        rank = np.linalg.matrix_rank(r - identity)
        assert element.order == max(1, _order(r))
        # A rotation or mirror element may come with a centring vector as its screw or
        # glide part; the operation without it has fixed points.
        lattice_part = element.intrinsic if element.kind in ("rotation", "mirror") else 0.0
        if element.kind in ("rotation", "mirror"):
            assert _in_lattice(element.intrinsic, g.centring_translations)
        elif element.kind in ("screw", "glide"):
            assert not _in_lattice(element.intrinsic, g.centring_translations)
        reduced = t - lattice_part
        solvable = np.allclose((r - identity) @ np.linalg.lstsq(r - identity, -reduced, rcond=None)[0],
                               -reduced)
        if element.kind in ("identity", "translation"):
            assert rank == 0
            assert (element.kind == "translation") == bool(np.abs(t).max() > 0)
            continue
        location_part = t - element.intrinsic
        # The intrinsic part is invariant: a screw or glide vector lies along the element.
        np.testing.assert_allclose(r @ element.intrinsic, element.intrinsic, atol=1e-12)
        if element.kind in ("rotation", "screw"):
            assert element.symbol.split("_")[0] == str(element.order)
            if g.dim == 3:
                assert rank == 2
                np.testing.assert_array_equal(r @ element.axis, element.axis)
                line = element.location + np.outer(rng.uniform(-3, 3, 5), element.axis)
                assert _fixes(r, location_part, line).all(), "the axis is the fixed-point set"
            else:
                assert rank == 2 and _fixes(r, t, element.location[None]).all()
            assert solvable == (element.kind == "rotation"), "a screw has no fixed point"
        elif element.kind in ("mirror", "glide"):
            assert rank == 1 and element.order == 2 and round(np.linalg.det(r)) == -1
            np.testing.assert_array_equal(r @ element.axis, -element.axis)
            in_plane = np.linalg.svd(r - identity)[2][1:]
            plane = element.location + rng.uniform(-3, 3, (5, g.dim - 1)) @ in_plane
            assert _fixes(r, location_part, plane).all(), "the plane/line is the fixed-point set"
            assert solvable == (element.kind == "mirror"), "a glide has no fixed point"
        elif element.kind == "inversion":
            np.testing.assert_array_equal(r, -identity)
            assert _fixes(r, t, element.location[None]).all()
        else:
            assert element.kind == "rotoinversion" and ORDER_OF[element.symbol] == element.order
            assert _fixes(r, t, element.location[None]).all(), "the inversion point is fixed"
            np.testing.assert_array_equal(-r @ element.axis, element.axis)


def _order(r: np.ndarray) -> int:
    power = np.eye(len(r), dtype=int)
    for n in range(1, 7):
        power = power @ r
        if np.array_equal(power, np.eye(len(r), dtype=int)):
            return n
    raise AssertionError("not of finite order")


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_cell_elements_match_site_symmetry_on_a_fine_grid(g):
    """Rotation centres and mirror lines in the cell, against site groups computed
    point by point on the (1/24)-grid."""
    elements = g.cell_elements
    listed = {tuple(np.round(c, 6)): n for c, n in zip(elements.rotation_centres, elements.rotation_orders)}
    grid = np.array(list(itertools.product(np.arange(25) / 24, repeat=2)))
    for point in grid:
        site = g.site_symmetry(point)
        proper = [r for r in site.rotations if round(np.linalg.det(r)) == 1]
        order = max(_order(r) for r in proper)
        key = tuple(np.round(point, 6))
        assert listed.get(key, 1) == order, (point, order)
        has_mirror = any(round(np.linalg.det(r)) == -1 for r in site.rotations)
        on_mirror = any(_on_segment(point, s) for s in elements.mirror_lines)
        assert has_mirror == on_mirror, point
    for segment, vector in zip(elements.glide_lines, elements.glide_vectors):
        middle = segment.mean(axis=0)
        reflections = [e for e in g.symmetry_elements if e.kind in ("mirror", "glide")]
        assert any(
            _on_segment(np.mod(middle @ e.operation.rotation.T + e.operation.translation, 1), s)
            for e in reflections for s in elements.glide_lines
        )
        assert np.abs(vector).max() > 0


def _on_segment(point: np.ndarray, segment: np.ndarray) -> bool:
    a, b = segment
    cross = (b - a)[0] * (point - a)[1] - (b - a)[1] * (point - a)[0]
    within = np.dot(point - a, b - a) >= -1e-9 and np.dot(point - b, a - b) >= -1e-9
    return abs(cross) < 1e-9 and within


def test_known_cell_elements():
    from sgexplore import wallpaper_group

    p4m = wallpaper_group("p4m").cell_elements
    assert sorted(p4m.rotation_orders.tolist()) == [2, 2, 2, 2, 4, 4, 4, 4, 4]
    assert len(p4m.mirror_lines) == 8 and len(p4m.glide_lines) == 4  # incl. both diagonals
    pg = wallpaper_group("pg").cell_elements
    assert len(pg.rotation_centres) == 0 and len(pg.mirror_lines) == 0
    np.testing.assert_allclose(np.abs(pg.glide_vectors), [[0, 0.5]] * len(pg.glide_vectors))
