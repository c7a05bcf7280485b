"""Maximal subgroups: every record of all 17 plane groups and all 230 space groups checked
exactly against the group it came from."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.groups import _subgroups

GROUPS = [wallpaper_group(n) for n in range(1, 18)] + [space_group(n) for n in range(1, 231)]
IDS = [g.common_symbol if g.dim == 2 else g.symbol for g in GROUPS]


def _centring_count(group) -> int:
    return len(group.centring_translations)


@pytest.mark.parametrize("group", GROUPS, ids=IDS)
def test_every_maximal_subgroup_is_a_subgroup_of_the_stated_index(group):
    records = group.maximal_subgroups()
    assert records
    g_ops = set(group.operations)
    lattice_g = _subgroups._group_affine(group)
    iso_indices = set()
    for r in records:
        ops = r.operations_in_group_setting()
        # exact: each operation of H, transformed back, is one of G's modulo G's lattice
        assert set(ops) <= g_ops, r
        # H's translations (centring included) are translations of G
        for v in r.subgroup_lattice.T:
            assert all(x.denominator == 1 for x in lattice_g.lattice_inv @ v), r
        # index = point-group ratio times primitive-cell-volume ratio
        volume_h = abs(Fraction(_subgroups._det(np.array(r.linear, dtype=object)))) / _centring_count(
            r.subgroup)
        volume_g = Fraction(1, _centring_count(group))
        ratio = Fraction(group.point_group_order, r.subgroup.point_group_order) * volume_h / volume_g
        assert ratio == r.index, r
        if r.kind == "t":
            assert volume_h == volume_g and r.subgroup.point_group_order < group.point_group_order
        else:
            assert r.kind == "k" and r.subgroup.point_group_order == group.point_group_order
        assert r.conjugates >= 1 and r.index in {2, 3, 4} | {p**j for p in (5, 7, 3) for j in (1, 2, 3)}
        if r.isomorphic:
            assert r.kind == "k"
            iso_indices.add(r.index)
        else:
            assert r.index in (2, 3, 4), r
    # the isomorphic subgroups listed are those of one (the lowest) index
    assert len(iso_indices) == 1


@pytest.mark.parametrize("number", [2, 10, 47, 123, 139, 191])
@pytest.mark.parametrize("prime", [2, 3])
def test_klassengleiche_classes_of_prime_index_agree_with_moyopy(number, prime):
    """Independent oracle: moyopy's own enumeration of k-subgroups of an index (a prime
    index is always maximal) gives the same classes and class sizes as ours."""
    moyopy = pytest.importorskip("moyopy")
    group = space_group(number)
    _, primitive = _subgroups._primitive_data(group)
    ours = sorted(c.conjugates for c in _subgroups._k_candidates(primitive, 3, prime, 1))
    theirs = moyopy.enumerate_klassengleiche_subgroups_by_index(
        primitive.rotations.tolist(), (primitive.numerators / 24).tolist(), prime)
    assert ours == sorted(len(c.conjugates) for c in theirs)


def test_other_settings_give_the_same_types():
    default, other = space_group(14), space_group(14, setting="c2")
    assert other.hall_number != default.hall_number
    types = lambda g: sorted((r.kind, r.index, r.conjugates, r.subgroup.number)
                             for r in g.maximal_subgroups())
    assert types(other) == types(default)
    assert all(set(r.operations_in_group_setting()) <= set(other.operations)
               for r in other.maximal_subgroups())


def test_minimal_supergroups_read_the_table_the_other_way():
    p2mm = wallpaper_group("p2mm")
    ups = p2mm.minimal_supergroups()
    assert {r.group.common_symbol for r in ups} == {"pmm", "cmm", "p4m"}
    for r in ups:
        assert r.subgroup == p2mm and r in r.group.maximal_subgroups()


def test_records_are_frozen():
    r = wallpaper_group("p4m").maximal_subgroups()[0]
    with pytest.raises(AttributeError):
        r.index = 3
