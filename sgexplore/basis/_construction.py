"""Real orthonormal invariant functions as sums of plane waves (host-side NumPy)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..groups import DENOMINATOR, CrystallographicGroup
from ._orbits import BasisTooLargeError, orbit_table, rotation_classes


@dataclass(frozen=True)
class BasisTerms:
    """Function i is f_i(x) = Re sum_{t : function[t] = i} coefficient[t] exp(2 pi i k_t . x).

    Attributes:
        frequencies: (T, d) int64 plane-wave frequencies k_t.
        coefficients: (T,) complex128 coefficients.
        function: (T,) int64 index of the function each term belongs to (non-decreasing).
        eigenvalues: (n,) float64 Laplacian eigenvalue of each function.
        orbit: (n,) int64 index of the frequency orbit behind each function.
        part: (n,) int8: 0 real orbit (-k in the orbit), 1 cosine part, 2 sine part.
        representatives: (O, d) int64 representative frequency of each orbit.
        extinct: (E, d) int64 representatives of the orbits killed by glides and screws
            up to the bound (centring-killed frequencies are not among them; see
            ``InvariantBasis.extinctions``).
    """

    frequencies: np.ndarray
    coefficients: np.ndarray
    function: np.ndarray
    eigenvalues: np.ndarray
    orbit: np.ndarray
    part: np.ndarray
    representatives: np.ndarray
    extinct: np.ndarray


@lru_cache(maxsize=64)
def basis_terms(group: CrystallographicGroup, metric_key: bytes, dim: int,
                max_eigenvalue: float) -> BasisTerms:
    """All invariant functions with eigenvalue <= max_eigenvalue (cached)."""
    metric = np.frombuffer(metric_key, dtype=np.float64).reshape(dim, dim)
    table = orbit_table(group, metric, max_eigenvalue)
    reps = table.representatives
    n_orbits = len(reps)
    first, _ = rotation_classes(group)
    rotations = group.rotations[first]
    translations = group.translation_numerators[first]
    images = np.einsum("gji,oj->goi", rotations, reps)  # (m, O, d): R^T k
    phases = np.mod(reps @ translations.T, DENOMINATOR).T  # (m, O)
    span = int(np.abs(images).max(initial=0)) + 1
    weights = (2 * span + 1) ** np.arange(dim, dtype=np.int64)
    keys = images @ weights
    order = np.argsort(keys, axis=0, kind="stable")
    sorted_keys = np.take_along_axis(keys, order, axis=0)
    first = np.ones_like(sorted_keys, dtype=bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    sizes = first.sum(axis=0)
    is_negative = np.all(images == -reps[None], axis=2)
    negative_phase = phases[np.argmax(is_negative, axis=0), np.arange(n_orbits)]

    real = table.self_conjugate
    n_functions = np.where(real, 1, 2)
    offsets = np.concatenate([[0], np.cumsum(n_functions)[:-1]])
    # Unique members of every orbit, as (member row, orbit column) pairs.
    rows, cols = np.nonzero(first)
    member_rows = order[rows, cols]
    members = images[member_rows, cols]
    member_phase = phases[member_rows, cols]
    # A constant phase makes a self-conjugate orbit's function real: alpha = w_{-k}^{-1/2}.
    shift = np.where(real[cols], negative_phase[cols] / 2.0, 0.0)
    w = np.exp(2j * np.pi * (member_phase - shift) / DENOMINATOR)
    scale = np.where(real[cols], 1.0, math.sqrt(2.0)) / np.sqrt(sizes[cols])
    base = w * scale
    repeat = n_functions[cols]
    term_orbit = np.repeat(cols, repeat)
    sine = np.concatenate([[0], np.cumsum(repeat)[:-1]])
    is_sine = np.zeros(len(term_orbit), dtype=bool)
    is_sine[sine[repeat == 2] + 1] = True
    coefficients = np.repeat(base, repeat) * np.where(is_sine, -1j, 1.0)
    function = offsets[term_orbit] + is_sine
    term_order = np.argsort(function, kind="stable")

    part = np.zeros(int(n_functions.sum()), dtype=np.int8)
    part[offsets[~real]] = 1
    part[offsets[~real] + 1] = 2
    eigenvalues = np.repeat(table.eigenvalues, n_functions)
    return BasisTerms(
        frequencies=np.repeat(members, repeat, axis=0)[term_order],
        coefficients=coefficients[term_order],
        function=function[term_order].astype(np.int64),
        eigenvalues=eigenvalues,
        orbit=np.repeat(np.arange(n_orbits), n_functions),
        part=part,
        representatives=reps,
        extinct=table.extinct,
    )


def bound_for_count(group: CrystallographicGroup, metric: np.ndarray, n: int) -> float:
    """An eigenvalue bound with at least ``n`` functions below it (Weyl-law start, grown)."""
    dim = group.dim
    volume = math.sqrt(np.linalg.det(metric)) / group.order
    if dim == 2:
        bound = 4 * math.pi * (n + 8) / volume
    else:
        bound = (6 * math.pi**2 * (n + 8) / volume) ** (2 / 3)
    bound *= 1.25
    metric_key = np.ascontiguousarray(metric, dtype=np.float64).tobytes()
    for _ in range(40):
        terms = basis_terms(group, metric_key, dim, bound)
        if len(terms.eigenvalues) >= n:
            return bound
        bound *= 1.5
    raise BasisTooLargeError(f"could not reach {n} functions")  # pragma: no cover
