"""Symmetry elements, orbits, site symmetry and Wyckoff positions.

Geometric meaning of an operation (ITA Vol. A, 1.2.2.4): for W = (R, t) with R of order k,
the intrinsic part t_int = (1/k) sum_j R^j t is the screw or glide component and the
location part t - t_int fixes the element (axis, plane, line, point) in space.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from ._errors import PointError, SgexploreError, ToleranceError
from ._ita_text import coordinates_text, first_triplets, itas_lists, orbit_triplets, triplet_text
from ._operations import DENOMINATOR, Operation, rotation_order
from ._special_conditions import position_lines

TOLERANCE = 1e-6
# Special positions of a conventional setting lie on the (1/24)-grid, so coordinates that
# differ by 1/24 must stay apart: a tolerance above half of that would merge them.
MAX_TOLERANCE = 0.02


def check_tolerance(tolerance) -> float:
    """``tolerance`` as a float, refused unless it is a finite number in (0, 0.02]."""
    number = isinstance(tolerance, (int, float, np.integer, np.floating)) and not isinstance(
        tolerance, (bool, np.bool_))
    if not number or not (math.isfinite(tolerance) and 0 < tolerance <= MAX_TOLERANCE):
        raise ToleranceError(
            f"tolerance must be a finite number in (0, {MAX_TOLERANCE}], got {tolerance!r}: it is "
            "the largest coordinate difference treated as zero, and special positions can lie "
            "1/24 apart"
        )
    return float(tolerance)


def reduce_coordinates(x: np.ndarray) -> np.ndarray:
    """Fractional coordinates reduced into [0, 1).

    ``np.mod`` alone returns 1.0 for tiny negative inputs (-1e-17 % 1 rounds to 1.0), which is
    outside the cell; those become 0.
    """
    reduced = np.asarray(x, dtype=float) - np.floor(x)
    return np.where(reduced >= 1.0, 0.0, reduced)


@dataclass(frozen=True, eq=False)
class SymmetryElement:
    """The geometric meaning of one operation (modulo lattice translations).

    ``kind`` and ``symbol`` name the symmetry element, judged modulo the lattice with its
    centring vectors (an operation whose screw or glide vector is a lattice vector lies on a
    rotation axis or mirror); ``ita_symbol`` describes the operation itself as the
    International Tables list it (Vol. A, "Symmetry operations"; Bilbao GENPOS).

    Attributes:
        operation: the operation (R, t) with t in [0, 1).
        kind: ``identity``, ``translation``, ``rotation``, ``screw``, ``inversion``,
            ``rotoinversion``, ``mirror`` or ``glide``.
        order: order of the linear part R.
        symbol: element symbol: ``1``, ``t``, ``2``, ``3``, ``4``, ``6``, ``2_1``, ``3_1``,
            ``4_3``, ``6_5``, ..., ``-1``, ``-3``, ``-4``, ``-6``, ``m``, ``g`` (any glide).
            The screw index p of n_p is n tau / period (mod n) for sense + and minus that for
            sense -, with tau the screw part along the axis and the period the shortest
            lattice vector along it, centring vectors included.
        axis: (d,) int64 primitive direction of the rotation axis, of the rotoinversion
            axis, or the normal of a mirror or glide (None for identity, translation,
            inversion and 2D rotations). Rotation axes point the way ITA's sense refers to:
            first nonzero entry positive, or for body diagonals an even number of minus signs
            ([1,1,1], [1,-1,-1], [-1,1,-1], [-1,-1,1]).
        intrinsic: (d,) float64 screw, glide or translation vector of the operation (zero
            otherwise; a lattice vector for a rotation or mirror composed with a centring).
        location: (d,) float64 a point of the element: on the axis, plane or line, or the
            inversion centre of an inversion or rotoinversion; for 2D rotations the centre.
        sense: ``"+"`` (counter-clockwise seen from the tip of ``axis``; in 2D seen from
            above the plane) or ``"-"`` for rotations and rotoinversions of order 3, 4, 6;
            ``""`` otherwise. A rotoinversion has the sense of -R.
        ita_symbol: the operation in ITA's notation with its location, fractions exact:
            ``1``, ``t(1/2,1/2,0)``, ``2 0,0,z``, ``2(0,1/2,0) 1/4,y,1/4``, ``4+ 0,0,z``,
            ``3-(0,0,2/3) 0,0,z``, ``-1 0,0,0``, ``-3+ x,x,x; 0,0,0``, ``m x,y,0``,
            ``c x,1/4,z``, ``n(1/2,0,1/2) x,1/4,z``, ``d(1/4,1/4,1/4) ...``; in 2D ``2 0,0``,
            ``4+ 0,0``, ``m x,0``, ``g(1/2,0) x,1/4``. Lines and planes are written as ITA
            writes them (``_subspace_text``): in the coordinate letters of their free
            parameters (``x,2x,z``, ``-x,0,x``) from ITA's choice of point
            (``2(1/2,1/2,0) x,x-1/4,1/8``, ``g(1/4,1/4,1/2) x-1/4,x,z``). The location is
            that of this operation (R, t) with t in [0, 1): for ITA's representative of a
            coset (``coset_representatives``) it is ITA's text.
    """

    operation: Operation
    kind: str
    order: int
    symbol: str
    axis: np.ndarray | None
    intrinsic: np.ndarray
    location: np.ndarray | None
    sense: str = ""
    ita_symbol: str = ""

    def __repr__(self) -> str:
        return f"SymmetryElement({self.operation.xyz!r}, {self.kind}, {self.symbol!r})"


def primitive_direction(vector: np.ndarray) -> np.ndarray:
    """Smallest integer vector along ``vector``, first nonzero entry positive."""
    v = np.asarray(vector, dtype=float)
    v = v / np.abs(v[np.abs(v) > 1e-9]).min()
    for scale in range(1, 13):
        w = v * scale
        if np.allclose(w, np.rint(w), atol=1e-6):
            w = np.rint(w).astype(np.int64)
            w //= np.gcd.reduce(np.abs(w[w != 0]))
            return -w if w[np.flatnonzero(w)[0]] < 0 else w
    # Only axes and normals of a group's integer rotations come here.
    raise RuntimeError(f"{vector} is not a rational direction")


def _null_direction(matrix: np.ndarray) -> np.ndarray:
    _, _, vt = np.linalg.svd(np.asarray(matrix, dtype=float))
    return primitive_direction(vt[-1])


def rotation_axis(direction: np.ndarray) -> np.ndarray:
    """ITA's orientation of a rotation axis: body diagonals with an even number of minus
    signs ([-1,1,-1], not [1,-1,1]), every other direction first nonzero entry positive."""
    v = primitive_direction(direction)
    if len(v) == 3 and np.all(np.abs(v) == 1) and np.prod(v) < 0:
        return -v
    return v


def rotation_sense(rotation: np.ndarray, axis: np.ndarray | None) -> int:
    """+1 for a counter-clockwise proper rotation of order 3, 4 or 6 seen from the tip of
    ``axis`` (det[axis, x, R x] > 0 for x off the axis; in 2D det[x, R x] > 0), -1 for a
    clockwise one, 0 for orders 1 and 2."""
    r = np.asarray(rotation, dtype=np.int64)
    if rotation_order(r) <= 2:
        return 0
    if len(r) == 2:
        x = np.array([1, 0])
        return int(np.sign(x[0] * (r @ x)[1] - x[1] * (r @ x)[0]))
    x = np.eye(3, dtype=np.int64)[int(np.argmin(np.abs(axis)))]
    return int(np.sign(round(np.linalg.det(np.stack([axis, x, r @ x]).astype(float)))))


def lattice_period(axis: np.ndarray, centrings: np.ndarray) -> float:
    """The fraction f such that f * axis is the shortest lattice vector along the integer
    vector ``axis``, centring vectors included (1/2 for [111] in a body-centred lattice)."""
    for j in range(1, 13):
        if in_lattice(np.asarray(axis, dtype=float)[None] * j / 12, centrings)[0]:
            return j / 12
    return 1.0  # pragma: no cover - the axis itself is a lattice vector


def in_lattice(vectors: np.ndarray, centrings: np.ndarray) -> np.ndarray:
    """Whether each vector (n, d) is a lattice vector, centring vectors (c, d) included."""
    diff = np.asarray(vectors, dtype=float)[:, None, :] - np.asarray(centrings, dtype=float)[None]
    return np.any(np.all(np.abs(diff - np.rint(diff)) < 1e-9, axis=-1), axis=1)


def screw_indices(order: int, sense: int, along: np.ndarray, period: float) -> np.ndarray:
    """Screw index p of n_p for screw parts ``along`` (fractions of the axis vector): the
    number of periods an n-fold turn advances, n tau / period mod n, read for the
    counter-clockwise turn (a clockwise n^-1 with tau belongs to n_(n - p))."""
    p = np.rint(order * np.asarray(along, dtype=float) / period).astype(np.int64) % order
    return np.where(sense < 0, (-p) % order, p)


def _centrings(centrings, dim: int) -> np.ndarray:
    if centrings is None:
        return np.zeros((1, dim))
    return np.asarray(centrings, dtype=float).reshape(-1, dim)


def classify(op: Operation, centrings: np.ndarray | None = None) -> SymmetryElement:
    """The symmetry element of one operation (its translation taken in [0, 1)).

    Args:
        op: the operation.
        centrings: (c, d) the group's centring translations (``group.centring_translations``);
            without them the lattice is taken primitive.
    """
    return classify_affine(op, op.translation, centrings)


def classify_affine(op: Operation, t: np.ndarray, centrings: np.ndarray | None = None) -> SymmetryElement:
    """The symmetry element of x -> R x + t, with R from ``op`` and any translation t, the
    lattice generated by the integer vectors and ``centrings``."""
    r = op.rotation
    dim = op.dim
    centrings = _centrings(centrings, dim)
    identity = np.eye(dim, dtype=np.int64)
    t = np.asarray(t, dtype=float)
    k = rotation_order(r)
    power, total = identity.copy(), np.zeros(dim)
    for _ in range(k):
        total += power @ t
        power = power @ r
    intrinsic = total / k
    location_part = t - intrinsic
    det = int(round(np.linalg.det(r)))
    has_intrinsic = bool(np.abs(intrinsic).max() > 1e-12)
    # A screw or glide vector that is a lattice vector leaves a rotation axis or mirror.
    pure = bool(in_lattice(intrinsic[None], centrings)[0])
    location = np.linalg.lstsq((r - identity).astype(float), -location_part, rcond=None)[0]
    shift = f"({_vector_text(intrinsic)})" if has_intrinsic else ""
    if k == 1:
        kind = "translation" if has_intrinsic else "identity"
        return SymmetryElement(op, kind, 1, "t" if has_intrinsic else "1", None, intrinsic, None,
                               "", f"t{shift}" if has_intrinsic else "1")
    fixed = _null_space(r - identity)
    if det == 1:
        axis = rotation_axis(_null_direction(r - identity)) if dim == 3 else None
        sense = rotation_sense(r, axis)
        p = 0
        if dim == 3:
            along = intrinsic @ axis / (axis @ axis)
            p = int(screw_indices(k, sense, along, lattice_period(axis, centrings)))
        sign = {1: "+", -1: "-"}.get(sense, "")
        text = f"{k}{sign}{shift} {_subspace_text(location, fixed)}"
        kind, symbol = ("screw", f"{k}_{p}") if p else ("rotation", str(k))
        return SymmetryElement(op, kind, k, symbol, axis, intrinsic, location, sign, text)
    if np.array_equal(r, -identity):
        return SymmetryElement(op, "inversion", 2, "-1", None, intrinsic, location, "",
                               f"-1 {_point_text(location)}")
    if k == 2:
        normal = _null_direction(r + identity)
        kind, symbol = ("mirror", "m") if pure else ("glide", "g")
        letter = _glide_letter(intrinsic, fixed) if has_intrinsic else "m"
        vector = shift if letter in ("n", "d", "g") else ""
        text = f"{letter}{vector} {_subspace_text(location, fixed)}"
        return SymmetryElement(op, kind, 2, symbol, normal, intrinsic, location, "", text)
    axis = rotation_axis(_null_direction(-r - identity))
    n = rotation_order(-r)
    sign = {1: "+", -1: "-"}.get(rotation_sense(-r, axis), "")
    text = f"-{n}{sign} {_subspace_text(location, _null_space(-r - identity))}; {_point_text(location)}"
    return SymmetryElement(op, "rotoinversion", k, f"-{n}", axis, intrinsic, location, sign, text)


def _glide_letter(vector: np.ndarray, plane: np.ndarray) -> str:
    """ITA's glide letter from the glide vector in coordinates of the plane's lattice
    (``plane``: (2, 3) integer basis of the lattice vectors in the plane): a, b, c for half
    of a basis vector that is a cell axis, n for half the diagonal, d for quarter
    diagonals, g for any other glide (half of [110] in the plane x,x,z) and in 2D."""
    if len(vector) == 2:
        return "g"
    coefficients = np.linalg.lstsq(plane.T.astype(float), vector, rcond=None)[0]
    reduced = np.round(np.mod(coefficients, 1.0), 9) % 1.0
    half = np.isclose(reduced, 0.5)
    quarter = np.isclose(reduced, 0.25) | np.isclose(reduced, 0.75)
    if np.all(half):
        return "n"
    if np.all(quarter):
        return "d"
    if half.sum() == 1 and np.isclose(reduced[~half][0], 0):
        axis = plane[int(np.flatnonzero(half)[0])]
        if np.count_nonzero(axis) == 1:
            return "abc"[int(np.flatnonzero(axis)[0])]
    return "g"


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """(m, d) integer basis of {v : M v = 0} in reduced row-echelon form, each row primitive
    with a positive pivot."""
    m = np.asarray(matrix, dtype=float)
    _, singular, vt = np.linalg.svd(m)
    rank = int(np.sum(singular > 1e-9))
    basis = vt[rank:]
    if len(basis) == 0:
        return np.zeros((0, m.shape[1]), dtype=np.int64)
    rows = [[Fraction(v).limit_denominator(12) for v in row] for row in _rref(basis)]
    out = []
    for row in rows:
        scale = math.lcm(*(v.denominator for v in row))
        ints = np.array([int(v * scale) for v in row], dtype=np.int64)
        ints //= np.gcd.reduce(np.abs(ints[ints != 0]))
        out.append(ints)
    return np.array(out)


def _rref(rows: np.ndarray) -> np.ndarray:
    a = np.array(rows, dtype=float)
    pivot_row = 0
    for col in range(a.shape[1]):
        if pivot_row == len(a):
            break
        best = pivot_row + int(np.argmax(np.abs(a[pivot_row:, col])))
        if abs(a[best, col]) < 1e-9:
            continue
        a[[pivot_row, best]] = a[[best, pivot_row]]
        a[pivot_row] /= a[pivot_row, col]
        for other in range(len(a)):
            if other != pivot_row:
                a[other] -= a[other, col] * a[pivot_row]
        pivot_row += 1
    return a


def _fraction_text(value: float) -> str:
    return str(Fraction(float(value)).limit_denominator(48))


def _vector_text(vector: np.ndarray) -> str:
    return ",".join(_fraction_text(v) for v in vector)


def _point_text(point: np.ndarray) -> str:
    return _vector_text(np.where(np.abs(point) < 1e-12, 0.0, point))


def _ita_direction(direction: np.ndarray) -> np.ndarray:
    """A direction of a line or plane oriented as ITA writes it: ``rotation_axis``'s
    orientation, except that [1,0,-1] runs as [-1,0,1] (the cyclic image of [1,-1,0] and
    [0,1,-1]: ITA's ``2 -x,0,x``, ``m -x,y,x``)."""
    v = rotation_axis(direction)
    return -v if len(v) == 3 and tuple(v) == (1, 0, -1) else v


def _zero_coordinates(directions: np.ndarray) -> list[int]:
    """The coordinate ITA sets to 0 at the written point, one per direction: the last one
    the direction moves (``x+1/2,-x-1/2,-x``, ``x-1/4,x,z``, ``1/4,y+1/2,-y``), except that
    a line in the plane z = const moving x and y is written from its point with x = 0
    (``2 x,x-1/4,1/8``, ``2 x,-x+1/2,1/4``)."""
    if len(directions) == 1 and len(directions[0]) == 3 and directions[0][2] == 0 \
            and np.count_nonzero(directions[0]) == 2:
        return [0]
    chosen: list[int] = []
    for direction in directions:
        chosen.append(next(int(i) for i in np.flatnonzero(direction)[::-1] if i not in chosen))
    return chosen


def _subspace_text(point: np.ndarray, directions: np.ndarray) -> str:
    """The affine set point + span(directions) as ITA writes it: every coordinate in the free
    parameters, named after the first coordinate each direction moves, along ITA's
    orientations (``_ita_direction``; a plane's from the row-echelon basis), from the point
    whose coordinates ``_zero_coordinates`` names are 0.

    Examples:
        >>> _subspace_text(np.array([0.5, 0.25, 0.125]), np.array([[1, 1, 0]]))
        'x,x-1/4,1/8'
        >>> _subspace_text(np.array([0.0, 0.25, 0.0]), np.array([[1, 1, 0], [0, 0, 1]]))
        'x-1/4,x,z'
        >>> _subspace_text(np.array([-0.25, 0.0, 0.0]), np.array([[1, 0, 1], [0, 1, 0]]))
        'x-1/4,y,x'
    """
    point = np.asarray(point, dtype=float).copy()
    directions = np.array([_ita_direction(d) for d in np.asarray(directions, dtype=np.int64)],
                          dtype=np.int64).reshape(-1, len(point))
    names = [_AXES_NAMES[int(np.flatnonzero(d)[0])] for d in directions]
    if len(directions):
        zeros = _zero_coordinates(directions)
        steps = np.linalg.solve(directions[:, zeros].T.astype(float), -point[zeros])
        point = point + steps @ directions
    parts = []
    for i, constant in enumerate(point):
        term = ""
        for direction, name in zip(directions, names):
            c = int(direction[i])
            if c:
                sign = "-" if c < 0 else ("+" if term else "")
                term += f"{sign}{'' if abs(c) == 1 else abs(c)}{name}"
        if abs(constant) > 1e-12:
            text = _fraction_text(constant)
            term += ("" if not term or text.startswith("-") else "+") + text
        parts.append(term or "0")
    return ",".join(parts)


_AXES_NAMES = "xyz"


# Symmetry directions of the lattice (ITA Vol. A, Table 2.1.3.1), one list per position of
# the Hermann-Mauguin symbol; each list holds a set of equivalent directions in ITA order.
_CUBIC = (((1, 0, 0), (0, 1, 0), (0, 0, 1)),
          ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)),
          ((1, -1, 0), (1, 1, 0), (0, 1, -1), (0, 1, 1), (-1, 0, 1), (1, 0, 1)))
_HEXAGONAL = (((0, 0, 1),), ((1, 0, 0), (0, 1, 0), (-1, -1, 0)),
              ((1, -1, 0), (1, 2, 0), (-2, -1, 0)))
_TETRAGONAL = (((0, 0, 1),), ((1, 0, 0), (0, 1, 0)), ((1, -1, 0), (1, 1, 0)))
_RHOMBOHEDRAL = (((1, 1, 1),), ((1, -1, 0), (0, 1, -1), (-1, 0, 1)))
_ORTHORHOMBIC = (((1, 0, 0),), ((0, 1, 0),), ((0, 0, 1),))
_PLANE = {
    "oblique": (),
    "rectangular": (((1, 0),), ((0, 1),)),
    "square": (((1, 0), (0, 1)), ((1, -1), (1, 1))),
    "hexagonal": (((1, 0), (0, 1), (-1, -1)), ((1, -1), (1, 2), (-2, -1))),
}


def symmetry_directions(group) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The direction sets behind the positions of the group's Hermann-Mauguin symbol."""
    if group.dim == 2:
        return _PLANE[group.lattice_system]
    system = group.crystal_system
    if system == "triclinic":
        return ()
    if system == "monoclinic":
        axis = group.setting.strip("-")[:1] or "b"
        return (({"a": (1, 0, 0), "b": (0, 1, 0), "c": (0, 0, 1)}[axis],),)
    if system == "orthorhombic":
        return _ORTHORHOMBIC
    if system == "cubic":
        return _CUBIC
    if group.setting == "R":
        return _RHOMBOHEDRAL
    if group.centring == "R":
        return _HEXAGONAL[:2]
    return _TETRAGONAL if system == "tetragonal" else _HEXAGONAL


def _parallel(a: np.ndarray, b: np.ndarray) -> bool:
    if len(a) == 2:
        return a[0] * b[1] - a[1] * b[0] == 0
    return not np.cross(a, b).any()


def _symbol_along(direction: np.ndarray, elements: list[SymmetryElement]) -> str:
    """Symmetry of a site group (its linear parts, classified) along one direction: rotation
    and rotoinversion axes along it, and mirrors perpendicular to it (normal along it)."""
    n, mirror, improper = 1, False, set()
    for element in elements:
        if element.axis is None or not _parallel(element.axis, direction):
            continue
        if element.kind == "rotation":
            n = max(n, element.order)
        elif element.kind == "mirror":
            mirror = True
        elif element.kind == "rotoinversion":
            improper.add(element.symbol)
    if mirror and n in (2, 4, 6):
        return f"{n}/m"
    if "-3" in improper:
        return "-3"
    if "-6" in improper or (mirror and n == 3):
        return "-6"
    if n > 2 or (n == 2 and "-4" not in improper):
        return str(n)
    if "-4" in improper:
        return "-4"
    return "m" if mirror else "1"


def _canonical_line(v: np.ndarray) -> tuple[int, ...]:
    v = np.asarray(v, dtype=np.int64)
    return tuple(-v if v[np.flatnonzero(v)[0]] < 0 else v)


def oriented_symbol(group, rotations: list[np.ndarray]) -> str:
    """ITA's oriented site-symmetry symbol of a site group with these linear parts."""
    proper = [r for r in rotations if round(np.linalg.det(r)) == 1]
    if group.dim == 2:
        centre = str(max(rotation_order(r) for r in proper))
    directions = symmetry_directions(group)
    if group.dim == 3 and not directions:
        return "-1" if len(rotations) == 2 else "1"
    if group.dim == 3 and len(rotations) == 2 and any(
        np.array_equal(r, -np.eye(3, dtype=np.int64)) for r in rotations
    ):
        return "-1"
    elements = [classify(Operation(r, np.zeros(len(r), dtype=np.int64))) for r in rotations]
    parts = [[centre] if centre != "1" else []] if group.dim == 2 else []
    for direction_set in directions:
        remaining = [_canonical_line(d) for d in direction_set]
        symbols = []
        while remaining:
            first = np.array(remaining[0])
            orbit = {_canonical_line(r @ first) for r in rotations}
            remaining = [d for d in remaining if d not in orbit]
            symbol = _symbol_along(first, elements)
            if symbol != "1":
                symbols.append(symbol)
        parts.append(_ita_order(symbols, group))
    return _short_form(parts)


def _ita_order(symbols: list[str], group) -> list[str]:
    """ITA's order of a 2 and an m within one set of directions: m before 2 in cubic sets
    ("mm2..", "m.m2"), 2 before m in tetragonal ones ("m.2m"); otherwise the set's order."""
    if set(symbols) != {"2", "m"} or group.dim != 3:
        return symbols
    if group.crystal_system == "cubic":
        return sorted(symbols, key=lambda s: s != "m")
    if group.crystal_system == "tetragonal":
        return sorted(symbols, key=lambda s: s != "2")
    return symbols


def _short_form(parts: list[list[str]]) -> str:
    """ITA's short notation: '1' for a trivial site; with several symmetry directions,
    2/m is written m (and 4/m before -3 too: 4/m -3 2/m is m-3m)."""
    count = sum(len(p) for p in parts)
    if count == 0:
        return "1"
    if count > 1:
        has_three = any("-3" in s for p in parts for s in p)
        parts = [[("m" if s == "2/m" or (s == "4/m" and has_three) else s) for s in p]
                 for p in parts]
    return "".join("".join(p) or "." for p in parts)


@dataclass(frozen=True, eq=False)
class WyckoffPosition:
    """One Wyckoff position of a group in its setting.

    Attributes:
        letter: Wyckoff letter.
        multiplicity: number of points of one orbit in the conventional cell.
        site_symmetry: ITA's oriented site-symmetry symbol of the representative.
        matrix: (d, d) float64 A and offset: (d,) float64 b of the representative
            coordinates r(p) = A p + b in the free parameters p = (x, y[, z]).
        coordinates: the representative as text, e.g. ``"x,x,1/4"``: ITA's first triplet
            of the position in a standard setting.
    """

    letter: str
    multiplicity: int
    site_symmetry: str
    matrix: np.ndarray
    offset: np.ndarray
    coordinates: str
    _group: object = field(default=None, repr=False)

    @cached_property
    def reflection_conditions(self) -> tuple[str, ...]:
        """ITA's special (extra) reflection conditions of the position, beyond the group's
        general ones, in ITA's printed form; () for the general position and for a special
        position ITA marks "no extra conditions". Derived exactly from the orbit's structure
        factor (see ``_special_conditions``), in this setting's own axes.

        Examples:
            >>> from sgexplore import space_group
            >>> [(w.letter, w.reflection_conditions) for w in space_group("Fd-3m").wyckoff_positions()][-2:]
            [('b', ('hkl: h = 2n+1 or h+k+l = 4n',)), ('a', ('hkl: h = 2n+1 or h+k+l = 4n',))]
            >>> space_group("P6_3/mmc").wyckoff_positions()[-3].reflection_conditions
            ('hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2',)
        """
        group = self._group
        if group is None or self.free_parameters == group.dim:
            return ()
        offset = np.rint(self.offset * DENOMINATOR).astype(np.int64)
        lines = position_lines(group, np.rint(self.matrix).astype(np.int64), offset)
        return tuple(line.text for line in lines)

    @cached_property
    def triplets(self) -> tuple[str, ...]:
        """Every coordinate triplet of the position modulo the centring translations, as
        ITA lists them: in a standard setting Bilbao's list (ITA's text), in another the
        images of ``coordinates`` under the coset representatives (1), (2), ... in order,
        each kept once, constants in [0, 1) (the rule that gives ITA's lists in the standard
        settings); multiplicity / (centring vectors) of them.

        Examples:
            >>> from sgexplore import space_group
            >>> [w.triplets for w in space_group("Fd-3m").wyckoff_positions()][-1]
            ('1/8,1/8,1/8', '7/8,3/8,3/8')
        """
        group = self._group
        for letter, triplets in itas_lists(group) or ():
            if letter == self.letter:
                return triplets
        offset = np.rint(self.offset * DENOMINATOR).astype(np.int64)
        centrings = np.rint(np.asarray(group.centring_translations) * DENOMINATOR).astype(np.int64)
        return tuple(triplet_text(a, b) for a, b in orbit_triplets(
            np.rint(self.matrix).astype(np.int64), offset, group.coset_representatives, centrings))

    @property
    def free_parameters(self) -> int:
        """Number of free parameters (0 for a special point)."""
        return int(np.linalg.matrix_rank(self.matrix))

    def point(self, parameters) -> np.ndarray:
        """The representative point for free parameters p (d,), reduced into [0, 1)."""
        return reduce_coordinates(self.matrix @ np.asarray(parameters, dtype=float) + self.offset)

    @cached_property
    def _projector(self) -> np.ndarray:
        return self.matrix @ np.linalg.pinv(self.matrix)

    def contains(self, points: np.ndarray, tolerance: float = TOLERANCE) -> np.ndarray:
        """Whether points (P, d) lie on the representative's affine subspace."""
        tolerance = check_tolerance(tolerance)
        residual = (points - self.offset) - (points - self.offset) @ self._projector.T
        return np.linalg.norm(residual, axis=-1) < tolerance


@dataclass(frozen=True, eq=False)
class SiteSymmetry:
    """The stabiliser of a point.

    Attributes:
        point: (d,) the point (fractional).
        rotations: (s, d, d) int64 and translations: (s, d) float64 of the operations
            g with g.x = x exactly (lattice translation included).
        order: s, the order of the site-symmetry group.
        multiplicity: order of the group / s: the size of the orbit in the cell.
        wyckoff: the Wyckoff position of the point.
    """

    point: np.ndarray
    rotations: np.ndarray
    translations: np.ndarray
    order: int
    multiplicity: int
    wyckoff: WyckoffPosition

    @property
    def letter(self) -> str:
        return self.wyckoff.letter

    @property
    def symbol(self) -> str:
        """The oriented site-symmetry symbol of the point's Wyckoff position."""
        return self.wyckoff.site_symmetry


@lru_cache(maxsize=1)
def _wyckoff_table() -> dict:
    text = resources.files("sgexplore.groups").joinpath("data/wyckoff.json").read_text()
    return json.loads(text)


def _images(group, x: np.ndarray) -> np.ndarray:
    return reduce_coordinates(x @ np.transpose(group.rotations, (0, 2, 1)) + group.translations)


def _torus_close(a: np.ndarray, b: np.ndarray, tolerance: float) -> np.ndarray:
    diff = a - b
    return np.all(np.abs(diff - np.rint(diff)) < tolerance, axis=-1)


def orbit(group, x, tolerance: float = TOLERANCE) -> np.ndarray:
    """(m, d) the distinct images of the point x in the unit cell [0, 1)^d."""
    tolerance = check_tolerance(tolerance)
    x = _as_point(group, x)
    images = _images(group, x)
    # keep each image unless an earlier one is the same point of the torus (all pairs at once)
    close = _torus_close(images[:, None, :], images[None, :, :], tolerance)
    first = ~np.tril(close, k=-1).any(axis=1)
    return images[first]


def _as_point(group, x) -> np.ndarray:
    try:
        x = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise PointError(f"a point of {group.symbol} is {group.dim} finite fractional coordinates, "
                         f"got {x!r}") from None
    if x.shape != (group.dim,) or not np.all(np.isfinite(x)):
        raise PointError(f"a point of {group.symbol} is {group.dim} finite fractional coordinates, got {x!r}")
    return x


def stabiliser(group, x, tolerance: float = TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """(rotations, exact translations t + l) of the operations fixing x."""
    tolerance = check_tolerance(tolerance)
    x = _as_point(group, x)
    images = x @ np.transpose(group.rotations, (0, 2, 1)) + group.translations
    shifts = np.rint(x - images)
    fixed = np.all(np.abs(images + shifts - x) < tolerance, axis=1)
    return group.rotations[fixed], group.translations[fixed] + shifts[fixed]


def _position_records(group) -> list:
    table = _wyckoff_table()
    key = ("plane", str(group.number)) if group.dim == 2 else ("space", str(group.hall_number))
    return table[key[0]][key[1]]


def wyckoff_positions(group) -> tuple[WyckoffPosition, ...]:
    """The Wyckoff positions, general position first (ITA order)."""
    rng = np.random.default_rng(group.number)
    ita = first_triplets(group)
    positions = []
    for letter, multiplicity, rows, offset in _position_records(group):
        matrix = [[Fraction(v) for v in row] for row in rows]
        constant = [Fraction(v) for v in offset]
        if ("\u03b1" if letter == "@" else letter) in ita:
            # ITA's first triplet: another point of the same position (tested), as ITA writes it.
            first = Operation.from_xyz(ita["\u03b1" if letter == "@" else letter])
            matrix = [[Fraction(int(v)) for v in row] for row in first.rotation]
            constant = [Fraction(int(v), DENOMINATOR) for v in first.translation_numerator]
        a = np.array([[float(v) for v in row] for row in matrix])
        b = np.array([float(v) for v in constant])
        generic = reduce_coordinates(a @ rng.uniform(0.05, 0.45, group.dim) + b)
        rotations, _ = stabiliser(group, generic)
        symbol = oriented_symbol(group, list(rotations))
        # cctbx writes the 27th letter of Pmmm as "@"; ITA writes alpha.
        letter = "\u03b1" if letter == "@" else letter
        positions.append(WyckoffPosition(letter, int(multiplicity), symbol, a, b,
                                         coordinates_text(matrix, constant), group))
    return tuple(positions)


def site_symmetry(group, x, tolerance: float = TOLERANCE) -> SiteSymmetry:
    """Stabiliser, multiplicity and Wyckoff position of the point x."""
    tolerance = check_tolerance(tolerance)
    x = _as_point(group, x)
    rotations, translations = stabiliser(group, x, tolerance)
    multiplicity = group.order // len(rotations)
    images = orbit(group, x, tolerance)
    shifts = np.array(list(itertools.product(range(-2, 3), repeat=group.dim)), dtype=float)
    candidates = (images[:, None, :] + shifts[None]).reshape(-1, group.dim)
    for position in group.wyckoff_positions():
        if position.multiplicity == multiplicity and position.contains(candidates, tolerance).any():
            return SiteSymmetry(x, rotations, translations, len(rotations), multiplicity, position)
    # Every point lies in the general position, but a point about one tolerance away from a special
    # position can be fixed (within tolerance) by part of its site symmetry and yet lie off it.
    raise SgexploreError(
        f"{x.tolist()} is within tolerance {tolerance:g} of a special position of {group.symbol} "
        f"but not on it ({len(rotations)} of its {group.order} operations fix it); pass a tolerance "
        "well above its distance from that position (to snap onto it) or well below (to treat it as "
        "general)"
    )


@dataclass(frozen=True, eq=False)
class CellElements:
    """Symmetry elements of a plane group that meet the closed unit cell [0, 1]^2.

    Attributes:
        rotation_centres: (c, 2) float64 centres; rotation_orders: (c,) int64 their orders.
        mirror_lines: (m, 2, 2) float64 segments (end points) of mirror lines in the cell.
        glide_lines: (g, 2, 2) float64 segments of glide lines that are not mirrors;
            glide_vectors: (g, 2) float64 their shortest glide components.
    """

    rotation_centres: np.ndarray
    rotation_orders: np.ndarray
    mirror_lines: np.ndarray
    glide_lines: np.ndarray
    glide_vectors: np.ndarray


def _clip_to_cell(point: np.ndarray, direction: np.ndarray) -> np.ndarray | None:
    """The segment of the line point + s direction inside [0, 1]^2, or None."""
    low, high = -np.inf, np.inf
    for a in range(2):
        if abs(direction[a]) < 1e-12:
            if not -1e-9 <= point[a] <= 1 + 1e-9:
                return None
            continue
        s0, s1 = sorted(((0 - point[a]) / direction[a], (1 - point[a]) / direction[a]))
        low, high = max(low, s0), min(high, s1)
    if high - low < 1e-9:
        return None
    return np.array([point + low * direction, point + high * direction])


def cell_elements(group) -> CellElements:
    """Every rotation centre, mirror line and glide line of a plane group in the cell."""
    centres: dict[tuple, int] = {}
    lines: dict[tuple, tuple[np.ndarray, list[np.ndarray]]] = {}
    for op in group.operations[1:]:
        if np.array_equal(op.rotation, np.eye(2, dtype=np.int64)):
            continue
        for shift in itertools.product(range(-2, 3), repeat=2):
            element = classify_affine(op, op.translation + np.array(shift, dtype=float),
                                      group.centring_translations)
            if element.kind == "rotation":
                centre = element.location
                if np.all((centre > -1e-9) & (centre < 1 + 1e-9)):
                    key = tuple(np.round(centre, 9))
                    centres[key] = max(centres.get(key, 1), element.order)
                continue
            direction = _null_direction(op.rotation - np.eye(2, dtype=np.int64)).astype(float)
            segment = _clip_to_cell(element.location, direction)
            if segment is None:
                continue
            ends = sorted(tuple(np.round(end, 9)) for end in segment)
            key = (*ends[0], *ends[1])
            entry = lines.setdefault(key, (segment, []))
            entry[1].append(element.intrinsic)
    mirrors, glides, vectors = [], [], []
    for segment, intrinsics in lines.values():
        shortest = min(intrinsics, key=lambda v: float(np.abs(v).sum()))
        if np.abs(shortest).max() < 1e-12:
            mirrors.append(segment)
        else:
            glides.append(segment)
            vectors.append(shortest)
    keys = sorted(centres)
    return CellElements(
        rotation_centres=np.array(keys, dtype=float).reshape(-1, 2),
        rotation_orders=np.array([centres[k] for k in keys], dtype=np.int64),
        mirror_lines=np.array(mirrors, dtype=float).reshape(-1, 2, 2),
        glide_lines=np.array(glides, dtype=float).reshape(-1, 2, 2),
        glide_vectors=np.array(vectors, dtype=float).reshape(-1, 2),
    )
