"""Element symbols and ITA operation symbols against an independent classification.

The operations come from spglib's database (not from sgexplore); the oracle below classifies
each from its matrix alone: type from det and trace, axis from the null space, sense from
det[u, x, W x] with ITA's axis orientation, intrinsic part (1/n) sum_j W^j t, screw index
against the shortest lattice vector along the axis (centring vectors included, found by
brute force). The location written in ``ita_symbol`` is parsed and checked by solving the
fixed-point equation of the operation without its intrinsic part.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import numpy as np
import pytest
import spglib

from sgexplore import space_group
from sgexplore.groups._spacegroup_data import quiet_spglib

from ..conftest import WALLPAPER, every_group_and_setting

# (det, trace) -> n of the rotation (proper) or of -W (improper; -1 for the inversion).
PROPER = {3: 1, -1: 2, 0: 3, 1: 4, 2: 6}
IMPROPER = {-3: "-1", 1: "m", 0: "-3", -1: "-4", -2: "-6"}


def _operations(g) -> list[tuple[np.ndarray, np.ndarray]]:
    """The group's operations from spglib (space groups) or, for plane groups, the
    catalogue's generators closed by brute force in integers over 24."""
    if g.dim == 3:
        with quiet_spglib():
            data = spglib.get_symmetry_from_database(g.hall_number)
        return [(np.array(r), np.array(t, dtype=float)) for r, t in zip(data["rotations"], data["translations"])]
    return [(op.rotation, op.translation) for op in g.operations]


def _exact(v) -> tuple[Fraction, ...]:
    return tuple(Fraction(float(x)).limit_denominator(48) for x in v)


def _lattice(ops, dim: int) -> np.ndarray:
    return np.array([t for r, t in ops if np.array_equal(r, np.eye(dim))])


def _in_lattice(v: np.ndarray, centrings: np.ndarray) -> bool:
    diff = v - centrings
    return bool(np.any(np.all(np.abs(diff - np.rint(diff)) < 1e-9, axis=1)))


def _axis(matrix: np.ndarray) -> np.ndarray:
    """Integer null vector of ``matrix`` oriented as ITA: body diagonals with an even
    number of minus signs, otherwise first nonzero entry positive."""
    v = np.linalg.svd(matrix.astype(float))[2][-1]
    v = v / np.abs(v[np.abs(v) > 1e-6]).min()
    v = np.rint(v * 2) if not np.allclose(v, np.rint(v)) else np.rint(v)
    v = (v / np.gcd.reduce(np.abs(v[v != 0]).astype(int))).astype(int)
    if np.all(np.abs(v) == 1) and len(v) == 3:
        return v if np.prod(v) > 0 else -v
    return v if v[np.flatnonzero(v)[0]] > 0 else -v


def _sense(w: np.ndarray, u: np.ndarray | None, rng) -> str:
    x = rng.standard_normal(len(w))
    if len(w) == 2:
        value = x[0] * (w @ x)[1] - x[1] * (w @ x)[0]
    else:
        value = np.linalg.det(np.stack([u, x, w @ x]))
    return "+" if value > 0 else "-"


def oracle(w: np.ndarray, t: np.ndarray, centrings: np.ndarray, rng) -> dict:
    dim = len(w)
    det, trace = round(np.linalg.det(w)), int(np.trace(w))
    if dim == 2:
        trace += 1  # the 2D rotation is the 3D one about z restricted to the plane
    n = PROPER[trace] if det == 1 else IMPROPER[trace]
    order = n if det == 1 else {"-1": 2, "m": 2, "-3": 6, "-4": 4, "-6": 6}[n]
    powers = [np.linalg.matrix_power(w, j) for j in range(order)]
    intrinsic = sum(powers) @ t / order
    out = {"intrinsic": intrinsic, "sense": "", "n": n}
    if det == 1 and n > 2:
        u = _axis(w - np.eye(dim)) if dim == 3 else None
        out["sense"] = _sense(w, u, rng)
    if det == -1 and n in ("-3", "-4", "-6"):
        out["sense"] = _sense(-w, _axis(-w - np.eye(dim)), rng)
    if det == 1 and n > 1:
        if dim == 3:
            u = _axis(w - np.eye(3))
            period = next(f / 12 for f in range(1, 13) if _in_lattice(u * f / 12, centrings))
            tau = intrinsic @ u / (u @ u)
            p = round(n * tau / period) % n
            p = (-p) % n if out["sense"] == "-" else p
        else:
            p = 0
        out["symbol"] = f"{n}_{p}" if p else str(n)
    elif n == "m":
        out["symbol"] = "m" if _in_lattice(intrinsic, centrings) else "g"
    else:
        out["symbol"] = {1: "1", "-1": "-1"}.get(n, n) if n != 1 or not np.any(t) else "t"
    return out


_PARTS = re.compile(r"^(t|1|-?[1-6]|[mabcndg])([+-]?)(?:\(([^)]*)\))? ?(.*)$")


def _parse_set(text: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """'x,2x+1/4,-x' -> (offset (d,), directions (m, d)): the affine set it names."""
    names = [c for c in "xyz"[:dim] if c in text]
    offset = np.zeros(dim)
    directions = np.zeros((len(names), dim))
    for i, component in enumerate(text.split(",")):
        for term in re.findall(r"[+-]?[^+-]+", component):
            if term[-1] in "xyz":
                size = term[:-1].lstrip("+")
                directions[names.index(term[-1]), i] += -1 if size == "-" else int(size or 1)
            else:
                offset[i] += float(Fraction(term))
    return offset, directions


def _fixed(w, t, points) -> bool:
    return bool(np.allclose(points @ w.T + t, points, atol=1e-9))


def _check_location(w, t, intrinsic, where: str, rng) -> None:
    """The parsed set is the whole fixed-point set of x -> W x + t - intrinsic."""
    dim = len(w)
    reduced = t - intrinsic
    if ";" in where:  # rotoinversion: axis; inversion point
        line, point = where.split("; ")
        centre, _ = _parse_set(point, dim)
        assert _fixed(w, t, centre[None]), "the inversion point of a rotoinversion is fixed"
        offset, directions = _parse_set(line, dim)
        assert len(directions) == 1 and np.allclose(w @ directions[0], -directions[0])
        assert np.allclose(np.cross(centre - offset, directions[0]), 0), "the axis holds the point"
        return
    offset, directions = _parse_set(where, dim)
    rank = np.linalg.matrix_rank(w - np.eye(dim))
    assert len(directions) == dim - rank, "as many free parameters as the fixed set has dimensions"
    samples = offset + rng.uniform(-2, 2, (4, len(directions))) @ directions
    assert _fixed(w, reduced, samples)


@every_group_and_setting
def test_operation_symbols_match_an_independent_classification(g, rng):
    ops = _operations(g)
    centrings = _lattice(ops, g.dim)
    elements = {e.operation.key: e for e in g.symmetry_elements}
    assert len(elements) == len(ops)
    for w, t in ops:
        numerators = np.rint(t * 24).astype(np.int64) % 24
        element = elements[np.asarray(w, dtype=np.int64).tobytes() + numerators.tobytes()]
        expected = oracle(w, t, centrings, rng)
        assert element.symbol == expected["symbol"], (element.operation.xyz, element.ita_symbol)
        assert element.sense == expected["sense"]
        assert "_0" not in element.symbol
        head, sense, vector, where = _PARTS.match(element.ita_symbol).groups()
        assert sense == expected["sense"]
        intrinsic = expected["intrinsic"]
        if vector is not None:
            assert tuple(Fraction(v) for v in vector.split(",")) == _exact(intrinsic)
        if head == "t":
            assert not where and vector is not None
            continue
        if head == "1":
            assert not np.any(t)
            continue
        n = expected["n"]
        if n == "m":
            assert head == _glide_letter(intrinsic, w)
            assert (vector is None) == (head in "mabc"), "a, b, c and m carry no vector"
        else:
            assert head == str(n)
            assert (vector is None) == (not np.any(np.abs(intrinsic) > 1e-12))
        _check_location(w, t, intrinsic, where, rng)


def _glide_letter(v: np.ndarray, w: np.ndarray) -> str:
    """ITA's letter from the glide vector written in the shortest basis of the lattice
    vectors lying in the plane (found by enumeration): half an axis a, b, c; half the
    diagonal n; quarter diagonals d; anything else g (and every glide in 2D)."""
    if not np.any(np.abs(v) > 1e-12):
        return "m"
    if len(v) == 2:
        return "g"
    candidates = [np.array(c) for c in itertools.product(range(-2, 3), repeat=3)
                  if any(c) and np.array_equal(w @ np.array(c), np.array(c))]
    candidates.sort(key=lambda c: (np.abs(c).sum(), tuple(-c)))
    first = candidates[0]
    normal = np.cross(first, candidates[1]) if len(candidates) > 1 else None
    for other in candidates[1:]:
        normal = np.cross(first, other)
        if normal.any() and np.gcd.reduce(np.abs(normal)) == 1:
            break
    basis = np.stack([first, other])
    coefficients = np.linalg.lstsq(basis.T.astype(float), v, rcond=None)[0]
    parts = [Fraction(float(c)).limit_denominator(48) % 1 for c in coefficients]
    if parts == [Fraction(1, 2)] * 2:
        return "n"
    if all(p in (Fraction(1, 4), Fraction(3, 4)) for p in parts):
        return "d"
    if sorted(parts) == [0, Fraction(1, 2)]:
        axis = basis[parts.index(Fraction(1, 2))]
        if np.count_nonzero(axis) == 1:
            return "abc"[int(np.flatnonzero(axis)[0])]
    return "g"


EXAMPLES = [  # (group, operation, element symbol, ITA symbol) from the issue and ITA Vol. A
    ("P4_1", "y,-x,z+3/4", "4_1", "4-(0,0,3/4) 0,0,z"),
    ("P4_1", "-y,x,z+1/4", "4_1", "4+(0,0,1/4) 0,0,z"),
    ("P4_3", "-y,x,z+3/4", "4_3", "4+(0,0,3/4) 0,0,z"),
    ("P3_1", "-x+y,-x,z+2/3", "3_1", "3-(0,0,2/3) 0,0,z"),
    ("P3_2", "-y,x-y,z+2/3", "3_2", "3+(0,0,2/3) 0,0,z"),
    ("P6_1", "x-y,x,z+1/6", "6_1", "6+(0,0,1/6) 0,0,z"),
    ("P6_1", "y,-x+y,z+5/6", "6_1", "6-(0,0,5/6) 0,0,z"),
    ("Fm-3m", "y+1/2,x+1/2,-z", "2", "2(1/2,1/2,0) x,x,0"),
    ("Fm-3m", "-z,-x,-y", "-3", "-3+ x,x,x; 0,0,0"),
    ("Fm-3m", "x+1/2,y+1/2,-z", "m", "n(1/2,1/2,0) x,y,0"),
    ("Im-3m", "z+1/2,x+1/2,y+1/2", "3", "3+(1/2,1/2,1/2) x,x,x"),
    ("C2/c", "-x+1/2,y+1/2,-z+1/2", "2_1", "2(0,1/2,0) 1/4,y,1/4"),
    ("C2/c", "x+1/2,-y+1/2,z+1/2", "g", "n(1/2,0,1/2) x,1/4,z"),
    ("P2_1/c", "x,-y+1/2,z+1/2", "g", "c x,1/4,z"),
    ("P-1", "-x,-y,-z", "-1", "-1 0,0,0"),
    ("Pm-3m", "x,y,-z", "m", "m x,y,0"),
    ("P4bm", "y+1/2,x+1/2,z", "g", "g(1/2,1/2,0) x,x,z"),  # half of [110], not a diagonal
    ("Fd-3m", "x+3/4,y+1/4,-z+1/2", "g", "d(3/4,1/4,0) x,y,1/4"),
    ("P-4", "y,-x,-z", "-4", "-4+ 0,0,z; 0,0,0"),
    # ITA Vol. A, No. 198 P2_13, symmetry operations (2)-(12) as printed there.
    ("P2_13", "-x+1/2,-y,z+1/2", "2_1", "2(0,0,1/2) 1/4,0,z"),
    ("P2_13", "-x,y+1/2,-z+1/2", "2_1", "2(0,1/2,0) 0,y,1/4"),
    ("P2_13", "x+1/2,-y+1/2,-z", "2_1", "2(1/2,0,0) x,1/4,0"),
    ("P2_13", "z,x,y", "3", "3+ x,x,x"),
    ("P2_13", "z+1/2,-x+1/2,-y", "3", "3+ -x+1/2,x,-x"),
    ("P2_13", "-z+1/2,-x,y+1/2", "3", "3+ x+1/2,-x-1/2,-x"),
    ("P2_13", "-z,x+1/2,-y+1/2", "3", "3+ -x,-x+1/2,x"),
    ("P2_13", "y,z,x", "3", "3- x,x,x"),
    ("P2_13", "-y,z+1/2,-x+1/2", "3_1", "3-(-1/3,1/3,1/3) x+1/6,-x+1/6,-x"),
    ("P2_13", "y+1/2,-z+1/2,-x", "3_1", "3-(1/3,1/3,-1/3) -x+1/3,-x+1/6,x"),
    ("P2_13", "-y+1/2,-z,x+1/2", "3_1", "3-(1/3,-1/3,1/3) -x-1/6,x+1/3,-x"),
]


@pytest.mark.parametrize("key, xyz, symbol, ita", EXAMPLES, ids=[f"{k}:{x}" for k, x, _, _ in EXAMPLES])
def test_known_operation_symbols(key, xyz, symbol, ita):
    element = next(e for e in space_group(key).symmetry_elements if e.operation.xyz == xyz)
    assert (element.symbol, element.ita_symbol) == (symbol, ita)


PLANE_EXAMPLES = [("p2", "-x,-y", "2 0,0"), ("p4", "-y,x", "4+ 0,0"), ("p3", "-y,x-y", "3+ 0,0"),
                  ("p6", "x-y,x", "6+ 0,0"), ("p2mm", "x,-y", "m x,0"),
                  ("p2gg", "x+1/2,-y+1/2", "g(1/2,0) x,1/4"), ("cm", "x+1/2,y+1/2", "t(1/2,1/2)")]


@pytest.mark.parametrize("key, xyz, ita", PLANE_EXAMPLES, ids=[f"{k}:{x}" for k, x, _ in PLANE_EXAMPLES])
def test_known_plane_operation_symbols(key, xyz, ita):
    g = next(w for w in WALLPAPER if w.symbol == key or w.common_symbol == key)
    assert next(e.ita_symbol for e in g.symmetry_elements if e.operation.xyz == xyz) == ita


@pytest.mark.parametrize("key, count", [("Fm-3m", 48), ("Fd-3m", 48), ("Im-3m", 48), ("C2/c", 4),
                                        ("R-3m", 12), ("P1", 1), ("cm", 2), ("c2mm", 4), ("p4mm", 8)])
def test_coset_representatives(key, count):
    g = next((w for w in WALLPAPER if w.symbol == key), None) or space_group(key)
    reps = g.coset_representatives
    assert len(reps) == count == g.order // len(g.centring_translations)
    centring = np.rint(g.centring_translations * 24).astype(np.int64)
    products = {(op.rotation.tobytes(), tuple((op.translation_numerator + c) % 24)) for op in reps for c in centring}
    assert products == {(op.rotation.tobytes(), tuple(op.translation_numerator)) for op in g.operations}
    assert reps[0].xyz == ("x,y,z" if g.dim == 3 else "x,y")
