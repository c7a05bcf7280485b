"""Measure, for every space group, the smallest n for which the first n non-constant
invariant basis functions separate orbits (Adams & Orbanz's embedding), and write the table
to sgexplore/orbifolds/data/embedding_dimensions.json.

Injectivity is decided numerically by ``injectivity_report`` (grid pairs whose images are
close but whose orbits are apart, refined by minimisation). Adding coordinates never breaks
injectivity, so n is found by doubling from 3 (no continuous injective map of a
3-dimensional orbit space into R^2 exists) and bisecting; the table records n and that n - 1
was measured not injective.

Usage: python scripts/embedding_dimensions.py [--groups 1-230] [--max-n 64] [--out PATH] [--redo]

Groups already in the table are skipped unless --redo, so interrupted runs resume.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from sgexplore.groups import space_group
from sgexplore.orbifolds import basis_embedding, injectivity_report

OUT = Path(__file__).resolve().parents[1] / "sgexplore/orbifolds/data/embedding_dimensions.json"
SETTINGS = {"resolution": 20, "pairs": 2000, "refine": 256, "candidates": 20000, "seed": 0}


def injective(group, n: int, cache: dict[int, bool]) -> bool:
    if n not in cache:
        cache[n] = injectivity_report(basis_embedding(group, n), **SETTINGS).injective
    return cache[n]


def smallest_dimension(group, max_n: int) -> tuple[int | None, dict[int, bool]]:
    """(smallest injective n or None up to max_n, every n measured -> injective)."""
    cache: dict[int, bool] = {}
    low, n = 2, 3  # low: largest n known not injective
    while not injective(group, n, cache):
        low = n
        if n >= max_n:
            return None, cache
        n = min(2 * n, max_n)
    high = n
    while high - low > 1:
        mid = (low + high) // 2
        if injective(group, mid, cache):
            high = mid
        else:
            low = mid
    injective(group, high - 1, cache)  # n - 1 measured, also when it is 2
    return high, cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default="1-230",
                        help="ITA numbers: ranges and single numbers, e.g. 1-230 or 2,47,195-199")
    parser.add_argument("--max-n", type=int, default=64)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--redo", action="store_true", help="measure groups already in the table")
    args = parser.parse_args(argv)
    numbers = []
    for part in args.groups.split(","):
        first, _, last = part.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    table = json.loads(args.out.read_text()) if args.out.exists() else {}
    table.setdefault("settings", SETTINGS)
    groups = table.setdefault("groups", {})
    failures = 0
    start = time.perf_counter()
    for number in numbers:
        if str(number) in groups and not args.redo:
            continue
        g = space_group(number)
        t0 = time.perf_counter()
        n, measured = smallest_dimension(g, args.max_n)
        seconds = time.perf_counter() - t0
        groups[str(number)] = {"symbol": g.symbol, "hall_number": g.hall_number, "n": n,
                               "measured": {str(k): v for k, v in sorted(measured.items())},
                               "seconds": round(seconds, 2)}
        failures += n is None or measured.get(n - 1, True)
        print(f"{number:3d} {g.symbol:10s} n={n} {seconds:6.1f}s", flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    print(f"total {time.perf_counter() - start:.0f}s", flush=True)
    if failures:
        print(f"{failures} groups without a measured dimension (n - 1 injective or none up to "
              f"--max-n)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
