"""Search small sets of invariant basis functions that embed a wallpaper orbifold.

Prints, for each group without a hand-built map, the first triple of non-constant basis
functions on the default lattice, in lexicographic order, that ``injectivity_report`` finds injective. The result
is the table ``_BASIS_FUNCTIONS`` in ``sgexplore/orbifolds/_embedding.py``; the test suite
re-checks every entry.

Run: python scripts/find_embeddings.py
"""

from __future__ import annotations

import itertools

from sgexplore.orbifolds import basis_embedding, injectivity_report

GROUPS = {"pmg": 3, "cmm": 3, "p4": 3, "p4g": 3, "p3": 3, "p3m1": 3, "p31m": 3,
          "p6": 3, "p6m": 3}


def first_injective(symbol: str, size: int, candidates: int = 12) -> tuple[int, ...]:
    for combo in itertools.combinations(range(1, candidates + 1), size):
        embedding = basis_embedding(symbol, combo)
        if injectivity_report(embedding, resolution=50).injective and \
                injectivity_report(embedding).injective:
            return combo
    raise RuntimeError(f"no injective set of {size} among the first {candidates} functions of {symbol}")


if __name__ == "__main__":
    for symbol, size in GROUPS.items():
        print(f'    "{symbol}": {first_injective(symbol, size)},', flush=True)
