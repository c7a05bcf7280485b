"""Wyckoff positions: multiplicities, site symmetry and classification of points."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group

from ..conftest import every_group_and_setting


@every_group_and_setting
def test_multiplicity_times_site_order_is_the_group_order(g, rng):
    positions = g.wyckoff_positions()
    assert positions[0].multiplicity == g.order and positions[0].site_symmetry == "1"
    assert positions[0].free_parameters == g.dim
    assert len({p.letter for p in positions}) == len(positions)
    for position in positions:
        point = position.point(rng.uniform(0.05, 0.45, g.dim))
        site = g.site_symmetry(point)
        assert site.order * position.multiplicity == g.order
        assert len(g.orbit(point)) == position.multiplicity


@every_group_and_setting
def test_points_are_classified_back_to_their_position(g, rng):
    for position in g.wyckoff_positions():
        for _ in range(2):
            point = position.point(rng.uniform(-1, 1, g.dim))
            site = g.site_symmetry(point)
            assert site.letter == position.letter
            assert site.symbol == position.site_symmetry
            # Any image of the point, anywhere in space, is in the same position.
            k = rng.integers(g.order)
            image = g.rotations[k] @ point + g.translations[k] + rng.integers(-3, 4, g.dim)
            assert g.site_symmetry(image).letter == position.letter


@every_group_and_setting
def test_random_points_are_general(g, rng):
    for point in rng.uniform(-2, 2, (5, g.dim)):
        site = g.site_symmetry(point)
        assert site.order == 1 and site.letter == g.wyckoff_positions()[0].letter


PLANE_TABLES = {  # ITA Vol. A, plane groups: (letter, multiplicity, site symmetry)
    "p2": [("e", 2, "1"), ("d", 1, "2"), ("c", 1, "2"), ("b", 1, "2"), ("a", 1, "2")],
    "pm": [("c", 2, "1"), ("b", 1, ".m."), ("a", 1, ".m.")],
    "p2mg": [("d", 4, "1"), ("c", 2, ".m."), ("b", 2, "2.."), ("a", 2, "2..")],
    "p4": [("d", 4, "1"), ("c", 2, "2.."), ("b", 1, "4.."), ("a", 1, "4..")],
    "p4mm": [("g", 8, "1"), ("f", 4, ".m."), ("e", 4, ".m."), ("d", 4, "..m"), ("c", 2, "2mm."),
             ("b", 1, "4mm"), ("a", 1, "4mm")],
    "p4gm": [("d", 8, "1"), ("c", 4, "..m"), ("b", 2, "2.mm"), ("a", 2, "4..")],
    "p31m": [("d", 6, "1"), ("c", 3, "..m"), ("b", 2, "3.."), ("a", 1, "3.m")],
}


@pytest.mark.parametrize("symbol", sorted(PLANE_TABLES))
def test_plane_group_tables(symbol):
    table = [(w.letter, w.multiplicity, w.site_symmetry) for w in wallpaper_group(symbol).wyckoff_positions()]
    assert table == PLANE_TABLES[symbol]


def test_known_space_group_entries():
    fm3m = {w.letter: (w.multiplicity, w.site_symmetry, w.coordinates)
            for w in space_group("Fm-3m").wyckoff_positions()}
    assert fm3m["a"] == (4, "m-3m", "0,0,0")
    assert fm3m["c"] == (8, "-43m", "1/4,1/4,1/4")
    assert fm3m["e"] == (24, "4m.m", "x,0,0")
    anatase = space_group("I4_1/amd")
    assert anatase.site_symmetry([0, 0.75, 0.125]).letter == "a"
    assert anatase.site_symmetry([0, 0.25, 0.2083]).letter == "e"
    assert [w.letter for w in space_group("Pmmm").wyckoff_positions()][0] == "\u03b1"


def test_bad_points():
    g = space_group("Fm-3m")
    with pytest.raises(ValueError, match="3 finite fractional coordinates"):
        g.site_symmetry([0.1, 0.2])
    with pytest.raises(ValueError, match="finite"):
        g.orbit([np.nan, 0, 0])
