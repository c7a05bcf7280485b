"""Symmetry breaking in the invariant basis: what a subgroup H < G lets in.

Every G-invariant function is H-invariant, so span(basis_G) lies in span(basis_H). In H's
cell (x_G = P x_H + p) a plane wave of G becomes exp(2 pi i k.p) exp(2 pi i (P^T k).x_H):
G's functions are fixed combinations of H's. Both bases are orthonormal for the cell mean,
which Parseval turns into the plain inner product of complex plane-wave coefficients, so the
coordinates of G's functions in H's basis are inner products, and the new functions (the
order-parameter space of the transition G -> H) are the orthogonal complement, level by level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np
from scipy import sparse

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

    @property
    def new_count(self) -> int:
        """The number of new functions up to the bound, all levels together."""
        return sum(lv.new for lv in self.levels)

    @cached_property
    def period(self) -> int:
        """m: one period of H's functions spans m cells of G along each axis (the least m
        with m P^-1 integral): 1 for a t-subgroup, 2 for the cells 2a,2b and a-b,a+b."""
        inverse = np.linalg.inv(self.relation.P)
        return math.lcm(*(Fraction(float(v)).limit_denominator(1000).denominator
                          for v in inverse.ravel()))

    def new_level(self, number: int) -> tuple[BrokenLevel, int]:
        """The level of new function ``number`` (counted over all levels, lowest first)
        and its row in that level's ``new_functions``.

        Raises:
            SgexploreError: ``number`` is not between 0 and ``new_count - 1``.
        """
        if not 0 <= number < self.new_count:
            raise SgexploreError(f"the new function must be between 0 and {self.new_count - 1} "
                                 f"({self.new_count} new functions up to the bound), got {number}")
        for level in self.levels:
            if number < level.new:
                return level, number
            number -= level.new
        raise AssertionError("unreachable: the count was checked")

    def new_on_grid(self, number: int, resolution: int) -> np.ndarray:
        """New function ``number`` (as ``new_level`` counts) in G's coordinates: its values
        at x_G = j / resolution for j = 0 .. n - 1 along each axis, n = period * resolution,
        so one period of the function (period x period cells of G), by one inverse FFT.

        Returns:
            (n,) * d float64 values.

        Raises:
            SgexploreError: ``number`` out of range; BasisTooLargeError: a grid past
            ``sgexplore.limits.MAX_GRID_BYTES``.

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> r = next(r for r in wallpaper_group("pm").maximal_subgroups()
            ...          if r.transformation == "2a,b")
            >>> b = symmetry_breaking(r, max_eigenvalue=4 * np.pi**2)
            >>> b.period, b.new_on_grid(0, 4).shape
            (2, (8, 8))
        """
        level, row = self.new_level(number)
        m, d = self.period, self.relation.group.dim
        shape = self.sub_basis._check_grid((m * int(resolution),) * d, 1)
        inverse = np.linalg.inv(self.relation.P)
        spectrum = np.zeros(shape, dtype=complex)
        orbits = self.sub_basis.frequency_orbits
        for weight, function in zip(level.new_functions[row], level.functions):
            k, c = _plane_waves(orbits[function])
            # exp(2 pi i k.x_H) with x_H = P^-1 (x_G - p), x_G = m y on the grid y = j / n
            q = m * k @ inverse
            wave = np.rint(q).astype(np.int64)
            if np.abs(q - wave).max(initial=0.0) > 1e-9:
                raise SgexploreError("a frequency of the subgroup is not periodic over "
                                     f"{m} cells of the group")
            phase = np.exp(-2j * np.pi * (k @ inverse @ self.relation.p))
            np.add.at(spectrum, tuple((wave % np.array(shape)).T), weight * c * phase)
        return np.real(np.fft.ifftn(spectrum)) * math.prod(shape)


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
    # sparse: each function lives on one orbit (or a pair), a few of the frequencies
    g_matrix = _sparse(g_vectors, size)
    h_matrix = _sparse(h_vectors, size)
    coordinates = np.real((g_matrix @ h_matrix.conj().T).toarray())
    residual = np.abs(g_matrix.toarray() - (h_matrix.T @ coordinates.T).T).max(initial=0.0)
    if residual > 1e-8:
        raise SgexploreError(f"{group.symbol}'s basis does not lie in {sub.symbol}'s under "
                             f"{relation.transformation} (residual {residual:.2e})")
    levels = []
    h_eigen = sub_basis.eigenvalues
    g_eigen = basis.eigenvalues
    start = 0
    while start < len(h_eigen):
        value = h_eigen[start]
        stop = _level(h_eigen, value)[1]
        if value > float(max_eigenvalue) * (1 + 1e-9) + 1e-12:
            break
        mine = np.arange(*_level(g_eigen, value))
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
        for k, c in zip(*_plane_waves(orbit)):
            if P is not None:
                c = c * np.exp(2j * np.pi * float(k @ p))
                mapped = P.T @ k
                k = np.rint(mapped).astype(np.int64)
                if np.abs(mapped - k).max() > 1e-9:
                    raise SgexploreError("a frequency of the group is not one of the subgroup's")
            position = index_of.setdefault(tuple(int(v) for v in k), len(index_of))
            vector[position] = vector.get(position, 0) + c
        vectors.append(vector)
    return vectors


def _plane_waves(orbit) -> tuple[np.ndarray, np.ndarray]:
    """A real function Re sum_j c_j e_(k_j) as the plane waves it is: frequencies (2m, d)
    int64, k_j then -k_j, and complex coefficients (2m,), c_j / 2 then conj(c_j) / 2."""
    k, c = orbit.frequencies, orbit.coefficients
    return np.concatenate([k, -k]), np.concatenate([c / 2, np.conj(c) / 2])


def _level(eigenvalues: np.ndarray, value: float) -> tuple[int, int]:
    """[start, stop) of the sorted ``eigenvalues`` close to ``value`` (np.isclose's test,
    relative ``_LEVEL_RTOL``), by bisection."""
    tol = 1e-12 + _LEVEL_RTOL * abs(value)
    return (int(np.searchsorted(eigenvalues, value - tol, "left")),
            int(np.searchsorted(eigenvalues, value + tol, "right")))


def _sparse(vectors: list[dict[int, complex]], size: int) -> sparse.csr_array:
    rows = [i for i, vector in enumerate(vectors) for _ in vector]
    columns = [j for vector in vectors for j in vector]
    values = [c for vector in vectors for c in vector.values()]
    return sparse.csr_array((np.array(values, dtype=complex), (rows, columns)),
                            shape=(len(vectors), size))
