"""Generate ``sgexplore/groups/data/wyckoff.json``: Wyckoff positions of every setting.

Letters, multiplicities and representative coordinates come from cctbx's Wyckoff tables
(``sgtbx.wyckoff.table``, after the International Tables, Vol. A) for all 530 Hall settings.
The 17 plane groups take the table of their polar space group (the plane group times
translations along c, whose operations restricted to the plane are the plane group's); the
script finds that setting and checks the correspondence. Site-symmetry symbols are not
stored: sgexplore derives them from the operations. cctbx is needed only to run this:

    /tmp/cctbx/bin/python scripts/generate_wyckoff.py     (a venv with cctbx-base, spglib, scipy)

The packaged data are tested against spglib, not this script.
"""

from __future__ import annotations

import json
import re
import sys
from fractions import Fraction
from pathlib import Path

import spglib
from cctbx import sgtbx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sgexplore" / "groups" / "data" / "wyckoff.json"
sys.path.insert(0, str(ROOT))

from sgexplore.groups import all_wallpaper_groups  # noqa: E402


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


def _positions(hall_symbol: str, dim: int) -> list:
    table = sgtbx.space_group_info(symbol="Hall: " + hall_symbol).wyckoff_table()
    positions = []
    for i in range(table.size()):
        position = table.position(i)
        rows, offset = _parse(str(position.special_op_simplified()))
        if dim == 2:
            if rows[2] != [0, 0, 1] or any(rows[r][2] for r in range(2)) or offset[2]:
                raise RuntimeError(f"{hall_symbol}: position {position.letter()} is not z-free")
            rows = [row[:2] for row in rows[:2]]
            offset = offset[:2]
        positions.append([
            position.letter(), position.multiplicity(),
            [[str(v) for v in row] for row in rows], [str(v) for v in offset],
        ])
    return positions


def _polar_setting(group) -> str:
    """Hall symbol of the space-group setting whose operations are the plane group's x (z)."""
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
                return spglib.get_spacegroup_type(hall).hall_symbol
    raise RuntimeError(f"no polar space group for {group.symbol}")


def main() -> None:
    spglib.error.OLD_ERROR_HANDLING = False
    space = {}
    for hall in range(1, 531):
        space[str(hall)] = _positions(spglib.get_spacegroup_type(hall).hall_symbol, 3)
    plane = {}
    for group in all_wallpaper_groups():
        plane[str(group.number)] = _positions(_polar_setting(group), 2)
    OUT.write_text(json.dumps({"space": space, "plane": plane}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
