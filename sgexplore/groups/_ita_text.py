"""ITA's own text: the coset representatives (1), (2), ... of the general position and the
coordinate triplets of every Wyckoff position, as the International Tables print them.

Standard settings (unique axis b, cell choice 1, origin choice 2, hexagonal axes, the
library's default settings) take Bilbao's WYCKPOS lists as shipped by PyXtal (MIT licence;
``data/ita_positions.json``, made by ``scripts/generate_ita_text.py``). Every other setting
is transformed from its standard one by the setting's change of basis x_std = P x + p (ITA
Vol. A, Table 4.3.2.1; the origin shifts of origin choice 1; hexagonal to rhombohedral
axes): an operation (W, w) becomes (P^-1 W P, P^-1 (W p + w - p)), in ITA's numbering.
A position's triplets are the images of its first triplet under (1), (2), ... in order,
each kept once modulo the centring translations, constants reduced into [0, 1): over the
230 standard settings this rule gives Bilbao's lists exactly (all 1731 positions), so the
other settings list their positions the same way, from their own representative.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from functools import lru_cache
from importlib import resources

import numpy as np

from ._operations import DENOMINATOR, Operation

# Origin choice 1 of these groups has its origin at v from the centre ("Origin at ..., at v
# from centre" in ITA), so that origin-2 coordinates are x_2 = x_1 + v.
ORIGIN_SHIFTS = {
    48: "1/4,1/4,1/4", 50: "1/4,1/4,0", 59: "1/4,1/4,0", 68: "0,1/4,1/4", 70: "-1/8,-1/8,-1/8",
    85: "-1/4,1/4,0", 86: "-1/4,-1/4,-1/4", 88: "0,-1/4,-1/8", 125: "1/4,1/4,0",
    126: "1/4,1/4,1/4", 129: "-1/4,1/4,0", 130: "-1/4,1/4,0", 133: "-1/4,1/4,-1/4",
    134: "-1/4,1/4,-1/4", 137: "-1/4,1/4,-1/4", 138: "-1/4,1/4,-1/4", 141: "0,1/4,-1/8",
    142: "0,1/4,-1/8", 201: "-1/4,-1/4,-1/4", 203: "-1/8,-1/8,-1/8", 222: "-1/4,-1/4,-1/4",
    224: "-1/4,-1/4,-1/4", 227: "-1/8,-1/8,-1/8", 228: "-3/8,-3/8,-3/8",
}
# Monoclinic unique axis (and sign) -> ITA axis permutation from unique axis b; cell
# choices 2 and 3 from 1 in the unique-axis-b frame: (a2, b2, c2) = (-a-c, b, a),
# (a3, b3, c3) = (c, b, -a-c).
_MONOCLINIC_AXES = {"b": "abc", "-b": "c-ba", "c": "cab", "-c": "ac-b", "a": "bca", "-a": "-bac"}
_CELL_CHOICES = {
    "1": np.eye(3, dtype=np.int64),
    "2": np.array([[-1, 0, 1], [0, 1, 0], [-1, 0, 0]]),
    "3": np.array([[0, 0, -1], [0, 1, 0], [1, 0, -1]]),
}
# Rhombohedral axes in hexagonal (obverse) coordinates, times 3: a_R = (2a + b + c) / 3, ...
_RHOMBOHEDRAL_3 = np.array([[2, -1, -1], [1, 1, -2], [1, 1, 1]])


@lru_cache(maxsize=1)
def _table() -> dict:
    text = resources.files("sgexplore.groups").joinpath("data/ita_positions.json").read_text()
    return json.loads(text)["space"]


def _axis_permutation(symbol: str) -> np.ndarray:
    """ITA setting symbol (``"ba-c"``) -> P with (a', b', c') = (a, b, c) P."""
    columns = []
    for sign, axis in re.findall(r"(-?)([abc])", symbol):
        columns.append(np.eye(3, dtype=np.int64)["abc".index(axis)] * (-1 if sign else 1))
    return np.array(columns).T


def change_of_basis(group) -> tuple[np.ndarray, np.ndarray]:
    """(P, p) of ``group``'s setting with standard-setting coordinates x_std = P x + p:
    P (3, 3) float64 (thirds for rhombohedral axes), p (3,) float64.

    Examples:
        >>> from sgexplore import space_group
        >>> change_of_basis(space_group("Fd-3m", setting="1"))[1].tolist()
        [-0.125, -0.125, -0.125]
    """
    choice = group.setting
    if group.crystal_system == "monoclinic":
        axis, cell = re.fullmatch(r"(-?[abc])([123]?)", choice).groups()
        matrix = _CELL_CHOICES[cell or "1"] @ _axis_permutation(_MONOCLINIC_AXES[axis])
        return matrix.astype(float), np.zeros(3)
    if choice == "R":
        return _RHOMBOHEDRAL_3 / 3.0, np.zeros(3)
    if choice == "H":
        return np.eye(3), np.zeros(3)
    origin, axes = re.fullmatch(r"([12]?)(.*)", choice).groups()
    matrix = _axis_permutation(axes) if axes else np.eye(3, dtype=np.int64)
    shift = np.zeros(3)
    if origin == "1":
        shift = np.array([float(Fraction(v)) for v in ORIGIN_SHIFTS[group.number].split(",")])
    return matrix.astype(float), shift


def _is_standard(group) -> bool:
    matrix, shift = change_of_basis(group)
    return np.array_equal(matrix, np.eye(3)) and not shift.any()


def _exact(values: np.ndarray, what: str) -> np.ndarray:
    scaled = np.asarray(values, dtype=float) * DENOMINATOR
    exact = np.rint(scaled).astype(np.int64)
    if np.abs(scaled - exact).max(initial=0.0) > 1e-9:
        # The changes of basis above map the groups' own operations: a bug, not input.
        raise RuntimeError(f"{what} is not a multiple of 1/{DENOMINATOR}")
    return exact


def transformed(op: Operation, matrix: np.ndarray, shift: np.ndarray) -> Operation:
    """The standard-setting operation ``op`` written in the setting with x_std = P x + p."""
    inverse = np.linalg.inv(matrix)
    rotation = inverse @ op.rotation @ matrix
    if np.abs(rotation - np.rint(rotation)).max() > 1e-9:
        raise RuntimeError("the change of basis does not map the operation to an integer matrix")
    translation = inverse @ (op.rotation @ shift + op.translation - shift)
    return Operation(np.rint(rotation).astype(np.int64), _exact(translation, "a translation"))


def standard_triplets(number: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Bilbao's (letter, triplets) of every position of space group ``number`` in its
    standard setting, general position first, triplets of the (0,0,0)+ set in ITA's order."""
    return tuple((letter, tuple(text.split(";"))) for letter, text in _table()[str(number)])


def ita_representatives(group) -> tuple[Operation, ...] | None:
    """ITA's coset representatives (1), (2), ... of a space group in its setting (the
    standard ones transformed), or None for a plane group."""
    if group.dim != 3:
        return None
    general = standard_triplets(group.number)[0][1]
    operations = [Operation.from_xyz(t) for t in general]
    if _is_standard(group):
        return tuple(operations)
    matrix, shift = change_of_basis(group)
    return tuple(transformed(op, matrix, shift) for op in operations)


# Plane groups: ITA's first triplet where the packaged representative is another point of
# the orbit (ITA Vol. A, p2gg: 2b 1/2,0 0,1/2).
_PLANE_FIRST = {8: {"b": "1/2,0"}}


def itas_lists(group) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Bilbao's (letter, triplets) of a space group in its standard setting, else None."""
    if group.dim != 3 or not _is_standard(group):
        return None
    return standard_triplets(group.number)


def first_triplets(group) -> dict[str, str]:
    """ITA's first triplet of the positions of ``group`` by letter: all of them in a
    standard space-group setting, the few that differ from the packaged representative in
    a plane group, none in another setting."""
    if group.dim == 2:
        return _PLANE_FIRST.get(group.number, {})
    lists = itas_lists(group)
    return {letter: triplets[0] for letter, triplets in lists} if lists else {}


def orbit_triplets(matrix: np.ndarray, offset: np.ndarray, representatives, centrings: np.ndarray
                   ) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The triplets A p + b (integer A, b in 24ths) of a position whose first triplet is
    (``matrix``, ``offset``): its images under ``representatives`` in their order, each kept
    once modulo the centring translations ``centrings`` ((c, d) numerators), constants in
    [0, 24)."""
    seen: set[tuple] = set()
    triplets = []
    for op in representatives:
        a = op.rotation @ matrix
        b = np.mod(op.rotation @ offset + op.translation_numerator, DENOMINATOR)
        key = (a.tobytes(), frozenset(np.mod(b + c, DENOMINATOR).tobytes() for c in centrings))
        if key not in seen:
            seen.add(key)
            triplets.append((a, b))
    return tuple(triplets)


def triplet_text(matrix: np.ndarray, offset: np.ndarray) -> str:
    """The coordinates ``A p + b`` (integer A, b as numerators over 24) in ITA style, e.g.
    ``-x+1/2,y+1/2,-z+1/2`` or ``x,2x,1/4``.

    Examples:
        >>> triplet_text(np.array([[1, 0, 0], [2, 0, 0], [0, 0, 0]]), np.array([0, 0, 6]))
        'x,2x,1/4'
    """
    rows = np.asarray(matrix, dtype=np.int64).tolist()
    return coordinates_text(rows, [Fraction(int(c % DENOMINATOR), DENOMINATOR) for c in offset])


def coordinates_text(matrix: list[list], offset: list[Fraction]) -> str:
    """The coordinates ``A p + b`` written out (exact A and b as given, b not reduced), e.g.
    ``x,2x,1/4``: ``triplet_text`` for integer data over 24, the Wyckoff table's rows.

    Examples:
        >>> coordinates_text([[1, 0, 0], [0, -1, 0], [0, 0, 0]], [Fraction(0), Fraction(1, 2), Fraction(1, 4)])
        'x,-y+1/2,1/4'
    """
    parts = []
    for row, constant in zip(matrix, offset):
        term = ""
        for coefficient, name in zip(row, "xyz"):
            if coefficient:
                sign = "-" if coefficient < 0 else ("+" if term else "")
                size = "" if abs(coefficient) == 1 else str(abs(coefficient))
                term += f"{sign}{size}{name}"
        if constant:
            term += f"+{constant}" if term else str(constant)
        parts.append(term or "0")
    return ",".join(parts)
