"""Sites of the bundled crystals are orbits of atoms, checked against spglib's
equivalent_atoms; the crystal page lists one line per site, not per Wyckoff letter."""

from __future__ import annotations

import pytest
import spglib

from sgexplore.crystal import EXAMPLES, example


def _spglib_orbits(crystal) -> set[frozenset[int]]:
    dataset = spglib.get_symmetry_dataset((crystal.lattice.T, crystal.positions, crystal.numbers),
                                          symprec=crystal.symprec)
    orbits: dict[int, set[int]] = {}
    for atom, representative in enumerate(dataset.equivalent_atoms):
        orbits.setdefault(int(representative), set()).add(atom)
    return {frozenset(v) for v in orbits.values()}, dataset


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_sites_are_spglibs_orbits_of_atoms(name):
    crystal = example(name)
    expected, dataset = _spglib_orbits(crystal)
    assert {frozenset(s.atoms) for s in crystal.sites} == expected
    for site in crystal.sites:
        assert {crystal.species[a] for a in site.atoms} == {site.element}
        assert {dataset.wyckoffs[a] for a in site.atoms} == {site.letter}
        assert {dataset.site_symmetry_symbols[a] for a in site.atoms} == {site.site_symmetry}
        assert site.multiplicity == len(site.atoms)
    assert len({s.label for s in crystal.sites}) == len(crystal.sites)


def test_baddeleyite_has_two_oxygen_sites_of_4e():
    crystal = example("ZrO2")
    assert [(s.label, s.multiplicity, s.letter) for s in crystal.sites] == [
        ("Zr", 4, "e"), ("O1", 4, "e"), ("O2", 4, "e")]
    assert "O1 4e, O2 4e" in crystal.summary() and "8e" not in crystal.summary()


def test_crystal_page_lists_each_site():
    from sgexplore.widgets import CrystalExplorer

    explorer = CrystalExplorer("ZrO2", n=5)
    summary = explorer.summary.value
    assert summary.count("class='sg-site'") == 3
    assert "O1: Wyckoff 4e" in summary and "O2: Wyckoff 4e" in summary
    assert "O1 4e, O2 4e" in explorer.status.value
