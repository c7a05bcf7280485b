"""Every symmetry element of a space group that meets the unit cell, as geometry.

An operation x -> R x + t stands for the whole coset R x + t + l (l in Z^3). Each member has
intrinsic part P (t + l) (P the mean of the powers of R) and fixed-point set, when the
intrinsic part vanishes modulo the lattice, through -pinv(R - I)(t + l - P(t + l)). Both
are linear in t + l, so all lattice shifts of all operations are handled as arrays. The
singular set of the orbifold is the union of the fixed-point sets: rotation axes, mirror
planes, inversion centres and rotoinversion points. Screw axes and glide planes move every
point; they are recorded separately.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ._operations import rotation_order
from ._symmetry import (
    in_lattice,
    lattice_period,
    primitive_direction,
    rotation_axis,
    rotation_sense,
    screw_indices,
)

_SHIFTS = np.array(list(itertools.product((-1, 0, 1), repeat=3)), dtype=np.float64)
_CUBE_EDGES = [(a, b) for a, b in itertools.combinations(range(8), 2)
               if bin(a ^ b).count("1") == 1]
_CUBE = np.array(list(itertools.product((0.0, 1.0), repeat=3)))
_EPS = 1e-9


@dataclass(frozen=True)
class SpaceCellElements:
    """Symmetry elements of a space group clipped to the unit cell [0, 1]^3 (fractional).

    Attributes:
        axis_segments: (a, 2, 3) float64 end points of every rotation or screw axis segment.
        axis_orders: (a,) int64 order of the pure rotation about the axis (1 if only screws).
        axis_screws: (a,) str highest-order screw symbol on the axis beyond its rotation
            (e.g. ``"4_2"``), or ``""``.
        plane_polygons: tuple of (v, 3) float64 convex polygons (planes clipped to the cell).
        plane_mirror: (p,) bool whether the plane is a mirror (else only a glide plane).
        plane_normals: (p, 3) int64 primitive normals (in the reciprocal basis).
        inversion_centres: (i, 3) float64.
        rotoinversion_points: (r, 3) float64 centres of -3, -4 and -6 operations.
        rotoinversion_symbols: (r,) str highest-order rotoinversion at each point.
    """

    axis_segments: np.ndarray
    axis_orders: np.ndarray
    axis_screws: tuple[str, ...]
    plane_polygons: tuple[np.ndarray, ...]
    plane_mirror: np.ndarray
    plane_normals: np.ndarray
    inversion_centres: np.ndarray
    rotoinversion_points: np.ndarray
    rotoinversion_symbols: tuple[str, ...]

    def axis_counts(self) -> dict[int, int]:
        """Number of distinct rotation-axis segments in the cell by order (singular only)."""
        orders, counts = np.unique(self.axis_orders[self.axis_orders > 1], return_counts=True)
        return {int(o): int(c) for o, c in zip(orders, counts)}


def _clip_lines(points: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Segments (n, 2, 3) of lines points + s direction inside the cell; NaN where none."""
    low = np.full(len(points), -np.inf)
    high = np.full(len(points), np.inf)
    for a in range(3):
        if abs(direction[a]) < _EPS:
            outside = (points[:, a] < -_EPS) | (points[:, a] > 1 + _EPS)
            low[outside], high[outside] = np.inf, -np.inf
            continue
        s0, s1 = -points[:, a] / direction[a], (1 - points[:, a]) / direction[a]
        low = np.maximum(low, np.minimum(s0, s1))
        high = np.minimum(high, np.maximum(s0, s1))
    empty = ~(high - low > 1e-7)
    low[empty], high[empty] = 0.0, 0.0
    segments = points[:, None, :] + np.stack([low, high], axis=1)[:, :, None] * direction
    segments[empty] = np.nan
    return segments


def _plane_polygon(normal: np.ndarray, offset: float) -> np.ndarray | None:
    """The convex polygon n.x = offset inside the cell, or None if it has no area."""
    values = _CUBE @ normal - offset
    points = []
    for a, b in _CUBE_EDGES:
        va, vb = values[a], values[b]
        if abs(va) < _EPS:
            points.append(_CUBE[a])
        if va * vb < 0 and abs(vb) >= _EPS:
            points.append(_CUBE[a] + va / (va - vb) * (_CUBE[b] - _CUBE[a]))
    if len(points) < 3:
        return None
    points = np.unique(np.round(np.array(points), 12), axis=0)
    if len(points) < 3:
        return None
    centre = points.mean(axis=0)
    u = points[0] - centre
    w = np.cross(normal, u)
    order = np.argsort(np.arctan2((points - centre) @ w, (points - centre) @ u))
    return points[order]


def space_cell_elements(group) -> SpaceCellElements:
    """All rotation/screw axes, mirror/glide planes and inversion/rotoinversion centres of
    a space group that meet the unit cell.

    Every coset member and cell shift of every operation is handled as one array; elements
    met more than once (the same line or plane from several members) are merged by their
    rounded geometry, in the order first met."""
    axis_keys, axis_segments, axis_pure, axis_screw = [], [], [], []
    plane_keys, plane_mirror, plane_normal = [], [], []
    inversions: set[tuple] = set()
    rotoinversions: dict[tuple, int] = {}
    identity = np.eye(3)
    centrings = np.array([op.translation for op in group.operations
                          if np.array_equal(op.rotation, np.eye(3, dtype=op.rotation.dtype))])
    for op in group.operations:
        r = op.rotation.astype(np.float64)
        k = rotation_order(op.rotation)
        if k == 1:
            continue
        det = int(round(np.linalg.det(r)))
        powers = [np.linalg.matrix_power(r, i) for i in range(k)]
        mean_power = sum(powers) / k
        shifted = op.translation + _SHIFTS  # (27, 3): members of the coset
        intrinsic = shifted @ mean_power.T
        location = -(shifted - intrinsic) @ np.linalg.pinv(r - identity).T
        if det == 1:
            # The classification of symmetry_elements, for all 27 coset members at once.
            axis = rotation_axis(np.linalg.svd(r - identity)[2][-1])
            along = screw_indices(k, rotation_sense(op.rotation, axis),
                                  intrinsic @ axis / (axis @ axis), lattice_period(axis, centrings))
            candidates = (location[:, None, :] + _SHIFTS[None]).reshape(-1, 3)
            segments = _clip_lines(candidates, axis.astype(float))
            met = ~np.isnan(segments[:, 0, 0])
            rounded = np.round(segments[met], 7)
            # The key of a segment: its rounded end points in a fixed order (as tuples sort).
            swap = _after(rounded[:, 0], rounded[:, 1])
            ends = np.where(swap[:, None, None], rounded[:, ::-1], rounded)
            axis_keys.append(ends.reshape(-1, 6))
            axis_segments.append(segments[met])
            screws = np.repeat(along, len(_SHIFTS))[met]
            axis_pure.append(np.where(screws == 0, k, 1))
            axis_screw.append(np.where(screws == 0, 0, 10 * k + screws))
        elif k == 2 and not np.allclose(r, -identity):
            normal = primitive_direction(np.linalg.svd(r.T + identity)[2][-1])  # R^T n = -n
            pure = in_lattice(intrinsic, centrings)
            offsets = ((location[:, None, :] + _SHIFTS[None]) @ normal).reshape(-1)
            corners = _CUBE @ normal
            meets = (offsets > corners.min() - _EPS) & (offsets < corners.max() + _EPS)
            plane_keys.append(np.column_stack([np.broadcast_to(normal, (int(meets.sum()), 3)),
                                               np.round(offsets[meets], 7)]))
            plane_mirror.append(np.repeat(pure, len(_SHIFTS))[meets])
        else:
            points = (location[:, None, :] + _SHIFTS[None]).reshape(-1, 3)
            inside = np.all((points > -_EPS) & (points < 1 + _EPS), axis=1)
            for p in np.round(points[inside], 7):
                if np.allclose(r, -identity):
                    inversions.add(tuple(p))
                else:
                    rotoinversions[tuple(p)] = max(rotoinversions.get(tuple(p), 0),
                                                   rotation_order(-op.rotation))
    segments, orders, screws = _merge_axes(axis_keys, axis_segments, axis_pure, axis_screw)
    polygons, mirrors, normals = _merge_planes(plane_keys, plane_mirror)
    roto = sorted(rotoinversions)
    return SpaceCellElements(
        axis_segments=segments,
        axis_orders=orders,
        axis_screws=tuple(f"{c // 10}_{c % 10}" if c // 10 > o else "" for c, o in zip(screws, orders)),
        plane_polygons=polygons,
        plane_mirror=mirrors,
        plane_normals=normals,
        inversion_centres=np.array(sorted(inversions), dtype=np.float64).reshape(-1, 3),
        rotoinversion_points=np.array(roto, dtype=np.float64).reshape(-1, 3),
        rotoinversion_symbols=tuple(f"-{rotoinversions[p]}" for p in roto),
    )


def _after(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise whether the point a comes after b as a tuple (x, then y, then z)."""
    diff = a - b
    nonzero = diff != 0
    first = np.argmax(nonzero, axis=1)
    sign = diff[np.arange(len(diff)), first]
    return nonzero.any(axis=1) & (sign > 0)


def _first_met(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows ``keys``: the index of each distinct row's first occurrence, in the order
    first met, and for every row the number of its distinct row in that order."""
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse.reshape(-1)]


def _merge_axes(keys, segments, pure, screw):
    """Distinct axis segments (first met first): (segments, rotation orders, screw codes
    10 k + s of the highest screw k_s, 0 for none)."""
    if not keys:
        return np.zeros((0, 2, 3)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys, segments = np.concatenate(keys), np.concatenate(segments)
    first, which = _first_met(keys)
    orders = np.ones(len(first), dtype=np.int64)
    np.maximum.at(orders, which, np.concatenate(pure))
    codes = np.zeros(len(first), dtype=np.int64)
    np.maximum.at(codes, which, np.concatenate(screw))
    return segments[first].reshape(-1, 2, 3), orders, codes


def _merge_planes(keys, mirror):
    """Distinct planes meeting the cell with area (first met first): (polygons, whether
    each is a mirror, primitive normals)."""
    if not keys:
        return (), np.zeros(0, dtype=bool), np.zeros((0, 3), dtype=np.int64)
    keys, mirror = np.concatenate(keys), np.concatenate(mirror)
    first, which = _first_met(keys)
    mirrors = np.zeros(len(first), dtype=bool)
    np.logical_or.at(mirrors, which, mirror)
    polygons, kept = [], []
    for i, row in enumerate(keys[first]):
        polygon = _plane_polygon(row[:3], float(row[3]))
        if polygon is not None:
            polygons.append(polygon)
            kept.append(i)
    normals = np.round(keys[first][kept, :3]).astype(np.int64).reshape(-1, 3)
    return tuple(polygons), mirrors[kept], normals
