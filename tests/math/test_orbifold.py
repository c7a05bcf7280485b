"""Wallpaper orbifolds derived from the gluing of the fundamental domain (no lookup table)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sgexplore.orbifolds import orbifold

from ..conftest import WALLPAPER

KNOWN = {"p1": "o", "p2": "2222", "pm": "**", "pg": "xx", "cm": "*x", "p2mm": "*2222",
         "p2mg": "22*", "p2gg": "22x", "c2mm": "2*22", "p4": "442", "p4mm": "*442",
         "p4gm": "4*2", "p3": "333", "p3m1": "*333", "p31m": "3*3", "p6": "632", "p6mm": "*632"}


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_conway_symbol_and_euler_characteristic(g):
    o = orbifold(g)
    assert o.conway == KNOWN[g.symbol]
    assert o.euler_characteristic == Fraction(0)
    assert orbifold(o.conway.replace("x", "\u00d7")).conway == o.conway


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_identifications_are_group_operations(g):
    o = orbifold(g)
    for i, edge in enumerate(o.edges):
        ends = np.array([edge.start, edge.end])
        maps = [(e.operation.rotation, e.operation.translation) for e in g.symmetry_elements]
        if edge.kind == "mirror":
            assert any(
                np.allclose(np.mod(ends @ r.T + t - ends + 0.5, 1) - 0.5, 0, atol=1e-12)
                and round(np.linalg.det(r)) == -1 for r, t in maps
            ), "a mirror edge is fixed pointwise by a reflection"
            continue
        partner = o.edges[edge.partner]
        assert partner.partner == i, "gluing is a pairing"
        target = np.array([partner.end, partner.start] if edge.reversed else [partner.start, partner.end])
        assert any(
            np.allclose(ends @ r.T + t - target, np.rint(ends @ r.T + t - target), atol=1e-12)
            and np.allclose(np.rint(ends @ r.T + t - target)[0], np.rint(ends @ r.T + t - target)[1])
            for r, t in maps
        ), "one operation (with one lattice translation) maps the edge onto its partner"


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_singular_points_match_site_symmetry(g):
    o = orbifold(g)
    for point, order in o.cone_points:
        site = g.site_symmetry(point)
        assert site.order == order and all(round(np.linalg.det(r)) == 1 for r in site.rotations)
    for point, order in o.corner_reflectors:
        assert g.site_symmetry(point).order == 2 * order
    assert o.orientable == (o.crosscaps == 0)
    mirrors = any(e.kind == "mirror" for e in o.edges)
    assert mirrors == (o.boundaries > 0)
