"""Rotation axes per cell, by order, from spglib's operations with a separate solver.

For every spglib operation (R, t) and lattice shift l, the axis exists where the linear
system (R - I) x = -(t + l) is consistent; its direction is the eigenvector of R for the
eigenvalue 1. The lines are clipped to the cell by intersecting with the six faces and
counted by the highest order fixing them. This shares no code with sgexplore's
decomposition into intrinsic and location parts.
"""

from __future__ import annotations

import itertools

import numpy as np
import spglib

from sgexplore.groups._spacegroup_data import quiet_spglib

from ..conftest import space_groups

SHIFTS = np.array(list(itertools.product(range(-2, 3), repeat=3)), dtype=float)


def _segment(point: np.ndarray, direction: np.ndarray):
    hits = []
    for axis, face in itertools.product(range(3), (0.0, 1.0)):
        if abs(direction[axis]) > 1e-12:
            q = point + (face - point[axis]) / direction[axis] * direction
            if np.all((q > -1e-9) & (q < 1 + 1e-9)):
                hits.append(q)
    if len(hits) < 2:
        return None
    hits = np.array(hits)
    s = hits @ direction
    a, b = hits[np.argmin(s)], hits[np.argmax(s)]
    return None if np.linalg.norm(b - a) < 1e-7 else tuple(sorted((tuple(np.round(a, 6)), tuple(np.round(b, 6)))))


def spglib_axis_counts(hall_number: int) -> dict[int, int]:
    with quiet_spglib():
        ops = spglib.get_symmetry_from_database(hall_number)
    lines: dict[tuple, int] = {}
    for r, t in zip(ops["rotations"], ops["translations"]):
        r = r.astype(float)
        if round(np.linalg.det(r)) != 1 or np.allclose(r, np.eye(3)):
            continue
        order = next(k for k in range(2, 7) if np.allclose(np.linalg.matrix_power(r, k), np.eye(3)))
        values, vectors = np.linalg.eig(r)
        direction = np.real(vectors[:, np.argmin(np.abs(values - 1))])
        a = r - np.eye(3)
        for shift in SHIFTS:
            b = -(t + shift)
            x = np.linalg.lstsq(a, b, rcond=None)[0]
            if np.linalg.norm(a @ x - b) > 1e-9:
                continue
            key = _segment(x, direction)
            if key is not None:
                lines[key] = max(lines.get(key, 0), order)
    counts: dict[int, int] = {}
    for order in lines.values():
        counts[order] = counts.get(order, 0) + 1
    return counts


@space_groups
def test_rotation_axis_counts_agree_with_spglib_operations(g):
    assert g.cell_elements.axis_counts() == spglib_axis_counts(g.hall_number)
