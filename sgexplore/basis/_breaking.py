"""Symmetry breaking in the invariant basis: what a subgroup H < G lets in.

Every G-invariant function is H-invariant, so span(basis_G) lies in span(basis_H). In H's
cell (x_G = P x_H + p) a plane wave of G becomes exp(2 pi i k.p) exp(2 pi i (P^T k).x_H):
G's functions are fixed combinations of H's. Both bases are orthonormal for the cell mean,
which Parseval turns into the plain inner product of complex plane-wave coefficients, so the
coordinates of G's functions in H's basis are inner products, and the new functions (the
order-parameter space of the transition G -> H) are the orthogonal complement, level by level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..groups import Lattice, SgexploreError, SubgroupRelation
from ._basis import InvariantBasis, invariant_basis

_LEVEL_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class BrokenLevel:
    """One eigenvalue level of H's basis and how much of it G already had.

    Attributes:
        eigenvalue: the Laplacian eigenvalue of the level (float64).
        functions: (total,) int64 indices of H's basis functions at this level.
        kept: number of G's functions at this level (the dimension of their span).
        new: number of new functions, ``total - kept``.
        new_functions: (new, total) float64 orthonormal rows: the new functions as
            combinations of H's functions at this level, orthogonal to all of G's.
    """

    eigenvalue: float
    functions: np.ndarray
    kept: int
    new: int
    new_functions: np.ndarray = field(repr=False)

    @property
    def total(self) -> int:
        return len(self.functions)


@dataclass(frozen=True, eq=False)
class SymmetryBreaking:
    """G's invariant basis inside that of a subgroup H, level by level.

    Attributes:
        relation: the subgroup relation (G, H, (P, p)).
        basis: G's basis on G's lattice.
        sub_basis: H's basis on the same lattice, in H's standard setting (cell P).
        coordinates: (len(basis), len(sub_basis)) float64: G's function i is
            sum_j coordinates[i, j] sub_basis_j, at points related by x_G = P x_H + p.
        levels: the levels of H's basis up to the eigenvalue bound, lowest first.
    """

    relation: SubgroupRelation
    basis: InvariantBasis = field(repr=False)
    sub_basis: InvariantBasis = field(repr=False)
    coordinates: np.ndarray = field(repr=False)
    levels: tuple[BrokenLevel, ...]

    @property
    def first_new_eigenvalue(self) -> float | None:
        """The lowest eigenvalue with new functions: where the order parameter of the
        transition enters the spectrum (None below the bound)."""
        return next((lv.eigenvalue for lv in self.levels if lv.new), None)


def symmetry_breaking(relation: SubgroupRelation, max_eigenvalue: float,
                      lattice: Lattice | np.ndarray | None = None) -> SymmetryBreaking:
    """Which functions of H's invariant basis are new when G breaks to H (a record of
    ``G.maximal_subgroups()``, or any relation with the same fields), level by level.

    Args:
        relation: the subgroup H < G with (P, p) from G's setting to H's standard one.
        max_eigenvalue: inclusive bound on the Laplacian eigenvalue of both bases.
        lattice: G's lattice (default G's default lattice); H's is its cell P.

    Examples:
        >>> import numpy as np
        >>> from sgexplore import wallpaper_group
        >>> r = next(r for r in wallpaper_group("p4m").maximal_subgroups()
        ...          if r.subgroup.symbol == "p2mm")
        >>> b = symmetry_breaking(r, max_eigenvalue=4 * np.pi**2 * 5)
        >>> [(lv.kept, lv.new) for lv in b.levels]
        [(1, 0), (1, 1), (1, 0), (1, 1), (1, 1)]
        >>> round(b.first_new_eigenvalue / (4 * np.pi**2), 6)
        1.0
    """
    group, sub = relation.group, relation.subgroup
    lat = group.default_lattice if lattice is None else group.check_lattice(lattice)
    P = np.array(relation.linear, dtype=float)
    p = np.array(relation.origin_shift, dtype=float)
    sub_lattice = sub.check_lattice(Lattice(lat.matrix @ P))
    # a hair above the bound in both, then only levels within it: no level cut in one only
    bound = float(max_eigenvalue) * (1 + 1e-7) + 1e-12
    basis = invariant_basis(group, max_eigenvalue=bound, lattice=lat)
    sub_basis = invariant_basis(sub, max_eigenvalue=bound, lattice=sub_lattice)
    index_of: dict[tuple[int, ...], int] = {}
    g_vectors = _coefficient_vectors(basis, index_of, P, p)
    h_vectors = _coefficient_vectors(sub_basis, index_of, None, None)
    size = len(index_of)
    g_matrix = _dense(g_vectors, size)
    h_matrix = _dense(h_vectors, size)
    coordinates = np.real(g_matrix @ h_matrix.conj().T)
    residual = np.abs(g_matrix - coordinates @ h_matrix).max(initial=0.0)
    if residual > 1e-8:
        raise SgexploreError(f"{group.symbol}'s basis does not lie in {sub.symbol}'s under "
                             f"{relation.transformation} (residual {residual:.2e})")
    levels = []
    h_eigen = sub_basis.eigenvalues
    g_eigen = basis.eigenvalues
    start = 0
    while start < len(h_eigen):
        value = h_eigen[start]
        stop = start
        while stop < len(h_eigen) and np.isclose(h_eigen[stop], value, rtol=_LEVEL_RTOL, atol=1e-12):
            stop += 1
        if value > float(max_eigenvalue) * (1 + 1e-9) + 1e-12:
            break
        mine = np.flatnonzero(np.isclose(g_eigen, value, rtol=_LEVEL_RTOL, atol=1e-12))
        block = coordinates[np.ix_(mine, np.arange(start, stop))]
        kept = int(np.linalg.matrix_rank(block, tol=1e-8)) if len(mine) else 0
        # the orthogonal complement of G's rows in this level
        vt = np.linalg.svd(block if len(mine) else np.zeros((1, stop - start)))[2]
        new_rows = vt[kept:]
        levels.append(BrokenLevel(float(value), np.arange(start, stop), kept, stop - start - kept,
                                  new_rows))
        start = stop
    return SymmetryBreaking(relation, basis, sub_basis, coordinates, tuple(levels))


def _coefficient_vectors(basis: InvariantBasis, index_of: dict, P, p) -> list[dict[int, complex]]:
    """Each real function Re sum c_j e_(k_j) as its complex plane-wave coefficients
    {frequency index: coefficient}, frequencies carried into H's cell when P is given."""
    vectors = []
    for orbit in basis.frequency_orbits:
        vector: dict[int, complex] = {}
        for k, c in zip(orbit.frequencies, orbit.coefficients):
            if P is not None:
                c = c * np.exp(2j * np.pi * float(k @ p))
                mapped = P.T @ k
                k = np.rint(mapped).astype(np.int64)
                if np.abs(mapped - k).max() > 1e-9:
                    raise SgexploreError("a frequency of the group is not one of the subgroup's")
            for freq, coefficient in ((k, c / 2), (-k, np.conj(c) / 2)):
                key = tuple(int(v) for v in freq)
                position = index_of.setdefault(key, len(index_of))
                vector[position] = vector.get(position, 0) + coefficient
        vectors.append(vector)
    return vectors


def _dense(vectors: list[dict[int, complex]], size: int) -> np.ndarray:
    matrix = np.zeros((len(vectors), size), dtype=complex)
    for i, vector in enumerate(vectors):
        for j, c in vector.items():
            matrix[i, j] = c
    return matrix
