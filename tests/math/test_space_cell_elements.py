"""The singular set of every space group agrees with the operations and the stabilisers."""

from __future__ import annotations

import numpy as np

from sgexplore.groups._operations import rotation_order

from ..conftest import space_groups


MIRROR, INVERSION = (-1, 2, 1), (-1, 2, -3)


def _kinds(g, point: np.ndarray) -> set[tuple[int, int, int]]:
    """(det, order, trace) of every operation fixing the point modulo the lattice."""
    moved = np.einsum("gij,j->gi", g.rotations, point) + g.translations - point
    fixing = np.all(np.abs(moved - np.rint(moved)) < 1e-7, axis=1)
    return {(int(round(np.linalg.det(r))), rotation_order(r), int(np.trace(r)))
            for r in g.rotations[fixing]}


@space_groups
def test_every_singular_element_is_fixed_by_an_operation_of_its_kind(g):
    e = g.cell_elements
    for segment, order in zip(e.axis_segments, e.axis_orders):
        if order > 1:
            midpoint = segment.mean(axis=0)
            assert any(k[:2] == (1, order) for k in _kinds(g, midpoint))
    for polygon, mirror in zip(e.plane_polygons, e.plane_mirror):
        assert len(polygon) >= 3
        normal = np.cross(polygon[1] - polygon[0], polygon[2] - polygon[0])
        assert np.allclose((polygon - polygon[0]) @ normal, 0, atol=1e-9), "planar polygon"
        if mirror:
            assert MIRROR in _kinds(g, polygon.mean(axis=0))
    for centre in e.inversion_centres:
        assert INVERSION in _kinds(g, centre)
    for point, symbol in zip(e.rotoinversion_points, e.rotoinversion_symbols):
        order = int(symbol[1:])
        assert any(k[:2] == (-1, order if order % 2 == 0 else 2 * order) for k in _kinds(g, point))


def _fixed(op, points: np.ndarray, shift: np.ndarray | float = 0.0) -> bool:
    """Whether op, followed by the translation -shift, maps every point to itself modulo
    the lattice."""
    moved = points @ op.rotation.T + op.translation - shift - points
    return bool(np.all(np.abs(moved - np.rint(moved)) < 1e-7))


@space_groups
def test_every_classified_element_appears_in_the_cell(g):
    """Each rotation and mirror of the catalogue's classification fixes, modulo the
    lattice, an axis or plane of the cell (of an order it divides); inversions and
    rotoinversions are at recorded centres."""
    e = g.cell_elements
    for element in g.symmetry_elements:
        op = element.operation
        # A rotation or mirror may carry a centring vector as its screw or glide part: the
        # element is fixed by the operation without it.
        lattice_part = element.intrinsic
        if element.kind == "rotation":
            assert any(_fixed(op, seg, lattice_part) and order % element.order == 0
                       for seg, order in zip(e.axis_segments, e.axis_orders))
        elif element.kind == "mirror":
            assert any(m and _fixed(op, poly, lattice_part)
                       for poly, m in zip(e.plane_polygons, e.plane_mirror))
        elif element.kind in ("inversion", "rotoinversion"):
            centres = e.inversion_centres if element.kind == "inversion" else e.rotoinversion_points
            assert np.min(np.linalg.norm(centres - np.mod(element.location, 1.0), axis=1)) < 1e-7


@space_groups
def test_screws_and_glides_are_not_singular(g):
    """A generic point of a screw-only axis or a glide-only plane is fixed by no proper
    rotation, respectively by no reflection."""
    e = g.cell_elements
    for segment, order, screw in zip(e.axis_segments, e.axis_orders, e.axis_screws):
        if order == 1:
            assert screw, "an axis segment is either singular or a screw axis"
            point = segment[0] + 0.3141 * (segment[1] - segment[0])
            assert all(k == 1 or det == -1 for det, k, _ in _kinds(g, point))
    for polygon, mirror in zip(e.plane_polygons, e.plane_mirror):
        if not mirror:
            point = np.array([0.31, 0.27, 0.42]) @ polygon[:3] / 1.0
            assert MIRROR not in _kinds(g, point)
