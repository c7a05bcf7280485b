"""Systematic absences and reflection conditions, derived from the operations.

A plane wave exp(2 pi i k.x) averaged over the group vanishes exactly when some operation
(R, t) with R^T k = k has k.t not an integer (ITA Vol. A, 2.2.13): a centring translation,
a glide (det R = -1) or a screw (det R = +1). The reflection conditions of the
International Tables state, for the general reflections hkl and for every zone and row of
the lattice's symmetry directions, which members survive: the operations fixing every
member of such a class give linear congruences on its indices.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._operations import DENOMINATOR

CAUSES = ("centring", "glide", "screw")


def systematic_absences(group, frequencies) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which integer frequencies the group average kills, and why.

    Args:
        group: a wallpaper or space group.
        frequencies: (n, d) integer frequencies k (Miller indices hkl).

    Returns:
        (extinct (n,) bool, cause (n,) int8 index into ``CAUSES`` or -1, operation (n,)
        int64 index into ``group.operations`` of the operation responsible or -1). A
        centring translation is named whenever one kills k; otherwise the first glide or
        screw (in the order of ``operations``) with R^T k = k and k.t not an integer.
    """
    k = np.asarray(frequencies, dtype=np.int64).reshape(-1, group.dim)
    extinct = np.zeros(len(k), dtype=bool)
    cause = np.full(len(k), -1, dtype=np.int8)
    operation = np.full(len(k), -1, dtype=np.int64)
    identity = np.eye(group.dim, dtype=np.int64)
    # Centrings first, so that they are named whenever they kill k; then group order.
    order = sorted(range(group.order), key=lambda i: not np.array_equal(group.rotations[i], identity))
    fixed_by: dict[bytes, np.ndarray] = {}
    for i in order:
        r, numerator = group.rotations[i], group.translation_numerators[i]
        if not numerator.any():
            continue
        key = r.tobytes()
        if key not in fixed_by:
            fixed_by[key] = np.all(k @ r == k, axis=1)  # R^T k = k, as rows
        killed = fixed_by[key] & (np.mod(k @ numerator, DENOMINATOR) != 0) & ~extinct
        if killed.any():
            det = round(np.linalg.det(r))
            extinct |= killed
            cause[killed] = 0 if np.array_equal(r, identity) else (1 if det < 0 else 2)
            operation[killed] = i
    return extinct, cause, operation


@dataclass(frozen=True)
class ReflectionClass:
    """A class of reflections as ITA names it: k = M p for integer parameters p.

    Attributes:
        name: ITA's name, e.g. ``"hkl"``, ``"0kl"``, ``"hhl"``, ``"hh-2hl"``, ``"000l"``.
        matrix: (d, r) int64 M, the class's lattice basis in hkl.
        parameters: the names of p, e.g. ``("h", "l")``.
    """

    name: str
    matrix: np.ndarray
    parameters: tuple[str, ...]


def _classes(spec: str) -> tuple[ReflectionClass, ...]:
    out = []
    for entry in spec.split():
        name, columns, names = entry.split(":")
        matrix = np.array([[int(v) for v in c.replace("m", "-").split(",")] for c in columns.split("/")]).T
        out.append(ReflectionClass(name, matrix, tuple(names)))
    return tuple(out)


# name:columns of M (m = minus):parameter names. One class of each set of classes related by
# the Laue group, the one ITA prints (0kl for 0kl, h0l and hk0 in cubic groups).
_H, _K, _L = "1,0,0", "0,1,0", "0,0,1"
_CLASS_SPECS = {
    "oblique": "hk:1,0/0,1:hk",
    "rectangular": "hk:1,0/0,1:hk h0:1,0:h 0k:0,1:k",
    "square": "hk:1,0/0,1:hk h0:1,0:h hh:1,1:h",
    "hexagonal2d": "hk:1,0/0,1:hk",
    "triclinic": f"hkl:{_H}/{_K}/{_L}:hkl",
    "monoclinic-b": f"hkl:{_H}/{_K}/{_L}:hkl h0l:{_H}/{_L}:hl 0kl:{_K}/{_L}:kl hk0:{_H}/{_K}:hk "
                    f"0k0:{_K}:k h00:{_H}:h 00l:{_L}:l",
    "monoclinic-c": f"hkl:{_H}/{_K}/{_L}:hkl hk0:{_H}/{_K}:hk 0kl:{_K}/{_L}:kl h0l:{_H}/{_L}:hl "
                    f"00l:{_L}:l h00:{_H}:h 0k0:{_K}:k",
    "monoclinic-a": f"hkl:{_H}/{_K}/{_L}:hkl 0kl:{_K}/{_L}:kl h0l:{_H}/{_L}:hl hk0:{_H}/{_K}:hk "
                    f"h00:{_H}:h 0k0:{_K}:k 00l:{_L}:l",
    "orthorhombic": f"hkl:{_H}/{_K}/{_L}:hkl 0kl:{_K}/{_L}:kl h0l:{_H}/{_L}:hl hk0:{_H}/{_K}:hk "
                    f"h00:{_H}:h 0k0:{_K}:k 00l:{_L}:l",
    "tetragonal": f"hkl:{_H}/{_K}/{_L}:hkl hk0:{_H}/{_K}:hk 0kl:{_K}/{_L}:kl hhl:1,1,0/{_L}:hl "
                  f"00l:{_L}:l h00:{_H}:h h-h0:1,m1,0:h",
    "hexagonal": f"hkil:{_H}/{_K}/{_L}:hkl hki0:{_H}/{_K}:hk hh-2hl:1,1,0/{_L}:hl "
                 f"h-h0l:1,m1,0/{_L}:hl 000l:{_L}:l h-h00:1,m1,0:h hh-2h0:1,1,0:h",
    "rhombohedral": f"hkl:{_H}/{_K}/{_L}:hkl hhl:1,1,0/{_L}:hl hhh:1,1,1:h",
    "cubic": f"hkl:{_H}/{_K}/{_L}:hkl 0kl:{_K}/{_L}:kl hhl:1,1,0/{_L}:hl h00:{_H}:h",
}


def reflection_classes(group) -> tuple[ReflectionClass, ...]:
    """The classes of reflections ITA lists conditions for, in ITA's order."""
    if group.dim == 2:
        key = {"hexagonal": "hexagonal2d"}.get(group.lattice_system, group.lattice_system)
    elif group.crystal_system == "monoclinic":
        key = "monoclinic-" + group.setting.strip("-")[:1]
    elif group.crystal_system in ("trigonal", "hexagonal"):
        key = "rhombohedral" if group.setting == "R" else "hexagonal"
    else:
        key = group.crystal_system
    return _classes(_CLASS_SPECS[key])


def class_congruences(group, reflection_class: ReflectionClass) -> np.ndarray:
    """(g, r) rational rows a (as floats): a member k = M p of the class survives the
    operations fixing every member exactly when a.p is an integer for every row."""
    m = reflection_class.matrix
    keeps = np.all(np.einsum("gji,jr->gir", group.rotations, m) == m[None], axis=(1, 2))
    rows = group.translations[keeps] @ m
    return rows[np.any(np.abs(rows - np.rint(rows)) > 1e-9, axis=1)]


# Residues of the parameters are enough: every translation is a multiple of 1/24.
_PERIOD = DENOMINATOR


@lru_cache(maxsize=8)
def _residues(r: int) -> np.ndarray:
    return np.array(list(itertools.product(range(_PERIOD), repeat=r)), dtype=np.int64)


def _survivors(rows: np.ndarray, r: int) -> np.ndarray:
    """(P,) bool over ``_residues(r)``: which parameter residues satisfy every row."""
    p = _residues(r)
    values = p @ rows.T
    return np.all(np.abs(values - np.rint(values)) < 1e-9, axis=1)


@lru_cache(maxsize=8)
def _atoms(r: int) -> tuple[tuple[tuple[int, ...], int], ...]:
    """Candidate conditions c.p = 0 mod n in ITA's order of preference: coefficients +-1
    before 2, sums before differences, larger moduli first, then fewer indices and earlier
    indices (h+k before h+l). Coefficients are coprime to n and signed with most of them
    positive (a tie: the last one positive, as in -h+k = 3n)."""
    def sign_key(c):
        nonzero = [v for v in c if v]
        return (sum(v > 0 for v in c), nonzero[-1] > 0)

    atoms = []
    for n in (6, 4, 3, 2):
        for c in itertools.product(range(-2, 3), repeat=r):
            if any(c) and math.gcd(*c, n) == 1 and sign_key(c) > sign_key(tuple(-v for v in c)):
                atoms.append((c, n))
    order = {n: i for i, n in enumerate((6, 4, 3, 2))}
    return tuple(sorted(atoms, key=lambda a: (max(map(abs, a[0])), min(a[0]) < 0, order[a[1]],
                                               _support(a[0]), _index_order(a[0]))))


@lru_cache(maxsize=8)
def _holding(r: int) -> np.ndarray:
    """(A, P) bool: whether candidate atom a holds at parameter residue p."""
    atoms = _atoms(r)
    coefficients = np.array([c for c, _ in atoms])
    moduli = np.array([n for _, n in atoms])
    return np.mod(coefficients @ _residues(r).T, moduli[:, None]) == 0


def _index_order(c: tuple[int, ...]) -> tuple:
    """h+k before h+l before k+l: the positions of the indices used, then the signs."""
    return (tuple(i for i, v in enumerate(c) if v), tuple(-v for v in c))


def condition_atoms(rows: np.ndarray, r: int) -> list[tuple[tuple[int, ...], int]]:
    """Congruences c.p = 0 mod n that together say exactly which residues survive."""
    target = _survivors(rows, r)
    if target.all():
        return []
    atoms, holding = _atoms(r), _holding(r)
    true = ~np.any(target[None, :] & ~holding, axis=1)  # true of every survivor
    current = np.ones_like(target)
    chosen: list[int] = []
    for index in np.flatnonzero(true):
        if np.any(current & ~holding[index]):
            chosen.append(int(index))
            current &= holding[index]
            if np.array_equal(current, target):
                break
    if not np.array_equal(current, target):
        # Only the catalogue's groups come here; the oracle tests cover all their settings.
        raise RuntimeError("reflection condition not expressible with small congruences")
    # A condition implied by the chosen ones of larger moduli is left out (l = 2n after
    # 2h+l = 4n); one that only completes them stays (k+l = 4n and k, l = 2n).
    for index in list(chosen):
        stronger = [j for j in chosen if atoms[j][1] > atoms[index][1]]
        implied = np.all(holding[stronger], axis=0) if stronger else np.ones_like(target)
        if stronger and not np.any(implied & ~holding[index]):
            chosen.remove(index)
    # ITA also prints the implied companions of a chosen condition: the same modulus and
    # number of indices, coefficients 0 and 1 (h+k, h+l and k+l = 2n for F; k, l = 2n).
    kinds = {(atoms[i][1], _support(atoms[i][0])) for i in chosen if set(atoms[i][0]) <= {0, 1}}
    for index in np.flatnonzero(true):
        c, n = atoms[index]
        if index not in chosen and set(c) <= {0, 1} and (n, _support(c)) in kinds:
            chosen.append(int(index))
    return [atoms[i] for i in chosen]


def _support(c: tuple[int, ...]) -> int:
    return sum(1 for v in c if v)


def _form(c: tuple[int, ...], names: tuple[str, ...]) -> str:
    text = ""
    for v, name in zip(c, names):
        if v:
            sign = "-" if v < 0 else ("+" if text else "")
            text += f"{sign}{'' if abs(v) == 1 else abs(v)}{name}"
    return text


def condition_text(atoms, names: tuple[str, ...], r: int) -> str:
    """``h+k, h+l, k+l = 2n``; moduli joined by "and" (``k+l = 4n and k, l = 2n``)."""
    groups: dict[int, list[str]] = {}
    for c, n in atoms:
        groups.setdefault(n, []).append((c, _form(c, names)))
    parts = []
    for n in sorted(groups, reverse=True):
        forms = [text for _, text in sorted(groups[n], key=lambda item: (_support(item[0]),
                                                                         _index_order(item[0])))]
        parts.append(f"{', '.join(forms)} = {n}n")
    return " and ".join(parts)


def reflection_conditions(group) -> tuple[str, ...]:
    """ITA's general reflection conditions of the group, e.g.
    ``('hkl: h+k, h+l, k+l = 2n', '0kl: k, l = 2n', 'hhl: h+l = 2n', 'h00: h = 2n')``."""
    out = []
    for reflection_class in reflection_classes(group):
        rows = class_congruences(group, reflection_class)
        r = reflection_class.matrix.shape[1]
        atoms = condition_atoms(rows, r)
        if atoms:
            out.append(f"{reflection_class.name}: {condition_text(atoms, reflection_class.parameters, r)}")
    return tuple(out)
