"""The shipped table of space-group embedding dimensions, re-measured for groups spanning
every lattice system and centring: the first n invariant basis functions separate orbits,
the first n - 1 do not."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from sgexplore.groups import space_group
from sgexplore.orbifolds import basis_embedding, embedding_dimension, injectivity_report, orbit_distance

# Every lattice system and every centring letter, among the groups quick to re-measure.
CHECKED = ["P1", "P2/m", "Cc", "P222_1", "Amm2", "I222", "F222", "I4/mmm", "R3", "R-3m",
           "P6/mmm", "P23"]


def _settings() -> dict:
    text = resources.files("sgexplore.orbifolds").joinpath("data/embedding_dimensions.json").read_text()
    return json.loads(text)["settings"]


def test_checked_groups_span_every_lattice_system_and_centring():
    groups = [space_group(s) for s in CHECKED]
    assert {g.crystal_system for g in groups} == {"triclinic", "monoclinic", "orthorhombic",
                                                 "tetragonal", "trigonal", "hexagonal", "cubic"}
    assert {g.centring for g in groups} == set("PACIFR")


@pytest.mark.parametrize("symbol", CHECKED)
def test_embedding_dimension_is_the_smallest_injective_n(symbol):
    g = space_group(symbol)
    n = embedding_dimension(g)
    assert n >= 3, "no continuous injective map of a 3-dimensional orbit space into R^2"
    assert injectivity_report(basis_embedding(g, n), **_settings()).injective
    assert not injectivity_report(basis_embedding(g, n - 1), **_settings()).injective


def test_basis_embedding_is_invariant_in_3d(rng):
    g = space_group("Fd-3m")
    F = basis_embedding(g, 6)
    x = rng.random((20, 3))
    for r, t in zip(g.rotations[::7], g.translations[::7]):
        np.testing.assert_allclose(F(x @ r.T + t - 1), F(x), atol=1e-10)
    np.testing.assert_allclose(orbit_distance(g, x, x @ g.rotations[5].T + g.translations[5] + 1),
                               0, atol=1e-12)


def test_embedding_dimension_refuses_what_was_not_measured():
    with pytest.raises(ValueError, match="plane group"):
        embedding_dimension("p4m")
    with pytest.raises(ValueError, match="default setting"):
        embedding_dimension(space_group("P2_1/c", setting="c1"))
