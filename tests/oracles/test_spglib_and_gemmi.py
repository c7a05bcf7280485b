"""Operations and names against spglib's database and gemmi's independent Hall parser."""

from __future__ import annotations

import gemmi
import numpy as np
import pytest
import spglib

from sgexplore.groups._spacegroup_data import quiet_spglib

from ..conftest import WALLPAPER, settings


def _as_set(rotations, translations) -> set[tuple]:
    numerators = np.mod(np.rint(np.asarray(translations) * 24).astype(int), 24)
    return {(tuple(np.asarray(r).ravel()), tuple(t)) for r, t in zip(rotations, numerators)}


@settings
def test_operations_equal_spglib_database(g):
    with quiet_spglib():
        symmetry = spglib.get_symmetry_from_database(g.hall_number)
    assert _as_set(g.rotations, g.translations) == _as_set(
        symmetry["rotations"], symmetry["translations"]
    )


@settings
def test_names_agree_with_spglib(g):
    with quiet_spglib():
        t = spglib.get_spacegroup_type(g.hall_number)
    assert (g.number, g.symbol, g.full_symbol, g.hall_symbol, g.setting, g.schoenflies) == (
        t.number, t.international_short, t.international_full, t.hall_symbol, t.choice,
        t.schoenflies,
    )


@settings
def test_operations_equal_gemmi_hall_parser(g):
    """gemmi parses the Hall symbol with its own implementation: an independent check."""
    ops = list(gemmi.symops_from_hall(g.hall_symbol))
    rotations = [np.array(op.rot) // op.DEN for op in ops]
    translations = [np.array(op.tran) / op.DEN for op in ops]
    assert _as_set(g.rotations, g.translations) == _as_set(rotations, translations)


@settings
def test_number_agrees_with_gemmi(g):
    ops = gemmi.GroupOps([gemmi.Op(op.xyz) for op in g.operations])
    assert gemmi.find_spacegroup_by_ops(ops).number == g.number
    assert gemmi.find_spacegroup_by_name(g.symbol.replace("_", "")).number == g.number


def _flat_motif_symmetry(g, rng) -> set[tuple]:
    """spglib's symmetry of a layer of three generic orbits of ``g``, restricted to the plane.

    The layer group of a flat motif is the plane group times the mirror z -> -z; keeping the
    operations that fix z gives the plane group, found by spglib without using our data.
    """
    points, species = [], []
    for kind in range(3):
        x = rng.random(2)
        for op in g.operations:
            points.append(np.mod(op(x), 1.0))
            species.append(kind + 1)
    lattice2 = g.default_lattice.matrix
    lattice3 = np.zeros((3, 3))
    lattice3[:2, :2] = lattice2
    lattice3[2, 2] = 3.0
    positions = np.hstack([np.array(points), np.zeros((len(points), 1))])
    with quiet_spglib():
        symmetry = spglib.get_symmetry((lattice3.T, positions, species), symprec=1e-6)
    found = set()
    for r, t in zip(symmetry["rotations"], symmetry["translations"]):
        if r[2, 2] == 1 and not r[2, :2].any() and not r[:2, 2].any() and np.isclose(t[2] % 1, 0):
            found |= _as_set([r[:2, :2]], [t[:2]])
    return found


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_wallpaper_operations_equal_spglib_flat_motif(g, rng):
    assert _flat_motif_symmetry(g, rng) == _as_set(g.rotations, g.translations)
