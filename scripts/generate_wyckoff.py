"""Generate ``sgexplore/groups/data/wyckoff.json``: Wyckoff positions of every setting.

Multiplicities and representative coordinates come from cctbx's Wyckoff tables
(``sgtbx.wyckoff.table``) for all 530 Hall settings. The letters are then assigned the way
the International Tables (Vol. A) define them: a position of a setting carries the letter
of the position of the reference setting it is mapped onto by the setting's own change of
basis x_ref = P x + p (ITA Table 4.3.2.1 for monoclinic cell choices and axis
permutations, the ITA origin shifts between origin choices 1 and 2, hexagonal axes for
rhombohedral groups). cctbx's own tables are transformed with other change-of-basis
operators (a different origin shift for 43 settings, a different axis choice for two), so
their letters differ from ITA's in 53 settings.

The letters of the reference settings are cctbx's, except two that ITA prints differently:
Pn-3m (origin choice 2) 24i = 1/2,y,y+1/2 and 24j = 1/4,y,-y+1/2 (cctbx has them
swapped), and p2 1b = 0,1/2, 1c = 1/2,0. The 17 plane groups take the table of their
polar space group (the plane group times translations along c). Site-symmetry symbols are
not stored: sgexplore derives them from the operations.

    /tmp/cctbx/bin/python scripts/generate_wyckoff.py      (a venv with cctbx-base, spglib)
    .venv/bin/python scripts/generate_wyckoff.py --reletter  (reuse the stored coordinates)

The packaged data are tested against the ITA transformations and spglib, not this script.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import spglib

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sgexplore" / "groups" / "data" / "wyckoff.json"
sys.path.insert(0, str(ROOT))

from sgexplore.groups import all_wallpaper_groups, space_group  # noqa: E402
from sgexplore.groups._catalogue import _halls_of_number  # noqa: E402
# Origin choice 1's shifts, monoclinic axes and cell choices: those ITA's text uses.
from sgexplore.groups._ita_text import (  # noqa: E402
    _CELL_CHOICES,
    _MONOCLINIC_AXES,
    ORIGIN_SHIFTS,
)
from sgexplore.groups._spacegroup_data import spacegroup_types  # noqa: E402

# Rhombohedral axes in hexagonal (obverse) coordinates: a_R = (2a+b+c)/3, ...
_RHOMBOHEDRAL = np.array([[2, -1, -1], [1, 1, -2], [1, 1, 1]], dtype=float) / 3
# Reference-setting letters that ITA prints differently from cctbx: Hall number (or
# plane-group number) -> {letter: coordinates of a point of that position}.
_SPACE_CORRECTIONS = {522: {"i": "1/2,y,y+1/2", "j": "1/2,y,-y"}}
_PLANE_CORRECTIONS = {2: {"b": "0,1/2,z", "c": "1/2,0,z"}}


def axis_permutation(symbol: str) -> np.ndarray:
    """ITA setting symbol (``"ba-c"``) -> P with (a', b', c') = (a, b, c) P."""
    columns = []
    for sign, axis in re.findall(r"(-?)([abc])", symbol):
        column = np.zeros(3)
        column["abc".index(axis)] = -1.0 if sign else 1.0
        columns.append(column)
    return np.array(columns).T


def change_of_basis(hall_number: int) -> tuple[int, np.ndarray, np.ndarray]:
    """(reference Hall number, P, p) with reference coordinates x_ref = P x + p."""
    t = spacegroup_types()[hall_number - 1]
    halls = _halls_of_number()[t.number]
    choice = t.choice
    if 3 <= t.number <= 15:
        match = re.fullmatch(r"(-?[abc])([123]?)", choice)
        reference = next(h for h in halls if spacegroup_types()[h - 1].choice in ("b", "b1"))
        p_matrix = _CELL_CHOICES[match.group(2) or "1"] @ axis_permutation(_MONOCLINIC_AXES[match.group(1)])
        return reference, p_matrix, np.zeros(3)
    if choice in ("H", "R"):
        reference = next(h for h in halls if spacegroup_types()[h - 1].choice == "H")
        return reference, (_RHOMBOHEDRAL if choice == "R" else np.eye(3)), np.zeros(3)
    origin, axes = re.fullmatch(r"([12]?)(.*)", choice).groups()
    reference = next(h for h in halls if spacegroup_types()[h - 1].choice in ("", "2"))
    p_matrix = axis_permutation(axes) if axes else np.eye(3)
    shift = np.zeros(3)
    if origin == "1":
        shift = np.array([float(Fraction(v)) for v in ORIGIN_SHIFTS[t.number].split(",")])
    return reference, p_matrix, shift


def _operation_keys(rotations: np.ndarray, translations: np.ndarray) -> set:
    numerators = np.rint(translations * 24).astype(np.int64) % 24
    return {(r.astype(np.int64).tobytes(), tuple(n)) for r, n in zip(rotations, numerators)}


def check_change_of_basis(hall_number: int) -> None:
    """Refuse a (P, p) that does not map the reference group onto the setting's group."""
    reference, p_matrix, shift = change_of_basis(hall_number)
    ref = space_group(spacegroup_types()[reference - 1].number, reference)
    g = space_group(spacegroup_types()[hall_number - 1].number, hall_number)
    inverse = np.linalg.inv(p_matrix)
    rotations = np.einsum("ij,njk,kl->nil", inverse, ref.rotations, p_matrix)
    translations = (ref.rotations @ shift + ref.translations - shift) @ inverse.T
    if np.abs(rotations - np.rint(rotations)).max() > 1e-9:
        raise RuntimeError(f"hall {hall_number}: change of basis is not integral")
    if _operation_keys(np.rint(rotations), translations) != _operation_keys(g.rotations, g.translations):
        raise RuntimeError(f"hall {hall_number}: change of basis does not map the groups")


def _parse(text: str) -> tuple[list[list[Fraction]], list[Fraction]]:
    """'x,2*x+1/2,-z' -> (rows of coefficients of x, y, z; constants mod 1)."""
    rows, offset = [], []
    for component in text.replace(" ", "").split(","):
        row = [Fraction(0)] * 3
        constant = Fraction(0)
        for term in re.findall(r"[+-]?[^+-]+", component):
            if term[-1] in "xyz":
                size = term[:-1].rstrip("*").lstrip("+")
                row["xyz".index(term[-1])] += Fraction(-1 if size == "-" else (size or 1))
            else:
                constant += Fraction(term)
        rows.append(row)
        offset.append(constant % 1)
    return rows, offset


def _cctbx_positions(hall_symbol: str) -> list:
    from cctbx import sgtbx

    table = sgtbx.space_group_info(symbol="Hall: " + hall_symbol).wyckoff_table()
    positions = []
    for i in range(table.size()):
        position = table.position(i)
        rows, offset = _parse(str(position.special_op_simplified()))
        positions.append([
            position.letter(), position.multiplicity(),
            [[str(v) for v in row] for row in rows], [str(v) for v in offset],
        ])
    return positions


def _corrected(group, positions: list, corrections: dict[str, str]) -> list:
    """Positions with the letters in ``corrections`` given to the positions holding the
    named points (so that applying it twice changes nothing)."""
    rng = np.random.default_rng(1)
    renamed = {}
    for letter, text in corrections.items():
        rows, offset = _parse(text)
        a, b = _arrays([letter, 0, rows, offset])
        renamed[_letter_of(group, positions, a @ rng.uniform(0.05, 0.45, 3) + b)] = letter
    if sorted(renamed) != sorted(renamed.values()):
        raise RuntimeError(f"{group.symbol}: corrections {corrections} are not a permutation")
    return [[renamed.get(p[0], p[0]), *p[1:]] for p in positions]


def _arrays(position) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([[float(Fraction(v)) for v in row] for row in position[2]])
    b = np.array([float(Fraction(v)) for v in position[3]])
    return a, b


def _letter_of(group, positions: list, point: np.ndarray) -> str:
    """Letter of the reference position whose orbit holds ``point``."""
    images = np.einsum("gij,j->gi", group.rotations, point) + group.translations
    shifts = np.array(np.meshgrid(*[np.arange(-2, 3)] * 3, indexing="ij")).reshape(3, -1).T
    candidates = (images[:, None, :] + shifts[None]).reshape(-1, 3)
    found = []
    for position in positions:
        a, b = _arrays(position)
        projector = a @ np.linalg.pinv(a)
        residual = (candidates - b) - (candidates - b) @ projector.T
        if np.any(np.linalg.norm(residual, axis=1) < 1e-7):
            found.append(position[0])
    stabiliser = np.sum(np.all(np.abs(np.mod(images - point + 0.5, 1) - 0.5) < 1e-7, axis=1))
    multiplicity = group.order // stabiliser
    found = [p[0] for p in positions if p[0] in found and p[1] == multiplicity]
    if len(found) != 1:
        raise RuntimeError(f"{group.symbol}: point {point} lies in positions {found}")
    return found[0]


def _ita_order(positions: list) -> list:
    """General position first, then letters downwards (cctbx's "@" is ITA's alpha, 27th)."""
    return sorted(positions, key=lambda p: (p[0] == "@", p[0]), reverse=True)


def reletter(space: dict[str, list]) -> dict[str, list]:
    """Every setting's positions with the letters of the reference setting, via x_ref = P x + p."""
    rng = np.random.default_rng(0)
    out = {}
    for hall in range(1, 531):
        reference, p_matrix, shift = change_of_basis(hall)
        check_change_of_basis(hall)
        ref_group = space_group(spacegroup_types()[reference - 1].number, reference)
        ref_positions = _corrected(ref_group, space[str(reference)], _SPACE_CORRECTIONS.get(reference, {}))
        lettered = []
        for position in space[str(hall)]:
            a, b = _arrays(position)
            generic = a @ rng.uniform(0.05, 0.45, 3) + b
            letter = _letter_of(ref_group, ref_positions, p_matrix @ generic + shift)
            lettered.append([letter, *position[1:]])
        if sorted(p[0] for p in lettered) != sorted(p[0] for p in ref_positions):
            raise RuntimeError(f"hall {hall}: letters do not match the reference one to one")
        out[str(hall)] = _ita_order(lettered)
    return out


def _polar_setting(group) -> int:
    """Hall number of the space-group setting whose operations are the plane group's x (z)."""
    wanted = {(tuple(r.ravel()), tuple(t)) for r, t in zip(group.rotations, group.translation_numerators)}
    for hall in range(1, 531):
        sym = spglib.get_symmetry_from_database(hall)
        found = set()
        for r, t in zip(sym["rotations"], sym["translations"]):
            if r[2, 2] != 1 or r[2, :2].any() or r[:2, 2].any() or round(t[2] * 24) % 24:
                break
            found.add((tuple(r[:2, :2].ravel()), tuple(round(v * 24) % 24 for v in t[:2])))
        else:
            if found == wanted and len(sym["rotations"]) == group.order:
                return hall
    raise RuntimeError(f"no polar space group for {group.symbol}")


def _plane_positions(positions: list, symbol: str) -> list:
    plane = []
    for letter, multiplicity, rows, offset in positions:
        if rows[2] != ["0", "0", "1"] or any(rows[r][2] != "0" for r in range(2)) or offset[2] != "0":
            raise RuntimeError(f"{symbol}: position {letter} is not z-free")
        plane.append([letter, multiplicity, [row[:2] for row in rows[:2]], offset[:2]])
    return plane


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reletter", action="store_true",
                        help="take the coordinates from the packaged file instead of cctbx")
    args = parser.parse_args()
    if args.reletter:
        raw = json.loads(OUT.read_text())["space"]
    else:
        raw = {str(h): _cctbx_positions(spacegroup_types()[h - 1].hall_symbol) for h in range(1, 531)}
    space = reletter(raw)
    plane = {}
    for group in all_wallpaper_groups():
        hall = _polar_setting(group)
        polar = space_group(spacegroup_types()[hall - 1].number, hall)
        positions = _corrected(polar, space[str(hall)], _PLANE_CORRECTIONS.get(group.number, {}))
        plane[str(group.number)] = _ita_order(_plane_positions(positions, group.symbol))
    OUT.write_text(json.dumps({"space": space, "plane": plane}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
