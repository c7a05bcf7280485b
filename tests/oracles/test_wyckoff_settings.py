"""Wyckoff letters of every setting, by the International Tables' own definition.

ITA gives a position of a non-reference setting the letter of the reference-setting position
that the setting's change of basis x_ref = P x + p maps it onto. The (P, p) below are written
out here from ITA Vol. A (Table 4.3.2.1 and the IUCr CIF dictionary's
``_space_group.IT_coordinate_system_code`` for monoclinic cell choices and axis settings; the
"Origin at ... from centre" lines for origin choice 1), independently of the packaged data
and of the script that generated it. The letters of the reference settings themselves are
checked against spglib in ``test_wyckoff_spglib.py`` and against ITA text below.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group

from ..conftest import settings

ORIGIN_CHOICE_1 = {  # ITA: origin choice 1 "at v from centre", i.e. x_2 = x_1 + v
    48: "1/4,1/4,1/4", 50: "1/4,1/4,0", 59: "1/4,1/4,0", 68: "0,1/4,1/4", 70: "-1/8,-1/8,-1/8",
    85: "-1/4,1/4,0", 86: "-1/4,-1/4,-1/4", 88: "0,-1/4,-1/8", 125: "1/4,1/4,0",
    126: "1/4,1/4,1/4", 129: "-1/4,1/4,0", 130: "-1/4,1/4,0", 133: "-1/4,1/4,-1/4",
    134: "-1/4,1/4,-1/4", 137: "-1/4,1/4,-1/4", 138: "-1/4,1/4,-1/4", 141: "0,1/4,-1/8",
    142: "0,1/4,-1/8", 201: "-1/4,-1/4,-1/4", 203: "-1/8,-1/8,-1/8", 222: "-1/4,-1/4,-1/4",
    224: "-1/4,-1/4,-1/4", 227: "-1/8,-1/8,-1/8", 228: "-3/8,-3/8,-3/8",
}


def _axes(symbol: str) -> np.ndarray:
    """'ba-c' -> P with (a', b', c') = (a, b, c) P."""
    columns = []
    for sign, axis in re.findall(r"(-?)([abc])", symbol):
        columns.append(np.eye(3)["abc".index(axis)] * (-1 if sign else 1))
    return np.array(columns).T


# Unique axis c (a) from unique axis b by the cyclic permutation cab (bca); the "-" settings
# are c-ba, ba-c and -acb in the frame of their unique axis. Cell choices, defined in the
# unique-axis-b frame: (a2, b2, c2) = (-a-c, b, a), (a3, b3, c3) = (c, b, -a-c).
MONOCLINIC = {"b": _axes("abc"), "c": _axes("cab"), "a": _axes("bca")}
MONOCLINIC_MINUS = {"b": _axes("c-ba"), "c": _axes("ba-c"), "a": _axes("-acb")}
CELL = {"1": np.eye(3),
        "2": np.array([[-1, 0, 1], [0, 1, 0], [-1, 0, 0]]),
        "3": np.array([[0, 0, -1], [0, 1, 0], [1, 0, -1]])}
RHOMBOHEDRAL = np.array([[2, -1, -1], [1, 1, -2], [1, 1, 1]]) / 3  # a_R, b_R, c_R in hexagonal


def change_of_basis(g) -> tuple[str, np.ndarray, np.ndarray]:
    """(reference setting's choice string, P, p) with x_ref = P x + p for ``g``'s setting."""
    choice = g.setting
    if g.crystal_system == "monoclinic":
        sign, axis, cell = re.fullmatch(r"(-?)([abc])([123]?)", choice).groups()
        frame = MONOCLINIC[axis] @ (MONOCLINIC_MINUS[axis] if sign else np.eye(3))
        return ("b1" if cell else "b"), CELL[cell or "1"] @ frame, np.zeros(3)
    if choice in ("H", "R"):
        return "H", (RHOMBOHEDRAL if choice == "R" else np.eye(3)), np.zeros(3)
    origin, axes = re.fullmatch(r"([12]?)(.*)", choice).groups()
    shift = np.zeros(3)
    if origin == "1":
        shift = np.array([float(Fraction(v)) for v in ORIGIN_CHOICE_1[g.number].split(",")])
    return ("2" if origin else ""), (_axes(axes) if axes else np.eye(3)), shift


@lru_cache(maxsize=None)
def _reference(number: int, choice: str):
    return space_group(number, setting=choice)


def _keys(rotations, translations) -> set:
    numerators = np.rint(np.asarray(translations) * 24).astype(np.int64) % 24
    return {(np.rint(r).astype(np.int64).tobytes(), tuple(n)) for r, n in zip(rotations, numerators)}


@settings
def test_letters_follow_the_settings_change_of_basis(g, rng):
    choice, matrix, shift = change_of_basis(g)
    reference = _reference(g.number, choice)
    inverse = np.linalg.inv(matrix)
    # (P, p) must carry the reference group onto this setting's group exactly.
    rotations = np.einsum("ij,njk,kl->nil", inverse, reference.rotations, matrix)
    translations = (reference.rotations @ shift + reference.translations - shift) @ inverse.T
    assert _keys(rotations, translations) == _keys(g.rotations, g.translations)
    # (That a point of a position is classified back to its letter in its own setting is
    # tested for every setting in tests/math/test_wyckoff.py.)
    for position in g.wyckoff_positions():
        point = position.point(rng.uniform(-1, 1, 3))
        assert reference.site_symmetry(matrix @ point + shift).letter == position.letter, (
            position.coordinates)


KNOWN = [  # (group, setting, point, ITA letter), from the ITA Vol. A pages of these groups
    (141, "1", (0, 0, 0), "a"),            # anatase Ti, origin choice 1
    (141, "2", (0, 3 / 4, 1 / 8), "a"),
    (201, "1", (1 / 4, 1 / 4, 1 / 4), "b"),
    (224, "2", (1 / 2, 0.13, 0.63), "i"),  # Pn-3m 24i: 1/2,y,y+1/2
    (224, "2", (1 / 2, 0.13, -0.13), "j"),
    (67, "ba-c", (0.3, 0.5, 0.2), "m"),    # Cmme ba-c; its image in Cmme is 0.5,0.3,-0.2 (16m)
    (15, "-b2", (0, 0, 0), "a"),           # C 1 2/n 1: the inversion centre at the origin
    (12, "c2", (1 / 2, 1 / 2, 0), "c"),    # B 1 1 2/m (ITA No. 12, unique axis c, cell choice 2)
    (12, "c2", (1 / 2, 1 / 2, 1 / 2), "d"),
    (12, "c3", (0, 1 / 2, 0), "c"),        # I 1 1 2/m (cell choice 3)
    (12, "c3", (1 / 4, 1 / 4, 1 / 4), "e"),
    (12, "c3", (3 / 4, 1 / 4, 1 / 4), "f"),
]


@pytest.mark.parametrize("number, setting, point, letter", KNOWN,
                         ids=[f"{n}:{s}-{l}" for n, s, _, l in KNOWN])
def test_letters_printed_in_the_international_tables(number, setting, point, letter):
    assert space_group(number, setting=setting).site_symmetry(point).letter == letter


PLANE = {  # ITA Vol. A plane groups: every special position's letter at one of its points
    "p2": {"a": (0, 0), "b": (0, 1 / 2), "c": (1 / 2, 0), "d": (1 / 2, 1 / 2)},
    "pm": {"a": (0, 0.3), "b": (1 / 2, 0.3)},
    "p2mm": {"a": (0, 0), "b": (0, 1 / 2), "c": (1 / 2, 0), "d": (1 / 2, 1 / 2),
             "e": (0.3, 0), "f": (0.3, 1 / 2), "g": (0, 0.3), "h": (1 / 2, 0.3)},
    "p2mg": {"a": (0, 0), "b": (0, 1 / 2), "c": (1 / 4, 0.3)},
    "c2mm": {"a": (0, 0), "b": (0, 1 / 2), "c": (1 / 4, 1 / 4), "d": (0.3, 0), "e": (0, 0.3)},
    "p4": {"a": (0, 0), "b": (1 / 2, 1 / 2), "c": (1 / 2, 0)},
    "p4mm": {"a": (0, 0), "b": (1 / 2, 1 / 2), "c": (1 / 2, 0), "d": (0.3, 0.3),
             "e": (0.3, 0), "f": (0.3, 1 / 2)},
    "p4gm": {"a": (0, 0), "b": (1 / 2, 0), "c": (0.3, 0.8)},
    "p3": {"a": (0, 0), "b": (1 / 3, 2 / 3), "c": (2 / 3, 1 / 3)},
    "p3m1": {"a": (0, 0), "b": (1 / 3, 2 / 3), "c": (2 / 3, 1 / 3), "d": (0.3, -0.3)},
    "p31m": {"a": (0, 0), "b": (1 / 3, 2 / 3), "c": (0.3, 0)},
    "p6": {"a": (0, 0), "b": (1 / 3, 2 / 3), "c": (1 / 2, 0)},
    "p6mm": {"a": (0, 0), "b": (1 / 3, 2 / 3), "c": (1 / 2, 0), "d": (0.3, 0),
             "e": (0.3, 0.6)},
}


@pytest.mark.parametrize("symbol", sorted(PLANE))
def test_plane_group_letters_printed_in_the_international_tables(symbol):
    g = wallpaper_group(symbol)
    found = {letter: g.site_symmetry(point).letter for letter, point in PLANE[symbol].items()}
    assert found == {letter: letter for letter in PLANE[symbol]}
