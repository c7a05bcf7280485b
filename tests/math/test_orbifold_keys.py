"""orbifold_embedding accepts the same group keys as orbifold: symbol, Conway symbol, number."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import UnknownGroupError, space_group
from sgexplore.orbifolds import orbifold, orbifold_embedding

from ..conftest import wallpaper_groups


@wallpaper_groups
def test_every_key_of_orbifold_gives_the_same_embedding(g):
    # Before: orbifold_embedding(17) raised AttributeError although orbifold(17) worked.
    by_number = orbifold_embedding(g.number)
    by_symbol = orbifold_embedding(g.symbol)
    assert by_number.group == by_symbol.group == orbifold(g.number).group == g
    x = np.random.default_rng(g.number).random((5, 2))
    np.testing.assert_array_equal(np.asarray(by_number(x)), np.asarray(by_symbol(x)))
    assert orbifold_embedding(g.conway).group == g


@pytest.mark.parametrize("key", [None, 18, space_group(2), 3.5], ids=["None", "18", "P-1", "float"])
def test_other_keys_are_clear_errors(key):
    with pytest.raises(UnknownGroupError):
        orbifold_embedding(key)
