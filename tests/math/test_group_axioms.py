"""Group axioms with exact integer arithmetic, orders and structural invariants."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sgexplore.groups import Operation
from sgexplore.groups._operations import closure, rotation_order

from ..conftest import SETTINGS, WALLPAPER, every_group_and_setting

# Orders of the 32 crystallographic point groups (and the 10 plane point groups).
POINT_GROUP_ORDERS = {
    "1": 1, "-1": 2, "2": 2, "m": 2, "2/m": 4, "222": 4, "mm2": 4, "mmm": 8, "4": 4, "-4": 4,
    "4/m": 8, "422": 8, "4mm": 8, "-42m": 8, "4/mmm": 16, "3": 3, "-3": 6, "32": 6, "3m": 6,
    "-3m": 12, "6": 6, "-6": 6, "6/m": 12, "622": 12, "6mm": 12, "-6m2": 12, "6/mmm": 24,
    "23": 12, "m-3": 24, "432": 24, "-43m": 24, "m-3m": 48, "2mm": 4,
}
CENTRING_MULTIPLICITY = {"P": 1, "p": 1, "c": 2, "A": 2, "B": 2, "C": 2, "I": 2, "F": 4}


@every_group_and_setting
def test_closure_identity_inverses(g):
    keys = {op.key for op in g.operations}
    assert len(keys) == g.order, "operations must be distinct modulo lattice translations"
    identity = Operation(np.eye(g.dim, dtype=int), np.zeros(g.dim, dtype=int))
    assert g.operations[0] == identity
    for a in g.operations:
        assert a.inverse().key in keys
        assert (a @ a.inverse()) == identity
        for b in g.operations:
            assert (a @ b).key in keys


@every_group_and_setting
def test_generators_generate_the_group(g):
    assert {op.key for op in closure(list(g.generators), g.dim)} == {op.key for op in g.operations}
    assert len(g.generators) <= 6


@every_group_and_setting
def test_orders_point_group_and_centring(g):
    assert g.point_group_order == POINT_GROUP_ORDERS[g.point_group]
    if g.centring == "R":
        multiplicity = 1 if g.setting == "R" else 3  # rhombohedral axes: primitive cell
    else:
        multiplicity = CENTRING_MULTIPLICITY[g.centring]
    assert len(g.centring_translations) == multiplicity
    assert g.order == g.point_group_order * multiplicity
    for r in g.rotations:
        assert abs(round(np.linalg.det(r))) == 1
        assert rotation_order(r) in (1, 2, 3, 4, 6)


@every_group_and_setting
def test_arrays_agree_with_exact_form(g):
    assert g.rotations.dtype == np.int64 and g.rotations.shape == (g.order, g.dim, g.dim)
    assert g.translations.shape == (g.order, g.dim)
    assert np.all((0 <= g.translations) & (g.translations < 1))
    np.testing.assert_array_equal(g.translations * g.denominator, g.translation_numerators)
    assert list(g.operation_strings) == [op.xyz for op in g.operations]
    for op in g.operations:
        assert Operation.from_xyz(op.xyz) == op


def _hm_is_symmorphic(symbol: str) -> bool:
    """ITA: a group is symmorphic iff its HM symbol has no screw axis and no glide letter."""
    body = symbol[1:]
    return not re.search(r"\d_\d|[abcdegn]", body)


@every_group_and_setting
def test_symmorphic_matches_hermann_mauguin(g):
    assert g.is_symmorphic == _hm_is_symmorphic(g.symbol)


def test_symmorphic_counts():
    assert sum(g.is_symmorphic for g in WALLPAPER) == 13
    numbers = {g.number for g in SETTINGS if g.is_symmorphic}
    assert len(numbers) == 73


@pytest.mark.parametrize("text", ["x,y,z", "-y,x-y,z+1/3", "x+1/2,-y+3/4,-z", "y,x"])
def test_xyz_round_trip(text):
    assert Operation.from_xyz(text).xyz == text


@pytest.mark.parametrize("text", ["x,y,q", "x", "x+1/5,y", "x,y,z,w", "2x+,y"])
def test_xyz_refuses_bad_input(text):
    with pytest.raises(ValueError):
        Operation.from_xyz(text)
