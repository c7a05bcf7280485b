"""Maximal subgroups and minimal supergroups of the plane and space groups.

moyopy (spglib's successor, by the spglib authors) enumerates the translationengleiche
subgroups of a space group by conjugacy class (``enumerate_translationengleiche_subgroups``)
and its klassengleiche subgroups of a given index (``enumerate_klassengleiche_subgroups``), and
identifies a space group from its operations with the transformation to a Hall setting
(``moyopy.SpaceGroup``). Here those are put together, exactly:

- t-subgroups: the classes of depth 1 (maximal) of the factor group G/T.
- k-subgroups: by Lemma 1.2.8.2.1 of ITA A1, a maximal subgroup has index p, p^2 (plane and
  space groups) or p^3 (cubic), and a maximal non-isomorphic one index 2, 3 or 4; the
  classes of those indices, kept when no k-subgroup of a smaller index contains them.
  Isomorphic ones (same affine type) are infinitely many: the classes of the lowest index.
- The subgroup is identified (type and transformation to its standard setting, the one
  ``space_group(n)`` returns) by moyopy for space groups; plane groups go through moyopy
  embedded in 3D (the plane normal as c) and are identified here by a search over small
  integer bases and origins.

Every transformation is checked exactly before a record is made: the subgroup's operations,
transformed back, are the operations found (a ``RuntimeError`` would mean a bug).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, cached_property
from math import gcd

import numpy as np

from ._operations import DENOMINATOR, Operation

# The enantiomorphic pairs: same affine type, so an isomorphic subgroup of P4_1 can be P4_3.
_ENANTIOMORPHS = dict(
    [(76, 78), (91, 95), (92, 96), (144, 145), (151, 153), (152, 154), (169, 170),
     (171, 172), (178, 179), (180, 181), (212, 213)]
)
_ENANTIOMORPHS.update({b: a for a, b in list(_ENANTIOMORPHS.items())})
_PRIMES = (2, 3, 5, 7, 11, 13)

Matrix = tuple[tuple[Fraction, ...], ...]
Vector = tuple[Fraction, ...]


# --- exact small linear algebra -----------------------------------------------------------

def _fr(array) -> np.ndarray:
    """An object array of Fractions (exact) from ints, Fractions or floats on the 1/24-grid."""
    flat = [v if isinstance(v, Fraction) else Fraction(int(v)) if isinstance(v, (int, np.integer))
            else Fraction(v).limit_denominator(720) for v in np.asarray(array, dtype=object).ravel()]
    return np.array(flat, dtype=object).reshape(np.shape(array))


def _inv(m: np.ndarray) -> np.ndarray:
    """Exact inverse of a small square Fraction matrix (Gauss-Jordan)."""
    n = m.shape[0]
    a = np.concatenate([_fr(m), _fr(np.eye(n, dtype=int))], axis=1)
    for col in range(n):
        pivot = next(r for r in range(col, n) if a[r, col] != 0)
        a[[col, pivot]] = a[[pivot, col]]
        a[col] = a[col] / a[col, col]
        for r in range(n):
            if r != col and a[r, col] != 0:
                a[r] = a[r] - a[r, col] * a[col]
    return a[:, n:]


def _det(m: np.ndarray) -> Fraction:
    m = _fr(m)
    if m.shape[0] == 2:
        return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    return sum(m[0, j] * _det(np.delete(m[1:], j, axis=1)) * (-1) ** j for j in range(3))


def _frac_mod1(v: np.ndarray) -> np.ndarray:
    return np.array([x - (x.numerator // x.denominator) for x in v], dtype=object)


def _lattice_basis(vectors: np.ndarray) -> np.ndarray:
    """(d, d) Fraction basis (columns, positive determinant) of the lattice the columns of
    ``vectors`` (Fractions) generate: integer column reduction (a Hermite normal form)."""
    vectors = _fr(vectors)
    scale = 1
    for v in vectors.ravel():
        scale = scale * v.denominator // gcd(scale, v.denominator)
    cols = [[int(x * scale) for x in vectors[:, j]] for j in range(vectors.shape[1])]
    d = vectors.shape[0]
    basis = []
    for row in range(d):
        live = [c for c in cols if c[row] != 0]
        rest = [c for c in cols if c[row] == 0]
        while len(live) > 1:
            live.sort(key=lambda c: abs(c[row]))
            head = live[0]
            live = [head] + [
                [a - (c[row] // head[row]) * b for a, b in zip(c, head)] for c in live[1:]
            ]
            rest += [c for c in live[1:] if c[row] == 0]
            live = [c for c in live if c[row] != 0]
        if live:
            head = live[0] if live[0][row] > 0 else [-a for a in live[0]]
            basis.append(head)
        cols = rest
    matrix = np.array([[Fraction(basis[j][i], scale) for j in range(d)] for i in range(d)],
                      dtype=object)
    return matrix


def _in_lattice(vector: np.ndarray, basis_inv: np.ndarray) -> bool:
    return all(x.denominator == 1 for x in basis_inv @ vector)


# --- the groups as exact affine data ------------------------------------------------------

@dataclass(frozen=True)
class _Affine:
    """Coset representatives (R, t) of a group modulo its translation lattice, exactly."""

    rotations: tuple[np.ndarray, ...]  # (d, d) object (Fraction) each
    translations: tuple[np.ndarray, ...]  # (d,) object each
    lattice: np.ndarray  # (d, d) Fraction basis (columns) of the translations

    @cached_property
    def lattice_inv(self) -> np.ndarray:
        return _inv(self.lattice)

    def reduced(self, t: np.ndarray) -> tuple:
        """Key of t modulo the lattice."""
        return tuple(_frac_mod1(self.lattice_inv @ t))

    @cached_property
    def keys(self) -> frozenset:
        return frozenset(
            (tuple(r.ravel()), self.reduced(t)) for r, t in zip(self.rotations, self.translations)
        )


@cache
def _group_affine(group) -> _Affine:
    """The group modulo its full lattice (centrings included), in its own setting."""
    dim = group.dim
    centrings = [_fr(np.array(op.translation_numerator) / 1) / DENOMINATOR
                 for op in group.operations if np.array_equal(op.rotation, np.eye(dim))]
    lattice = _lattice_basis(np.column_stack([_fr(np.eye(dim, dtype=int))] + [
        c.reshape(dim, 1) for c in centrings]))
    reps: dict[bytes, tuple] = {}
    for op in group.operations:
        reps.setdefault(op.rotation.tobytes(), (_fr(op.rotation),
                                                _fr(op.translation_numerator) / DENOMINATOR))
    rotations, translations = zip(*reps.values())
    return _Affine(tuple(rotations), tuple(translations), lattice)


# --- records ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SubgroupRelation:
    """One conjugacy class of maximal subgroups H of a group G (or, read the other way, G as
    a minimal supergroup of H).

    Attributes:
        kind: ``"t"`` (translationengleiche: G's translations kept, point group halved or
            less) or ``"k"`` (klassengleiche: point group kept, translations lost).
        index: [G : H] (2, 3 or 4 for non-isomorphic subgroups; p, p^2, p^3 for isomorphic).
        conjugates: number of subgroups in the conjugacy class under G.
        isomorphic: whether H has G's affine type (for enantiomorphic pairs, either member).
        group: G, in its setting (the one ``maximal_subgroups`` was called on).
        subgroup: H's type, as sgexplore's group in its standard setting.
        linear: (d, d) Fraction matrix P: H's conventional basis is G's basis times P.
        origin_shift: (d,) Fraction p: H's origin in G's coordinates; a point x of G is
            x' = P^-1 (x - p) in H's setting (ITA A1's (P, p)).
    """

    kind: str
    index: int
    conjugates: int
    isomorphic: bool
    group: object = field(repr=False)
    subgroup: object
    linear: Matrix = field(repr=False)
    origin_shift: Vector = field(repr=False)

    @property
    def P(self) -> np.ndarray:
        """(d, d) float64 linear part of the transformation."""
        return np.array(self.linear, dtype=float)

    @property
    def p(self) -> np.ndarray:
        """(d,) float64 origin shift."""
        return np.array(self.origin_shift, dtype=float)

    @property
    def transformation(self) -> str:
        """ITA A1's form of (P, p): H's basis in G's vectors, then the origin shift, e.g.
        ``'a-b,a+b,c;0,0,1/2'`` (the origin part is left off when it is zero)."""
        names = "abc"[: len(self.linear)]
        columns = []
        for j in range(len(self.linear)):
            term = ""
            for i, name in enumerate(names):
                c = self.linear[i][j]
                if c:
                    sign = "-" if c < 0 else ("+" if term else "")
                    size = "" if abs(c) == 1 else str(abs(c))
                    term += f"{sign}{size}{name}"
            columns.append(term)
        text = ",".join(columns)
        if any(self.origin_shift):
            text += ";" + ",".join(str(v) for v in self.origin_shift)
        return text

    def operations_in_group_setting(self) -> tuple[Operation, ...]:
        """H's operations (its standard-setting ones, centrings included), transformed into
        G's setting and reduced modulo G's lattice translations: each is an operation of G.
        Lattice translations of H that are only centrings of G appear as such.

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> r = wallpaper_group("p4m").maximal_subgroups()[0]
            >>> set(r.operations_in_group_setting()) <= set(wallpaper_group("p4m").operations)
            True
        """
        P = _fr(np.array(self.linear, dtype=object))
        p = _fr(np.array(self.origin_shift, dtype=object))
        P_inv = _inv(P)
        d = P.shape[0]
        ops = []
        for op in self.subgroup.operations:
            R = P @ _fr(op.rotation) @ P_inv
            t = P @ (_fr(op.translation_numerator) / DENOMINATOR) + p - R @ p
            numerators = [x * DENOMINATOR for x in t]
            if any(v.denominator != 1 for v in list(R.ravel()) + numerators):
                raise RuntimeError(f"{op.xyz} of {self.subgroup.symbol} is not an operation of "
                                 f"{self.group.symbol} under {self.transformation}")
            ops.append(Operation(np.array(R, dtype=np.int64).reshape(d, d),
                                 np.array([int(v) for v in numerators])))
        return tuple(dict.fromkeys(ops))

    @property
    def subgroup_lattice(self) -> np.ndarray:
        """(d, d) Fraction basis (columns, G's coordinates) of H's translations, H's centring
        included."""
        P = _fr(np.array(self.linear, dtype=object))
        return P @ _group_affine(self.subgroup).lattice

    def __repr__(self) -> str:
        return (f"SubgroupRelation({self.group.symbol} > {self.subgroup.symbol}, "
                f"kind={self.kind!r}, index={self.index}, conjugates={self.conjugates}, "
                f"isomorphic={self.isomorphic}, {self.transformation!r})")


# --- identification -----------------------------------------------------------------------

def _plane_matches(h: _Affine, standard, metric: np.ndarray):
    """Plane groups: (P, p) taking ``standard``'s operations onto H's, P = H's primitive basis
    times a small integer matrix, shortest cell first. Floats only narrow the search; the
    match returned is checked exactly by the caller."""
    std = _group_affine(standard)
    std_rot = np.array([np.array(r, dtype=float) for r in std.rotations])
    std_t = np.array([np.array(t, dtype=float) for t in std.translations])
    h_lattice = _reduced_2d(np.array(h.lattice, dtype=float), metric)
    h_inv = np.linalg.inv(h_lattice)
    std_lattice = np.array(std.lattice, dtype=float)
    h_rot = {np.rint(np.array(r, dtype=float)).astype(np.int64).tobytes():
             np.array(t, dtype=float) for r, t in zip(h.rotations, h.translations)}
    entries = np.array(list(itertools.product(range(-2, 3), repeat=4)), dtype=float).reshape(-1, 2, 2)
    target = 1 / np.linalg.det(std_lattice)  # 1 for p cells, 2 for c cells
    entries = entries[np.isclose(np.linalg.det(entries), target)]
    found = []
    for M in entries:
        P = h_lattice @ M
        P_inv = np.linalg.inv(P)
        cell = P @ std_lattice
        if not (_integral(np.linalg.inv(cell) @ h_lattice) and _integral(h_inv @ cell)):
            continue
        rotations = P @ std_rot @ P_inv
        if not _integral(rotations):
            continue
        keys = [np.rint(r).astype(np.int64).tobytes() for r in rotations]
        if sorted(keys) != sorted(h_rot):
            continue
        found.append((float(np.trace(P.T @ metric @ P)), tuple(-M.ravel()), M, rotations, keys))
    found.sort(key=lambda item: item[:2])
    # the origin matters modulo H's lattice: G's cell on the 1/24-grid, plus G's cells
    # covering H's (a sublattice of index n holds every residue in [0, n)^2)
    n = max(1, int(round(abs(np.linalg.det(h_lattice)))))
    cells = np.array(list(itertools.product(range(n), repeat=2)), dtype=float)
    fine = np.array(list(itertools.product(range(DENOMINATOR), repeat=2))) / DENOMINATOR
    grid = (cells[:, None, :] + fine[None]).reshape(-1, 2)
    for _, _, M, rotations, keys in found:
        P = h_lattice @ M
        ok = np.ones(len(grid), dtype=bool)
        for r, t, key in zip(rotations, std_t, keys):
            shift = P @ t - h_rot[key] + grid @ (np.eye(2) - r).T
            ok &= _integral(shift @ h_inv.T, axis=-1)
        if ok.any():
            origins = grid[ok]
            best = origins[np.lexsort((origins[:, 1], origins[:, 0], np.abs(origins).sum(axis=1)))][0]
            yield (_fr(np.rint(P * DENOMINATOR).astype(np.int64)) / DENOMINATOR,
                   _fr(np.rint(best * DENOMINATOR).astype(np.int64)) / DENOMINATOR)


def _reduced_2d(basis: np.ndarray, metric: np.ndarray) -> np.ndarray:
    """Lagrange-Gauss reduction of a plane lattice basis (columns) under ``metric``, so that
    a conventional cell is a small integer combination of it."""
    a, b = basis[:, 0].copy(), basis[:, 1].copy()
    norm = lambda v: float(v @ metric @ v)
    while True:
        if norm(a) > norm(b):
            a, b = b, a
        mu = round(float(a @ metric @ b) / norm(a))
        if mu == 0:
            break
        b = b - mu * a
    if np.linalg.det(np.column_stack([a, b])) < 0:
        b = -b
    return np.column_stack([a, b])


def _integral(values: np.ndarray, axis=None):
    close = np.abs(values - np.rint(values)) < 1e-9
    return close.all() if axis is None else close.all(axis=axis)


# --- klassengleiche subgroups: translations reassigned on a sublattice ---------------------

def _sublattices(dim: int, index: int):
    """Column bases (Hermite normal forms) of the sublattices of Z^dim of ``index``."""
    if dim == 2:
        for a in range(1, index + 1):
            if index % a == 0:
                d = index // a
                for b in range(a):
                    yield np.array([[a, b], [0, d]], dtype=np.int64)
        return
    for a in range(1, index + 1):
        if index % a:
            continue
        for d in range(1, index // a + 1):
            if (index // a) % d:
                continue
            f = index // a // d
            for b in range(a):
                for c in range(a):
                    for e in range(d):
                        yield np.array([[a, b, c], [0, d, e], [0, 0, f]], dtype=np.int64)


def _adjugate(b: np.ndarray) -> np.ndarray:
    return np.rint(np.linalg.inv(b) * round(np.linalg.det(b))).astype(np.int64)


@dataclass(frozen=True)
class _PrimitiveGroup:
    """G's coset representatives in a primitive basis: integer rotations and translations as
    numerators over DENOMINATOR, identity first, with a word for each in generators."""

    rotations: np.ndarray  # (n, d, d) int64
    numerators: np.ndarray  # (n, d) int64 in [0, 24)
    generators: tuple[int, ...]
    words: tuple[tuple[int, int, int], ...]  # (g, j, k): element k = generators[g] * element j
    products: np.ndarray  # (n, n) int64: index of R_i R_j
    lattice_parts: np.ndarray  # (n, n, d) int64: t_i + R_i t_j - t_(ij), a lattice vector


def _primitive_group(rotations: np.ndarray, numerators: np.ndarray) -> _PrimitiveGroup:
    n = len(rotations)
    keys = {r.tobytes(): i for i, r in enumerate(rotations)}
    products = np.array([[keys[(rotations[i] @ rotations[j]).tobytes()] for j in range(n)]
                         for i in range(n)])
    parts = (numerators[:, None, :] + np.einsum("iab,jb->ija", rotations, numerators)
             - numerators[products])
    assert np.all(parts % DENOMINATOR == 0)
    lattice_parts = parts // DENOMINATOR
    # the fewest generators: the subgroups are enumerated over index**len(generators) choices
    generators = next(list(combo) for size in range(4) for combo in
                      itertools.combinations(range(1, n), size)
                      if len(_closure(products, list(combo))) == n)
    words, order, reached = [], [0], {0}
    for j in order:
        for g_pos, g in enumerate(generators):
            k = int(products[g, j])
            if k not in reached:
                reached.add(k)
                words.append((g_pos, j, k))
                order.append(k)
    return _PrimitiveGroup(rotations, numerators, tuple(generators), tuple(words), products,
                           lattice_parts)


def _closure(products: np.ndarray, generators: list[int]) -> set[int]:
    reached, frontier = {0}, [0]
    while frontier:
        frontier = [int(products[g, j]) for j in frontier for g in generators
                    if int(products[g, j]) not in reached]
        reached.update(frontier)
    return reached


def _k_subgroups(group: _PrimitiveGroup, basis: np.ndarray):
    """The klassengleiche subgroups of G with translation lattice ``basis`` (columns,
    primitive coordinates), as (shift table (n, d) int64 in basis units * index, conjugates).

    A subgroup keeps one translate (R_i, t_i + v_i) of each coset representative, v_i in
    Z^d / basis; closure is R_i v_j + v_i + l_ij - v_(ij) in the basis lattice for all i, j.
    With w = adj(B) v mod index (an exact picture of Z^d / B), R acts by B^-1 R B. Choosing
    w on the generators fixes all others; every choice is checked against every pair.
    """
    d = basis.shape[0]
    index = int(round(abs(np.linalg.det(basis))))
    adj = _adjugate(basis)
    rot_w = np.array([adj @ r @ basis // index for r in group.rotations])
    if not all(np.array_equal(adj @ r @ basis, m * index) for r, m in zip(group.rotations, rot_w)):
        return []
    lam = np.einsum("ab,ijb->ija", adj, group.lattice_parts) % index
    # the elements of Z^d / B in w-coordinates
    box = np.array(list(itertools.product(range(index), repeat=d)), dtype=np.int64)
    quotient = np.unique((box @ adj.T) % index, axis=0)
    m = len(group.generators)
    choices = np.array(list(itertools.product(range(len(quotient)), repeat=m)), dtype=np.int64)
    n = len(group.rotations)
    w = np.zeros((len(choices), n, d), dtype=np.int64)
    for pos, gen in enumerate(group.generators):
        w[:, gen] = quotient[choices[:, pos]]
    for g_pos, j, k in group.words:
        g = group.generators[g_pos]
        if k in group.generators:
            continue
        w[:, k] = (w[:, g] + w[:, j] @ rot_w[g].T + lam[g, j]) % index
    ok = np.ones(len(choices), dtype=bool)
    for i in range(n):
        lhs = (w[:, i][:, None, :] + np.einsum("ab,cjb->cja", rot_w[i], w) + lam[i][None]
               - w[:, group.products[i]]) % index
        ok &= ~lhs.any(axis=(1, 2))
    solutions = w[ok]
    if len(solutions) == 0:
        return []
    # Conjugacy under G, generated by the unit translations (w -> w + (I - M_i) u) and the
    # generators gamma: gamma H gamma^-1 takes element i to k = gamma i gamma^-1 with shift
    # M_gamma w_i + adj(B) mu_i, mu_i the lattice part of t_gamma + R_gamma t_i - R_k t_gamma.
    maps = []
    for u in np.eye(d, dtype=np.int64):
        offsets = np.einsum("iab,b->ia", np.eye(d, dtype=np.int64)[None] - rot_w, adj @ u)
        maps.append((np.arange(n), np.eye(d, dtype=np.int64), offsets % index))
    inverse = np.array([int(np.flatnonzero(group.products[i] == 0)[0]) for i in range(n)])
    for gamma in group.generators:
        r_g, t_g = group.rotations[gamma], group.numerators[gamma]
        targets = group.products[group.products[gamma], inverse[gamma]]
        numer = (t_g + group.numerators @ r_g.T - group.rotations[targets] @ t_g
                 - group.numerators[targets])
        maps.append((targets, rot_w[gamma], (numer // DENOMINATOR) @ adj.T % index))
    seen: set[bytes] = set()
    classes = []
    for s in solutions:
        if s.tobytes() in seen:
            continue
        orbit = {s.tobytes()}
        frontier = [s]
        while frontier:
            new = []
            for x in frontier:
                for targets, rotation, offsets in maps:
                    y = np.empty_like(x)
                    y[targets] = (x @ rotation.T + offsets) % index
                    if y.tobytes() not in orbit:
                        orbit.add(y.tobytes())
                        new.append(y)
            frontier = new
        seen.update(orbit)
        classes.append((s, len(orbit)))
    return classes


# --- putting it together ------------------------------------------------------------------

def _primitive_data(group) -> tuple[np.ndarray, _PrimitiveGroup]:
    """(C, G in the primitive basis C): C (d, d) Fraction columns in G's coordinates."""
    affine = _group_affine(group)
    basis, basis_inv = affine.lattice, affine.lattice_inv
    rotations, numerators = [], []
    for r, t in zip(affine.rotations, affine.translations):
        rotations.append(np.array(basis_inv @ r @ basis, dtype=np.int64))
        numerators.append(np.array([int(x * DENOMINATOR) for x in _frac_mod1(basis_inv @ t)]))
    order = np.argsort([0 if np.array_equal(r, np.eye(group.dim)) else 1 for r in rotations],
                       kind="stable")
    return basis, _primitive_group(np.array(rotations)[order], np.array(numerators)[order])


@dataclass(frozen=True)
class _Candidate:
    kind: str
    index: int
    conjugates: int
    lattice: np.ndarray  # (d, d) int64 columns, G's primitive coordinates
    numerators: np.ndarray  # (n_H, d) int64 translations * 24 of H's coset representatives
    rotations: np.ndarray  # (n_H, d, d) int64

    def contains(self, other: _Candidate) -> bool:
        """Whether ``other`` is a subgroup of this one (both in G's primitive coordinates)."""
        index = int(round(np.linalg.det(self.lattice)))
        adj = _adjugate(self.lattice)
        if np.any((adj @ other.lattice) % index):
            return False
        mine = {}
        for r, t in zip(self.rotations, self.numerators):
            mine[r.tobytes()] = t
        for r, t in zip(other.rotations, other.numerators):
            if r.tobytes() not in mine:
                return False
            diff = t - mine[r.tobytes()]
            if np.any(diff % DENOMINATOR) or np.any((adj @ (diff // DENOMINATOR)) % index):
                return False
        return True


def _invariant(basis: np.ndarray, rotations: np.ndarray) -> bool:
    index = int(round(np.linalg.det(basis)))
    adj = _adjugate(basis)
    return not any(np.any((adj @ r @ basis) % index) for r in rotations)


def _maximal_lattice(basis: np.ndarray, rotations: np.ndarray, prime: int, power: int) -> bool:
    """Whether no lattice invariant under ``rotations`` lies strictly between ``basis`` (of
    index prime**power) and Z^d. A klassengleiche subgroup is maximal exactly when its lattice
    is: with an invariant lattice L between, H L is a group between H and G."""
    dim = basis.shape[0]
    for j in range(1, power):
        index = prime ** j
        for between in _sublattices(dim, index):
            if not np.any((_adjugate(between) @ basis) % index) and _invariant(between, rotations):
                return False
    return True


def _k_candidates(group: _PrimitiveGroup, dim: int, prime: int, power: int) -> list[_Candidate]:
    """The maximal klassengleiche subgroups of index prime**power, one per conjugacy class."""
    index = prime ** power
    found = []
    # Lemma 1.2.8.2.1 (ITA A1): index p^3 only for pa, pb, pc of cubic groups.
    lattices = [prime * np.eye(dim, dtype=np.int64)] if power == 3 else _sublattices(dim, index)
    for basis in lattices:
        if not _invariant(basis, group.rotations):
            continue
        if power > 1 and not _maximal_lattice(basis, group.rotations, prime, power):
            continue
        for w, conjugates in _k_subgroups(group, basis):
            shifts = (basis @ w.T).T // index  # v_i = B w_i / index, an integer vector
            numerators = group.numerators + DENOMINATOR * shifts
            found.append(_Candidate("k", index, conjugates, basis, numerators, group.rotations))
    return found


def _t_candidates(group: _PrimitiveGroup, dim: int) -> list[_Candidate]:
    import moyopy

    rotations = np.tile(np.eye(3, dtype=np.int64), (len(group.rotations), 1, 1))
    rotations[:, :dim, :dim] = group.rotations
    translations = np.zeros((len(group.rotations), 3))
    translations[:, :dim] = group.numerators / DENOMINATOR
    found = []
    for cls in moyopy.enumerate_translationengleiche_subgroups(rotations.tolist(),
                                                               translations.tolist()):
        rep = cls.representative
        if rep.depth != 1:
            continue
        chosen = np.array(rep.operation_indices)
        found.append(_Candidate("t", rep.translationengleiche_index, len(cls.conjugates),
                                np.eye(dim, dtype=np.int64), group.numerators[chosen],
                                group.rotations[chosen]))
    return found


def _is_isomorphic(a: int, b: int, dim: int) -> bool:
    return a == b or (dim == 3 and _ENANTIOMORPHS.get(a) == b)


@cache
def maximal_subgroups(group) -> tuple[SubgroupRelation, ...]:
    """The classes of maximal subgroups of ``group``: see ``CrystallographicGroup.maximal_subgroups``."""
    dim = group.dim
    basis, primitive = _primitive_data(group)
    candidates = _t_candidates(primitive, dim)
    identified = [(c, *_identify(group, basis, c)) for c in candidates]
    k_levels = [(2, 1), (3, 1), (2, 2)]
    isomorphic_found = False
    for prime, power in k_levels:
        for c in _k_candidates(primitive, dim, prime, power):
            number, P, p = _identify(group, basis, c)
            iso = _is_isomorphic(number, group.number, dim)
            identified.append((c, number, P, p))
            isomorphic_found |= iso
    keep = []
    lowest_iso = min((c.index for c, number, _, _ in identified
                      if c.kind == "k" and _is_isomorphic(number, group.number, dim)), default=None)
    for c, number, P, p in identified:
        iso = c.kind == "k" and _is_isomorphic(number, group.number, dim)
        if not iso or c.index == lowest_iso:
            keep.append((c, number, P, p))
    if lowest_iso is None:
        cubic = dim == 3 and group.number >= 195
        for prime, power in ([(3, 3)] if cubic else [(5, 1), (7, 1), (3, 2), (11, 1), (13, 1)]):
            level = [(c, *_identify(group, basis, c))
                     for c in _k_candidates(primitive, dim, prime, power)]
            level = [item for item in level if _is_isomorphic(item[1], group.number, dim)]
            if level:
                keep += level
                break
        else:
            raise RuntimeError(f"no isomorphic maximal subgroup of {group.symbol} found")
    records = []
    for c, number, P, p in keep:
        P, p = _tidy(_standard(dim, number), P, p)
        records.append(SubgroupRelation(
            kind=c.kind, index=c.index, conjugates=c.conjugates,
            isomorphic=c.kind == "k" and _is_isomorphic(number, group.number, dim),
            group=group, subgroup=_standard(dim, number),
            linear=tuple(tuple(row) for row in P), origin_shift=tuple(p)))
    records.sort(key=lambda r: (r.kind == "k", r.isomorphic, r.index, -r.subgroup.number,
                                r.transformation))
    return tuple(records)


def _standard(dim: int, number: int):
    from ._catalogue import space_group, wallpaper_group

    return wallpaper_group(number) if dim == 2 else space_group(number)


def _candidate_affine(basis: np.ndarray, c: _Candidate) -> _Affine:
    """The candidate in G's own coordinates (x = C y for primitive coordinates y)."""
    basis_inv = _inv(basis)
    rotations = tuple(basis @ _fr(r) @ basis_inv for r in c.rotations)
    translations = tuple(basis @ (_fr(t) / DENOMINATOR) for t in c.numerators)
    return _Affine(rotations, translations, basis @ _fr(c.lattice))


def _transformed(standard, P: np.ndarray, p: np.ndarray) -> _Affine:
    std = _group_affine(standard)
    P_inv = _inv(P)
    rotations = tuple(P @ r @ P_inv for r in std.rotations)
    translations = tuple(P @ t + p - R @ p for t, R in zip(std.translations, rotations))
    return _Affine(rotations, translations, P @ std.lattice)


def _same(a: _Affine, b: _Affine) -> bool:
    if not all(_in_lattice(v, a.lattice_inv) for v in b.lattice.T):
        return False
    if not all(_in_lattice(v, b.lattice_inv) for v in a.lattice.T):
        return False
    keys = frozenset((tuple(r.ravel()), a.reduced(t)) for r, t in zip(b.rotations, b.translations))
    return keys == a.keys


def _identify(group, basis: np.ndarray, c: _Candidate) -> tuple[int, np.ndarray, np.ndarray]:
    """(type number, P, p) of a candidate subgroup, (P, p) from G's setting to the type's
    standard setting, checked exactly."""
    h = _candidate_affine(basis, c)
    if group.dim == 2:
        return _identify_plane(group, h)
    import moyopy

    lattice = _fr(c.lattice)
    lattice_inv = _inv(lattice)
    rotations = [np.array(lattice_inv @ _fr(r) @ lattice, dtype=np.int64).tolist()
                 for r in c.rotations]
    translations = [np.array(_frac_mod1(lattice_inv @ (_fr(t) / DENOMINATOR)), dtype=float).tolist()
                    for t in c.numerators]
    cell = np.array(basis @ lattice, dtype=float)
    rows = (group.default_lattice.matrix @ cell).T
    found = moyopy.SpaceGroup(rotations, translations, basis=rows.tolist(),
                              setting=moyopy.Setting.standard())
    to_conventional = _fr(np.array(moyopy.HallSymbolEntry(found.hall_number).centering.linear))
    prim = basis @ lattice
    P = prim @ _fr(np.array(found.linear)) @ to_conventional
    p = prim @ _fr(np.array(found.origin_shift))
    standard = _standard(3, found.number)
    if not _same(h, _transformed(standard, P, p)):
        raise RuntimeError(f"moyopy's transformation of a subgroup of {group.symbol} to "
                           f"{standard.symbol} did not check out")
    return found.number, P, p


def _identify_plane(group, h: _Affine) -> tuple[int, np.ndarray, np.ndarray]:
    from ._catalogue import all_wallpaper_groups

    metric = group.default_lattice.metric
    for standard in all_wallpaper_groups():
        if standard.point_group_order != len(h.rotations):
            continue
        for P, p in _plane_matches(h, standard, metric):
            if _same(h, _transformed(standard, P, p)):
                return standard.number, P, p
    raise RuntimeError(f"a subgroup of {group.symbol} matched no plane group")


def _tidy(standard, P: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same subgroup, with the readiest (P, p): (P R, p + P t) for an operation (R, t) of
    the standard group describes the same subgroup; prefer right-handed cells with few
    off-diagonal and negative entries, then the origin shift nearest G's origin modulo H's
    lattice. Chosen in floats, then computed exactly."""
    std = _group_affine(standard)
    P_float = np.array(P, dtype=float)
    p_float = np.array(p, dtype=float)
    lattice_std = np.array(std.lattice, dtype=float)
    dim = len(p)
    corners = np.array(list(itertools.product(range(2), repeat=dim)), dtype=float)
    best = None
    for index, (r, t) in enumerate(zip(std.rotations, std.translations)):
        P2 = P_float @ np.array(r, dtype=float)
        lattice = P2 @ lattice_std
        p2 = p_float + P_float @ np.array(t, dtype=float)
        q = np.linalg.solve(lattice, p2)
        reduced = lattice @ (q - np.floor(q + 1e-9))
        shifts = reduced[None] - corners @ lattice.T
        sizes = np.round(np.abs(shifts).sum(axis=1), 9)
        negatives = (shifts < -1e-9).sum(axis=1)
        corner = min(range(len(corners)), key=lambda i: (sizes[i], negatives[i],
                                                        tuple(np.round(shifts[i], 9))))
        off = int((np.abs(P2 - np.diag(np.diag(P2))) > 1e-9).sum())
        key = (np.linalg.det(P2) < 0, off, int((P2 < -1e-9).sum()), sizes[corner],
               tuple(np.round(shifts[corner], 9)))
        if best is None or key < best[0]:
            best = (key, index, corner)
    _, index, corner = best
    P2 = P @ std.rotations[index]
    lattice = P2 @ std.lattice
    p2 = p + P @ std.translations[index]
    p2 = lattice @ _frac_mod1(_inv(lattice) @ p2) - lattice @ _fr(corners[corner].astype(np.int64))
    return P2, p2


def minimal_supergroups(group) -> tuple[SubgroupRelation, ...]:
    """The records, over all groups of ``group``'s dimension in their standard settings,
    whose maximal subgroup has ``group``'s type."""
    return _supergroups(group.dim, group.number)


@cache
def _supergroups(dim: int, number: int) -> tuple[SubgroupRelation, ...]:
    found = []
    for n in range(1, (17 if dim == 2 else 230) + 1):
        found += [r for r in maximal_subgroups(_standard(dim, n)) if r.subgroup.number == number]
    return tuple(found)


# --- Wyckoff splitting --------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class WyckoffSplit:
    """How one Wyckoff position of G splits into positions of a subgroup H.

    Attributes:
        position: G's Wyckoff position (in G's setting).
        parts: H's Wyckoff positions (H's standard setting) the G-orbit of a generic point of
            ``position`` falls into, one entry per H-orbit (a letter may repeat).
        multiplicity_factor: H's conventional cell volume over G's (|det P|): the G-orbit
            holds ``position.multiplicity * multiplicity_factor`` points per H cell, the sum of
            the parts' multiplicities.
        representatives: (len(parts), d) float64, a point of each part in H's coordinates
            (in [0, 1)^d), from the generic point of ``position``.
    """

    position: object
    parts: tuple
    multiplicity_factor: Fraction
    representatives: np.ndarray = field(repr=False)

    @property
    def text(self) -> str:
        """E.g. ``'4a -> 2a + 2b'``."""
        return (f"{self.position.multiplicity}{self.position.letter} -> "
                + " + ".join(f"{w.multiplicity}{w.letter}" for w in self.parts))


def wyckoff_splitting(relation: SubgroupRelation, seed: int = 0) -> tuple[WyckoffSplit, ...]:
    """How each Wyckoff position of ``relation.group`` splits into Wyckoff positions of
    ``relation.subgroup``, by orbits: a generic point of the position (free parameters drawn
    from ``seed``), its G-orbit in H's cell, cut into H-orbits, each named by H's site
    symmetry.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> r = next(r for r in wallpaper_group("p4m").maximal_subgroups()
        ...          if r.subgroup.symbol == "p2mm")
        >>> [s.text for s in wyckoff_splitting(r)]
        ['8g -> 4i + 4i', '4f -> 2f + 2h', '4e -> 2e + 2g', '4d -> 4i', '2c -> 1c + 1b', '1b -> 1d', '1a -> 1a']
    """
    group, sub = relation.group, relation.subgroup
    P = np.array(relation.linear, dtype=float)
    p = np.array(relation.origin_shift, dtype=float)
    P_inv = np.linalg.inv(P)
    factor = abs(_det(_fr(np.array(relation.linear, dtype=object))))
    # G's lattice translations modulo H's: integer vectors reaching every H cell point
    span = int(np.ceil(np.abs(P).sum(axis=1).max())) + 1
    shifts = np.array(list(itertools.product(range(-span, span + 1), repeat=group.dim)), dtype=float)
    rng = np.random.default_rng(seed)
    splits = []
    for position in group.wyckoff_positions():
        x = position.matrix @ rng.uniform(0.05, 0.45, group.dim) + position.offset
        images = group.orbit(x)
        points = ((images[:, None, :] + shifts[None]).reshape(-1, group.dim) - p) @ P_inv.T
        points = points - np.floor(points + 1e-9)
        points = _distinct(points)
        parts, representatives = [], []
        while len(points):
            parts.append(sub.site_symmetry(points[0]).wyckoff)
            representatives.append(points[0])
            points = points[~_torus_close_any(points, sub.orbit(points[0]))]
        splits.append(WyckoffSplit(position, tuple(parts), factor, np.array(representatives)))
    return tuple(splits)


def _distinct(points: np.ndarray) -> np.ndarray:
    """The points (in [0, 1)^d) once each; generic points are far from the rounding steps."""
    keys = np.rint(points * 1e7).astype(np.int64) % 10**7
    _, first = np.unique(keys, axis=0, return_index=True)
    return points[np.sort(first)]


def _torus_close_any(points: np.ndarray, others: np.ndarray, tolerance: float = 1e-6) -> np.ndarray:
    diff = points[:, None, :] - others[None, :, :]
    return np.all(np.abs(diff - np.rint(diff)) < tolerance, axis=-1).any(axis=1)
