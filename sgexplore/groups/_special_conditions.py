"""Special (extra) reflection conditions of the Wyckoff positions, derived exactly.

A Wyckoff position with representative r(p) = A p + b has the orbit g.r(p) = R_g A p +
(R_g b + t_g). Its structure factor F(k) = sum_g exp(2 pi i k.(g.r(p))) vanishes for every
value of the free parameters p exactly when, for each vector q, the terms with
(R_g A)^T k = q cancel: exponentials with distinct frequencies in p are independent. The
phases k.(R_g b + t_g) are multiples of 1/24, so each partial sum is an integer combination
of 24th roots of unity, and it is zero exactly when the polynomial it is reduces to zero
modulo the cyclotomic polynomial Phi_24(x) = x^8 - x^4 + 1: no floating point anywhere.

Within one of ITA's classes of reflections (k = M p, e.g. hkl, 0kl, hhl) the terms that
share q for a generic member are those with equal (R_g A)^T M, and the phases depend on p
modulo a period N dividing 24, so a class's surviving members form a set of residues of p
modulo N. A member of a smaller class (a zone inside hkl) can only lose more terms to
cancellation, never fewer, so a condition read off the generic members holds for all of
them and the smaller class adds its own line. ITA's special conditions are those beyond the
general ones: for each class, in ITA's order, the residues that the general conditions and
the position's earlier lines let through but the orbit kills. They are written as ITA
prints them ("hkl: h+k+l = 2n", "hkl: h = 2n+1 or h+k+l = 4n",
"hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2").
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._operations import DENOMINATOR
from ._reflections import ReflectionClass, reflection_classes

# x^j modulo x^8 - x^4 + 1, j = 0..23, as coefficient rows: the 24th roots of unity in the
# integral basis 1, x, ..., x^7 of Z[zeta_24].
_PHI_24 = np.array([1, 0, 0, 0, -1, 0, 0, 0, 1], dtype=np.int64)  # x^0 .. x^8


def _root_table() -> np.ndarray:
    rows = []
    for j in range(DENOMINATOR):
        poly = np.zeros(j + 1, dtype=np.int64)
        poly[j] = 1
        for top in range(j, 7, -1):  # eliminate x^top with x^8 = x^4 - 1
            c = poly[top]
            if c:
                poly[top - 8: top + 1] -= c * _PHI_24
        rows.append(np.pad(poly[:8], (0, max(0, 8 - len(poly)))))
    return np.array(rows, dtype=np.int64)


_ROOTS = _root_table()
_ROOTS.setflags(write=False)


@dataclass(frozen=True)
class Literal:
    """The congruence c.p = a (mod n) on a class's parameters p.

    Attributes:
        coefficients: c, one integer per parameter (its first nonzero entry positive).
        modulus: n; residue: a in [0, n).
    """

    coefficients: tuple[int, ...]
    modulus: int
    residue: int


@dataclass(frozen=True)
class ConditionLine:
    """One printed line: a class and the condition its members obey.

    Attributes:
        reflection_class: the class (``hkl``, ``0kl``, ...) the line is about.
        terms: the alternatives ("or"); each a conjunction of congruences.
    """

    reflection_class: ReflectionClass
    terms: tuple[tuple[Literal, ...], ...]

    def holds(self, p: np.ndarray) -> np.ndarray:
        """(n,) bool: whether the parameters p (n, r) satisfy the line."""
        result = np.zeros(len(p), dtype=bool)
        for term in self.terms:
            ok = np.ones(len(p), dtype=bool)
            for lit in term:
                ok &= np.mod(p @ np.array(lit.coefficients) - lit.residue, lit.modulus) == 0
            result |= ok
        return result

    @property
    def text(self) -> str:
        """The line as ITA prints it, e.g. ``"hkl: h = 2n+1 or h+k+l = 4n"``."""
        names = self.reflection_class.parameters
        if len(self.terms) == 1 and all(lit.residue == 0 for lit in self.terms[0]):
            return f"{self.reflection_class.name}: {_term_text(self.terms[0], names, ' and ')}"
        return f"{self.reflection_class.name}: " + " or ".join(
            _term_text(term, names, ", ") for term in self.terms)


def _form(c: tuple[int, ...], names: tuple[str, ...]) -> str:
    text = ""
    for v, name in zip(c, names):
        if v:
            sign = "-" if v < 0 else ("+" if text else "")
            text += f"{sign}{'' if abs(v) == 1 else abs(v)}{name}"
    return text


def _term_text(term: tuple[Literal, ...], names: tuple[str, ...], joiner: str) -> str:
    groups: dict[tuple[int, int], list[Literal]] = {}
    for lit in term:
        groups.setdefault((lit.modulus, lit.residue), []).append(lit)
    parts = []
    # Larger moduli first in a line that is one conjunction ("k+l = 4n and k, l = 2n", as
    # the general lines), smaller first within an alternative ("h, k = 2n, h+k+l = 4n").
    for (n, a) in sorted(groups, key=lambda key: (-key[0] if joiner == " and " else key[0], key[1])):
        forms = ", ".join(_form(lit.coefficients, names)
                          for lit in sorted(groups[n, a], key=lambda lit: _index_key(lit.coefficients)))
        parts.append(f"{forms} = {n}n" + (f"+{a}" if a else ""))
    return joiner.join(parts)


def _index_key(c: tuple[int, ...]) -> tuple:
    """h+k before l (by the first index used), then fewer indices."""
    used = [i for i, v in enumerate(c) if v]
    return (used[0], len(used), tuple(used), tuple(-v for v in c))


def _literal_cost(lit: Literal) -> tuple:
    """ITA's preference: one index before sums, small coefficients, no minus signs, small
    moduli, then the order of the indices."""
    c = lit.coefficients
    support = sum(1 for v in c if v)
    return (support, max(map(abs, c)), sum(v < 0 for v in c), lit.modulus, lit.residue,
            tuple(i for i, v in enumerate(c) if v))


@lru_cache(maxsize=32)
def _grid(period: int, r: int) -> np.ndarray:
    """(period**r, r) int64: every residue of r parameters modulo ``period`` (read-only)."""
    grid = np.array(list(itertools.product(range(period), repeat=r)), dtype=np.int64).reshape(-1, r)
    grid.setflags(write=False)
    return grid


@lru_cache(maxsize=32)
def _literals(period: int, r: int) -> tuple[tuple[Literal, ...], np.ndarray]:
    """Candidate literals for parameters modulo ``period``, in order of preference, and
    their (L, G) truth table over ``_grid(period, r)``."""
    out = []
    moduli = [n for n in range(2, period + 1) if period % n == 0]
    for c in itertools.product(range(-2, 3), repeat=r):
        nonzero = [v for v in c if v]
        if not nonzero or nonzero[0] < 0:
            continue
        for n in moduli:
            if math.gcd(*c, n) != 1:
                continue
            out.extend(Literal(c, n, a) for a in range(n))
    out.sort(key=_literal_cost)
    grid = _grid(period, r)
    if not out:
        return (), np.zeros((0, len(grid)), dtype=bool)
    coefficients = np.array([lit.coefficients for lit in out])
    moduli_arr = np.array([lit.modulus for lit in out])
    residues = np.array([lit.residue for lit in out])
    table = np.mod(coefficients @ grid.T - residues[:, None], moduli_arr[:, None]) == 0
    table.setflags(write=False)
    return tuple(out), table


def _conjunction(base: np.ndarray, target: np.ndarray, literals, table) -> tuple[Literal, ...] | None:
    """Congruences c.p = 0 (mod n), true of every target residue, whose conjunction with
    ``base`` is exactly ``target``; None if there is none."""
    zero = np.array([lit.residue == 0 for lit in literals], dtype=bool)
    candidates = np.flatnonzero(zero & ~np.any(target[None, :] & ~table, axis=1))
    current = base.copy()
    chosen: list[int] = []
    for index in candidates:
        if np.any(current & ~table[index]):
            chosen.append(int(index))
            current &= table[index]
            if np.array_equal(current, target):
                break
    if not np.array_equal(current, target):
        return None
    return tuple(literals[i] for i in _pruned(chosen, base, target, table))


def _pruned(chosen: list[int], base, target, table) -> list[int]:
    """Drop literals the others already imply (the most complex first)."""
    chosen = list(chosen)
    for index in sorted(chosen, reverse=True):
        rest = [j for j in chosen if j != index]
        if not rest:
            continue
        value = base & np.all(table[rest], axis=0)
        if not np.any(value & ~target):
            chosen = rest
    return chosen


def _term_for(seed: int, base, target, literals, table, allowed) -> list[int] | None:
    """A conjunction of literals true at the grid point ``seed``, admitting no base residue
    outside the target: the widest single congruence if one does, else a greedy
    conjunction of ``allowed`` ones."""
    true_here = np.flatnonzero(table[:, seed])
    bad = base & ~target
    sub = table[true_here]
    singles = ~np.any(sub & bad[None, :], axis=1)
    if singles.any():
        # The widest; among equally wide ones the fewest indices, then an odd residue
        # ("l = 2n+1 or h = 2n", as ITA writes I4_1/amd 16f), then the order of preference.
        cover = np.count_nonzero(sub & target[None, :], axis=1)
        odd = np.array([literals[i].residue != 0 for i in true_here])
        support = np.array([sum(1 for v in literals[i].coefficients if v) for i in true_here])
        order = np.lexsort((np.arange(len(true_here)), ~odd, support, -np.where(singles, cover, -1)))
        return [int(true_here[order[0]])]
    pool = true_here[allowed[true_here]]
    current = base.copy()
    chosen: list[int] = []
    while np.any(current & bad):
        nxt = current[None, :] & table[pool]
        wrong = np.count_nonzero(nxt & bad[None, :], axis=1)
        good = np.count_nonzero(nxt & target[None, :], axis=1)
        useful = wrong < np.count_nonzero(current & bad)
        if not useful.any():
            return None
        ratio = np.where(useful, wrong / np.maximum(good, 1), np.inf)
        # Lowest ratio of wrong to kept residues; then the most kept; then preference order.
        order = np.lexsort((np.arange(len(pool)), -good, ratio))
        chosen.append(int(pool[order[0]]))
        current &= table[pool[order[0]]]
    return _pruned(chosen, base, target, table)


def _alternatives(base, target, literals, table, allowed) -> list[list[int]] | None:
    """Alternatives (conjunctions of literals, those beyond single congruences taken from
    ``allowed``) whose union with ``base`` is exactly ``target``, redundant ones dropped."""
    terms: list[list[int]] = []
    covered = np.zeros_like(target)
    while np.any(target & ~covered):
        seed = int(np.flatnonzero(target & ~covered)[0])
        term = _term_for(seed, base, target, literals, table, allowed)
        if term is None:
            return None
        terms.append(term)
        covered |= base & np.all(table[term], axis=0)
    def cost(term):
        return (len(term), max(_literal_cost(literals[i]) for i in term))
    for term in sorted(terms, key=cost, reverse=True):
        rest = [t for t in terms if t is not term]
        if rest and not np.any(target & ~np.any([base & np.all(table[t], axis=0) for t in rest], axis=0)):
            terms = rest
    return terms


def condition_terms(base: np.ndarray, target: np.ndarray, period: int, r: int):
    """The simplest ITA-style formula F with base & F == target (bool arrays over the
    residues of ``_grid(period, r)``): one conjunction of "= Nn" congruences if one does,
    else a disjunction of conjunctions of "= Nn+a" congruences. None if none is found."""
    literals, table = _literals(period, r)
    conjunction = _conjunction(base, target, literals, table)
    if conjunction is not None:
        return (conjunction,)
    supports = np.array([sum(1 for v in lit.coefficients if v) for lit in literals])
    best = None
    for level in range(1, r + 1):
        terms = _alternatives(base, target, literals, table, supports <= level)
        if terms is None:
            continue
        # ITA writes single indices where it can ("h, k, l = 4n+2 or h, k, l = 4n"), but not
        # at the price of many more alternatives: each alternative costs 1, each index a
        # congruence adds beyond the first costs 1.
        cost = sum(1 + sum(int(supports[i]) - 1 for i in term) for term in terms)
        if best is None or cost < best[0]:
            best = (cost, terms)
    if best is None:
        return None
    out = [tuple(sorted((literals[i] for i in term), key=_literal_cost)) for term in best[1]]
    # ITA's order: smaller moduli first, odd residues before even ("h = 2n+1 or ...",
    # "h, k, l = 4n+2 or h, k, l = 4n"), then the order of the indices.
    out.sort(key=lambda term: (max(lit.modulus for lit in term),
                               min(lit.residue == 0 for lit in term),
                               min(lit.residue for lit in term),
                               len(term), [_index_key(lit.coefficients) for lit in term]))
    return tuple(out)


@lru_cache(maxsize=64)
def _laue(group) -> np.ndarray:
    flat = np.concatenate([group.rotations, -group.rotations]).reshape(-1, group.dim ** 2)
    return np.unique(flat, axis=0).reshape(-1, group.dim, group.dim)


@lru_cache(maxsize=64)
def _left_inverse(matrix_bytes: bytes, rows: int) -> np.ndarray:
    return np.linalg.pinv(np.frombuffer(matrix_bytes, dtype=np.int64).reshape(rows, -1).astype(float))


def class_parameters(reflection_class: ReflectionClass, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(member (n,) bool, p (n, r) int64): whether k (n, d) lies in the class, k = M p
    (the rounded least-squares p is checked exactly)."""
    m = np.ascontiguousarray(reflection_class.matrix, dtype=np.int64)
    p = np.rint(k @ _left_inverse(m.tobytes(), len(m)).T).astype(np.int64)
    return np.all(p @ reflection_class.matrix.T == k, axis=-1), p


def lines_allow(group, lines, k: np.ndarray) -> np.ndarray:
    """(n,) bool: whether k (n, d) satisfies every line, each applied to every image of k
    under the Laue group (ITA's one class of each set of equivalent ones)."""
    allowed = np.ones(len(k), dtype=bool)
    if not lines:
        return allowed
    images = np.einsum("nd,gde->gne", k, _laue(group)).reshape(-1, group.dim)  # R^T k, as rows
    for line in lines:
        member, p = class_parameters(line.reflection_class, images)
        ok = ~member | line.holds(p)
        allowed &= np.all(ok.reshape(-1, len(k)), axis=0)
    return allowed


@lru_cache(maxsize=256)
def _general_survivors(group, index: int, period: int) -> np.ndarray:
    """Which generic members k = M p of the group's class ``index`` (p on the grid modulo
    ``period``) survive the general conditions: every operation fixing the whole class must
    have (M p).t an integer."""
    m = reflection_classes(group)[index].matrix
    fixes = np.all(np.einsum("gji,jr->gir", group.rotations, m) == m[None], axis=(1, 2))
    rows = group.translation_numerators[fixes] @ m
    return np.all(np.mod(_grid(period, m.shape[1]) @ rows.T, DENOMINATOR) == 0, axis=1)


# Generic lifts of the residues: large, unrelated multiples of the period keep a lifted
# member of a class out of every smaller class.
_LIFT = np.array([1009, 10007, 100003])


def position_lines(group, matrix: np.ndarray, offset_numerators: np.ndarray) -> tuple[ConditionLine, ...]:
    """The special reflection conditions of the position r(p) = A p + b (A integer (d, d),
    b = offset_numerators / 24), as ITA's lines, in ITA's class order."""
    a = np.asarray(matrix, dtype=np.int64)
    b = np.asarray(offset_numerators, dtype=np.int64)
    images = np.einsum("gij,jk->gik", group.rotations, a)          # R_g A
    shifts = np.mod(group.rotations @ b + group.translation_numerators, DENOMINATOR)
    lines: list[ConditionLine] = []
    for index, reflection_class in enumerate(reflection_classes(group)):
        m = reflection_class.matrix
        r = m.shape[1]
        phases = shifts @ m                                           # (g, r): phase = p . row / 24
        steps = np.concatenate([phases.ravel(), (group.translation_numerators @ m).ravel(), [DENOMINATOR]])
        period = DENOMINATOR // math.gcd(*map(int, steps))
        grid = _grid(period, r)
        # Terms that share (R_g A)^T M cancel together.
        keys = np.einsum("gji,jr->gir", images, m).reshape(len(images), -1)
        # Entries are small (|R A M| <= 8): one integer per row, base 17.
        codes = (keys + 8) @ (17 ** np.arange(keys.shape[1], dtype=np.int64))
        _, group_of = np.unique(codes, return_inverse=True)
        one_hot = np.eye(group_of.max() + 1, dtype=np.int64)[group_of.ravel()]
        roots = _ROOTS[np.mod(grid @ phases.T, DENOMINATOR)]          # (G, g, 8)
        sums = np.einsum("pgc,gq->pqc", roots, one_hot)
        target = np.any(sums != 0, axis=(1, 2))
        k = (grid + period * _LIFT[:r]) @ m.T
        base = _general_survivors(group, index, period) & lines_allow(group, lines, k)
        if np.any(target & ~base):
            raise AssertionError("an earlier condition kills a reflection the orbit keeps")
        if np.array_equal(target, base):
            continue
        terms = condition_terms(base, target, period, r)
        if terms is None:
            # Only the catalogue's Wyckoff positions come here; the oracle tests cover them all.
            raise RuntimeError(f"no ITA-style formula for the {reflection_class.name} condition of a "
                             f"position of {group.symbol}")
        lines.append(ConditionLine(reflection_class, terms))
    return tuple(lines)
