"""The symmetry elements of ITA's general-position diagrams (projection along c), for all
230 space groups: every element of ``cell_elements`` is drawn, in the kind of symbol it is,
and every drawn element is one of the group's, checked against the operations themselves
(a rotation fixing the axis, a reflection mapping the plane to itself with the drawn glide,
an inversion fixing the centre); axes along c and inversion centres are also enumerated
from the operations by brute force and compared with what is drawn."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from sgexplore.groups import all_space_groups
from sgexplore.render import plot_general_positions
from sgexplore.render._diagrams import IMPROPER_NAME, diagram_plane_basis

GROUPS = all_space_groups()
IDS = [f"{g.number}-{g.symbol}" for g in GROUPS]
SHIFTS = np.array(list(itertools.product((-1, 0, 1, 2), repeat=3)), dtype=float)


def _order(r) -> int:
    return next(k for k in range(1, 7) if np.array_equal(np.linalg.matrix_power(r, k), np.eye(3)))


def _frac(v) -> Fraction:
    return Fraction(float(v)).limit_denominator(48) % 1


def _records(figure, kind):
    return [(t, r) for t in figure.data if t.meta and t.meta["kind"] == kind for r in t.meta["elements"]]


def _key(points) -> tuple:
    return tuple(sorted(tuple(np.round(p, 6)) for p in np.asarray(points, dtype=float)))


def _shifts_of(g, p):
    """R p + t - p for every operation (n, 3)."""
    return np.einsum("nij,j->ni", g.rotations.astype(float), p) + g.translations - p


class _Operations:
    """The group's rotations with their determinants and orders, computed once."""

    def __init__(self, g):
        self.g = g
        self.r = g.rotations.astype(float)
        self.det = np.rint(np.linalg.det(self.r)).astype(int)
        self.order = np.array([_order(r) for r in g.rotations])
        self.minus_order = np.array([_order(-r) for r in g.rotations])
        self.reflection = (self.det == -1) & (self.order == 2) & ~np.all(
            np.isclose(self.r, -np.eye(3)).reshape(len(self.r), -1), axis=1)


def _axis_is_the_groups(ops, symbol: str, segment) -> bool:
    """Some operation of order n (det +1) turns about the segment's line: it fixes the line's
    direction and moves its points along it, by a lattice vector for a rotation, by a
    non-lattice shift for a screw."""
    a, b = np.asarray(segment, dtype=float)
    d = b - a
    n = int(symbol.split("_")[0])
    delta = _shifts_of(ops.g, a)
    chosen = (ops.det == 1) & (ops.order == n) & np.all(np.abs(ops.r @ d - d) < 1e-9, axis=1)
    integral = np.all(np.abs(delta - np.rint(delta)) < 1e-7, axis=1)
    if "_" not in symbol:
        return bool(np.any(chosen & integral))
    # A screw: delta is a lattice vector plus a shift along the axis, not a lattice vector.
    candidates = delta[:, None, :] + SHIFTS[None]
    along = np.any(np.abs(np.cross(candidates, d)).max(axis=2) < 1e-7, axis=1)
    return bool(np.any(chosen & along & ~integral))


def _plane_glides(ops, normal, polygon) -> set[tuple[Fraction, ...]]:
    """The shifts R p + t - p (modulo Z^3) of the reflections that map the plane n.x = n.p to
    itself, at a point p of the plane: the glide vectors found there."""
    p = np.asarray(polygon, dtype=float)[0]
    n = np.asarray(normal, dtype=float)
    delta = _shifts_of(ops.g, p)
    across = delta @ n
    chosen = ops.reflection & np.all(np.abs(np.einsum("nji,j->ni", ops.r, n) + n) < 1e-9, axis=1) \
        & (np.abs(across - np.rint(across)) < 1e-7)
    return {tuple(_frac(v) for v in w) for w in delta[chosen]}


def _glides_match(kind: str, glides: set, normal) -> bool:
    """The drawn class agrees with the glide vectors found: a mirror has a zero glide and
    a glide plane none; e has axial glides in two directions, d quarter components, "ab"
    a glide in the drawing plane (axial if the plane is perpendicular to c), c one along c,
    n a diagonal or oblique one."""
    zero = (0, 0, 0) in glides
    if kind == "m" or zero or not glides:
        return kind == "m" and zero
    axial = [w for w in glides if sum(v != 0 for v in w) == 1 and max(w) == Fraction(1, 2)]
    quarters = any(v.denominator == 4 for w in glides for v in w)
    flat = not any(normal[:2])
    return {"e": len({tuple(v != 0 for v in w) for w in axial}) > 1,
            "d": quarters,
            "ab": bool(axial) if flat else any(w[2] == 0 for w in glides),
            "c": not flat and any(w[0] == w[1] == 0 for w in glides),
            "n": any(all(v.denominator <= 2 for v in w) and sum(v != 0 for v in w) >= 2
                     for w in glides) or (not flat and not quarters)}[kind]


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_diagram_draws_every_element_and_only_the_groups(g):
    figure = plot_general_positions(g, records=True)
    e = g.cell_elements
    ops = _Operations(g)
    basis = diagram_plane_basis(g)
    axes = _records(figure, "axis")
    planes = _records(figure, "plane")
    inversions = _records(figure, "inversion")
    rotoinversions = _records(figure, "rotoinversion")
    # Every element of cell_elements is drawn once (axes of order 1 without a screw are none).
    assert sorted(_key(r["segment"]) for _, r in axes) == sorted(_key(s) for s in e.axis_segments)
    assert sorted(_key(r["polygon"]) for _, r in planes) == sorted(_key(p) for p in e.plane_polygons)
    assert _key([r["point"] for _, r in inversions]) == _key(e.inversion_centres)
    assert sorted((_key([r["point"]]), r["symbol"]) for _, r in rotoinversions) == \
        sorted((_key([p]), s) for p, s in zip(e.rotoinversion_points, e.rotoinversion_symbols))
    # Each drawn element is the group's, in the cell.
    for _, r in axes:
        assert _axis_is_the_groups(ops, r["symbol"], r["segment"]), r
    for _, r in planes:
        assert _glides_match(r["plane"], _plane_glides(ops, r["normal"], r["polygon"]), r["normal"]), r
    for _, r in [*inversions, *rotoinversions]:
        p = np.asarray(r["point"])
        assert np.all((p > -1e-9) & (p < 1 + 1e-9))
        delta = _shifts_of(g, p)
        fixed = np.all(np.abs(delta - np.rint(delta)) < 1e-7, axis=1)
        assert np.any((ops.det == -1) & (ops.minus_order == int(r["symbol"][1:])) & fixed), r
    # Brute force from the operations: every inversion centre (t + l) / 2 in the cell, and
    # every axis along c (fixed points of the in-plane part), drawn where they project.
    centres = {tuple(_frac(v) for v in (t + l) / 2) for r, t in zip(g.rotations, g.translations)
               if np.array_equal(r, -np.eye(3)) for l in itertools.product((0, 1), repeat=3)}
    drawn = {tuple(_frac(v) for v in r["point"]) for _, r in inversions}
    assert centres == drawn
    expected_xy = set()
    for r, t in zip(g.rotations.astype(float), g.translations):
        if round(np.linalg.det(r)) != 1 or _order(r) == 1 or not np.allclose(r[:, 2], [0, 0, 1]) \
                or not np.allclose(r[2], [0, 0, 1]):
            continue
        for l in itertools.product((-1, 0, 1), repeat=2):
            p = np.linalg.solve(r[:2, :2] - np.eye(2), -(t[:2] + l))
            expected_xy.add(tuple(_frac(v) for v in p))
    along_c = {tuple(_frac(v) for v in r["segment"][0][:2]) for _, r in axes
               if np.allclose(np.subtract(r["segment"][1], r["segment"][0])[:2], 0)}
    assert along_c == expected_xy
    # The markers of points and axes along c are where their elements project.
    inverse = np.linalg.inv(basis)
    for trace in figure.data:
        if trace.meta and trace.mode and trace.mode.startswith("markers") and trace.meta["kind"] != "plane":
            xy = np.column_stack([trace.x, trace.y]) @ inverse.T
            points = [r.get("point", (r.get("segment") or [[0, 0, 0]])[0]) for r in trace.meta["elements"]]
            assert {tuple(np.round(p, 6)) for p in xy} == {tuple(np.round(p[:2], 6)) for p in points}


def test_p21c_shows_its_inversion_centres_screw_axes_and_glides():
    """The issue's example: the c-glide, the 2_1 axes along b and the inversion centres."""
    from sgexplore import space_group

    figure = plot_general_positions(space_group("P2_1/c"))
    assert all(t.meta is None for t in figure.data)  # the records stay on the server
    names = [t.name for t in figure.data]
    assert "inversion centres" in names
    assert "2_1 screw axes perpendicular to c" in names
    assert "glide planes, glide along c containing c" in names
    assert IMPROPER_NAME.endswith(",")
