"""Compute the GP lab's error curves for every wallpaper group and write them to
sgexplore/widgets/data/gp_lab_curves.json: for each of CURVE_SEEDS hidden functions, the RMS
error of the invariant and the periodic posterior mean after the first n of a fixed
sequence of random observations, for n in CURVE_COUNTS, with the lab's default settings
(``sgexplore.widgets._gplab.CURVE_SETTINGS``). The lab shows their means; a test recomputes
a few entries and compares.

Usage: python scripts/gp_lab_curves.py [--groups p1,p4m,...] [--out PATH]
(about two minutes on two cores for all 17 groups).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sgexplore.widgets._base import SYMBOLS
from sgexplore.widgets._gplab import CURVE_COUNTS, CURVE_SEEDS, CURVE_SETTINGS, error_curves

OUT = Path(__file__).resolve().parents[1] / "sgexplore/widgets/data/gp_lab_curves.json"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default=",".join(SYMBOLS))
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    groups = {}
    for symbol in args.groups.split(","):
        started = time.perf_counter()
        curves = error_curves(symbol, CURVE_COUNTS, CURVE_SEEDS, **CURVE_SETTINGS)
        groups[symbol] = {name: values.round(6).tolist() for name, values in curves.items()}
        print(f"{symbol}: {time.perf_counter() - started:.1f} s", flush=True)
    table = {"settings": CURVE_SETTINGS, "counts": list(CURVE_COUNTS), "seeds": list(CURVE_SEEDS),
             "groups": groups}
    Path(args.out).write_text(json.dumps(table, indent=1) + "\n")


if __name__ == "__main__":
    main()
