"""Generate ``sgexplore/groups/data/ita_positions.json``: ITA's coordinate triplets.

The source is Bilbao's WYCKPOS lists as shipped by PyXtal (``pyxtal/database/
wyckoff_list.csv``, MIT licence, Copyright 2018 Scott Fredericks, Qiang Zhu): for each of the
230 space groups in its ITA standard setting (unique axis b, cell choice 1, origin choice 2,
hexagonal axes), every Wyckoff position, general position first, with all its coordinate
triplets in ITA's order. ITA prints the triplets of the (0,0,0)+ set only; PyXtal lists the
other centring sets after them, so each position keeps its first multiplicity / (centring
vectors) triplets. The general position's triplets are ITA's coset representatives, (1),
(2), ... Spaces are dropped; nothing else is changed.

    pip download pyxtal --no-deps -d /tmp/pyxtal && unzip -o /tmp/pyxtal/pyxtal-*.whl -d /tmp/pyxtal
    .venv/bin/python scripts/generate_ita_text.py /tmp/pyxtal/pyxtal/database/wyckoff_list.csv

The packaged file is tested against the groups' own operations (tests/oracles/test_ita_text.py),
not this script.
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sgexplore" / "groups" / "data" / "ita_positions.json"
sys.path.insert(0, str(ROOT))

from sgexplore.groups import space_group


def main(source: str) -> None:
    csv.field_size_limit(1 << 28)
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))[2:]
    table = {}
    for number, text in ((int(r[0]), r[1]) for r in rows):
        group = space_group(number)
        centrings = len(group.centring_translations)
        positions = ast.literal_eval(text)
        letters = [w.letter for w in group.wyckoff_positions()]
        if len(letters) != len(positions):
            raise RuntimeError(f"{group.symbol}: {len(positions)} positions, sgexplore has {len(letters)}")
        table[str(number)] = [
            [letter, ";".join(t.replace(" ", "") for t in triplets[: len(triplets) // centrings])]
            for letter, triplets in zip(letters, positions)
        ]
    note = ("ITA's coordinate triplets ((0,0,0)+ set, ITA order) of every Wyckoff position of the 230 "
            "space groups in their standard settings, general position first. From Bilbao's WYCKPOS "
            "lists as shipped by PyXtal 1.1.5 (pyxtal/database/wyckoff_list.csv, MIT licence, "
            "Copyright 2018 Scott Fredericks, Qiang Zhu); see scripts/generate_ita_text.py.")
    OUT.write_text(json.dumps({"source": note, "space": table}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
