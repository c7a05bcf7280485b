"""Frequency orbits, phases and extinctions: exact integer work in NumPy.

A plane wave e_k(x) = exp(2 pi i k.x) transforms as e_k(g.x) = exp(2 pi i k.t) e_{R^T k}(x),
so the point parts permute frequencies along orbits {R^T k} and the translations add phases.
The group average of e_k vanishes exactly when some g fixing k (R^T k = k) has k.t not an
integer: the reflection conditions of the International Tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..groups import DENOMINATOR, BasisTooLargeError, CrystallographicGroup, SgexploreError
from ..limits import MAX_FREQUENCIES


@dataclass(frozen=True)
class OrbitTable:
    """Surviving orbits of frequencies with Laplacian eigenvalue <= a bound.

    Attributes:
        representatives: (O, d) int64, lexicographically largest member of each orbit.
        eigenvalues: (O,) float64, lambda = 4 pi^2 k^T M^-1 k of each orbit.
        self_conjugate: (O,) bool, whether -k lies in the orbit of k (one real function)
            or not (two real functions, cosine and sine parts; the orbit of -k is dropped).
        extinct: (E, d) int64, representatives of the orbits killed by glides and screws
            (both signs kept). Frequencies killed by a centring are cut before orbits are
            formed; ``InvariantBasis.extinctions`` lists every absent frequency.
    """

    representatives: np.ndarray
    eigenvalues: np.ndarray
    self_conjugate: np.ndarray
    extinct: np.ndarray


def eigenvalues_of(frequencies: np.ndarray, metric: np.ndarray) -> np.ndarray:
    """lambda_k = 4 pi^2 k^T M^-1 k for integer frequencies (..., d)."""
    inverse = np.linalg.inv(metric)
    k = np.asarray(frequencies, dtype=float)
    return 4 * np.pi**2 * np.einsum("...i,ij,...j->...", k, inverse, k)


def candidate_box(metric: np.ndarray, max_eigenvalue: float) -> list[int]:
    """Half-widths of the box of integer frequencies that holds the ellipsoid
    k^T M^-1 k <= max_eigenvalue / 4 pi^2, refused (``BasisTooLargeError``) when the box or
    the ellipsoid holds more than ``MAX_FREQUENCIES`` points. Counted in Python floats and
    ints, before anything is allocated, so that no bound can overflow the check."""
    if not math.isfinite(max_eigenvalue) or max_eigenvalue < 0:
        raise SgexploreError(f"max_eigenvalue must be a finite number >= 0, got {max_eigenvalue!r}")
    metric = np.asarray(metric, dtype=np.float64)
    dim = metric.shape[0]
    radius2 = float(max_eigenvalue) / (4 * math.pi**2)
    # Floats may reach inf here but never wrap around; integers only once the box is small.
    widths = [math.sqrt(radius2 * float(metric[a, a])) + 1e-9 for a in range(dim)]
    box = math.prod(2 * math.floor(w) + 1 if w < 2**52 else math.inf for w in widths)
    # Lattice points in the ellipsoid ~ its volume V_d r^d sqrt(det M) in frequency space.
    ball = math.pi ** (dim / 2) / math.gamma(dim / 2 + 1)
    inside = ball * radius2 ** (dim / 2) * math.sqrt(max(float(np.linalg.det(metric)), 0.0))
    if box > MAX_FREQUENCIES or inside > MAX_FREQUENCIES:
        raise BasisTooLargeError(
            f"eigenvalue bound {max_eigenvalue:.4g} needs about {inside:.3g} frequencies in a box of "
            f"{box:.3g} candidate frequencies (limit sgexplore.limits.MAX_FREQUENCIES = "
            f"{MAX_FREQUENCIES:,}, about 1 GB of work); ask for a smaller bound or fewer functions"
        )
    return [math.floor(w) for w in widths]


def frequencies_within(metric: np.ndarray, max_eigenvalue: float) -> np.ndarray:
    """All k in Z^d with lambda_k <= max_eigenvalue (inclusive up to rounding), (K, d)."""
    bounds = np.array(candidate_box(metric, max_eigenvalue), dtype=np.int64)
    axes = [np.arange(-b, b + 1) for b in bounds]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(bounds))
    lam = eigenvalues_of(grid, metric)
    tolerance = 1e-9 * max(max_eigenvalue, 1.0)
    return grid[lam <= max_eigenvalue + tolerance]


def _encoder(frequencies: np.ndarray) -> np.ndarray:
    """Weights w such that k -> k . w is injective and orders frequencies lexicographically."""
    base = 2 * int(np.abs(frequencies).max(initial=0)) + 3
    return base ** np.arange(frequencies.shape[1] - 1, -1, -1, dtype=np.int64)


def rotation_classes(group: CrystallographicGroup) -> tuple[np.ndarray, np.ndarray]:
    """Operations grouped by linear part, in the order of first appearance.

    Returns (first (m,): index of the first operation with each distinct rotation,
    inverse (n,): index of each operation's rotation among the distinct ones).
    """
    _, index, inverse = np.unique(group.rotations.reshape(group.order, -1), axis=0,
                                  return_index=True, return_inverse=True)
    order = np.argsort(index)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return index[order], rank[inverse.ravel()]


def distinct_rotations(group: CrystallographicGroup) -> np.ndarray:
    """(m, d, d) the distinct linear parts of the group (the point group)."""
    return group.rotations[rotation_classes(group)[0]]


def orbit_table(group: CrystallographicGroup, metric: np.ndarray, max_eigenvalue: float) -> OrbitTable:
    """Enumerate, classify and order the frequency orbits up to ``max_eigenvalue``."""
    k = frequencies_within(metric, max_eigenvalue)
    # Centring translations fix every frequency: k.c must be an integer (a cheap first cut).
    centring = np.rint(group.centring_translations * DENOMINATOR).astype(np.int64)
    k = k[np.all(np.mod(k @ centring.T, DENOMINATOR) == 0, axis=1)]
    rotations = distinct_rotations(group)
    weights = _encoder(k)
    # key(R^T k) = (R^T k) . w = k . (R w): one matrix product gives every image key.
    # Keys stay below 2^53, so the float64 (BLAS) product is exact.
    image_weights = np.einsum("gij,j->gi", rotations, weights).astype(np.float64)
    canonical = (k.astype(np.float64) @ image_weights.T).max(axis=1)
    own = (k.astype(np.float64) @ weights.astype(np.float64)) == canonical
    reps = k[own]
    own_keys = canonical[own]
    conjugate_keys = (-reps.astype(np.float64) @ image_weights.T).max(axis=1)
    self_conjugate = conjugate_keys == own_keys
    extinct = _extinct(group, rotations, reps)
    keep = ~extinct & (self_conjugate | (own_keys > conjugate_keys))
    lam = eigenvalues_of(reps, metric)
    order, eigenvalues = _order(lam[keep], reps[keep])
    extinct_order, _ = _order(lam[extinct], reps[extinct])
    return OrbitTable(
        representatives=reps[keep][order],
        eigenvalues=eigenvalues,
        self_conjugate=self_conjugate[keep][order],
        extinct=reps[extinct][extinct_order],
    )


def _extinct(group: CrystallographicGroup, rotations: np.ndarray, reps: np.ndarray) -> np.ndarray:
    """Orbits killed by the group average: some g with R^T k = k has k.t not integral."""
    _, op_rotation = rotation_classes(group)
    fixed = np.stack([np.all(reps @ r == reps, axis=1) for r in rotations])  # (m, O)
    phase = np.mod(reps @ group.translation_numerators.T, DENOMINATOR)  # (O, n)
    return np.any(fixed[op_rotation].T & (phase != 0), axis=1)


def _snap_levels(lam: np.ndarray) -> np.ndarray:
    """Eigenvalues with every degenerate level (neighbours within 1e-9 relative) given the
    value of its smallest member; the result does not depend on the bound."""
    if len(lam) == 0:
        return lam
    order = np.argsort(lam, kind="stable")
    sorted_lam = lam[order]
    new_level = np.r_[True, np.diff(sorted_lam) > 1e-9 * np.maximum(sorted_lam[1:], 1e-300)]
    snapped = np.empty_like(lam)
    snapped[order] = sorted_lam[np.flatnonzero(new_level)[np.cumsum(new_level) - 1]]
    return snapped


def _order(lam: np.ndarray, reps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(order, snapped eigenvalues): by level, then by decreasing representative."""
    snapped = _snap_levels(lam)
    columns = [-reps[:, i] for i in range(reps.shape[1] - 1, -1, -1)]
    order = np.lexsort((*columns, snapped))
    return order, snapped[order]
