"""Generate ``sgexplore/groups/data/asu.json``: asymmetric units of all 530 settings.

The asymmetric units are those of the International Tables (Vol. A) as implemented in
cctbx's ``sgtbx.direct_space_asu`` (Grosse-Kunstleve et al.), transformed to each of
spglib's 530 Hall settings. cctbx is needed only to run this script, never at run time:

    python -m venv /tmp/cctbx && /tmp/cctbx/bin/pip install cctbx-base spglib
    /tmp/cctbx/bin/python scripts/generate_asu.py

The packaged data are tested (volume, tiling of the cell), not this script.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import spglib
from cctbx import sgtbx

OUT = Path(__file__).resolve().parents[1] / "sgexplore" / "groups" / "data" / "asu.json"


def _frac(value) -> str:
    return str(Fraction(str(value)))


def _integer_cut(normal, offset) -> list:
    """Scale the cut n.x + c >= 0 so that n is a primitive integer vector."""
    values = [Fraction(str(v)) for v in (*normal, offset)]
    scale = math.lcm(*(v.denominator for v in values[:-1]))
    values = [v * scale for v in values]
    divisor = math.gcd(*(int(v) for v in values[:-1]))
    return [int(v / divisor) for v in values[:-1]] + [str(values[-1] / divisor)]


def _operations(group: sgtbx.space_group) -> set[tuple]:
    ops = set()
    for op in group.all_ops():
        r = tuple(int(v) for v in op.r().num())
        t = tuple(Fraction(int(v), op.t().den()) % 1 for v in op.t().num())
        ops.add((r, t))
    return ops


def _spglib_operations(hall_number: int) -> set[tuple]:
    sym = spglib.get_symmetry_from_database(hall_number)
    ops = set()
    for r, t in zip(sym["rotations"], sym["translations"]):
        ops.add(
            (tuple(int(v) for v in r.ravel()),
             tuple(Fraction(round(float(v) * 24), 24) % 1 for v in t))
        )
    return ops


def main() -> None:
    spglib.error.OLD_ERROR_HANDLING = False
    data = {}
    for hall_number in range(1, 531):
        hall_symbol = spglib.get_spacegroup_type(hall_number).hall_symbol
        info = sgtbx.space_group_info(symbol="Hall: " + hall_symbol)
        if _operations(info.group()) != _spglib_operations(hall_number):
            raise RuntimeError(f"cctbx and spglib disagree on Hall symbol {hall_symbol!r}")
        asu = info.direct_space_asu().shape_only()
        cuts = [_integer_cut(cut.n, cut.c) for cut in asu.cuts]
        vertices = [[_frac(v) for v in vertex] for vertex in asu.shape_vertices()]
        data[str(hall_number)] = {"hall_symbol": hall_symbol, "cuts": cuts, "vertices": vertices}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
