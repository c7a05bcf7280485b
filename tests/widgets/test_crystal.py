"""CrystalExplorer without a browser: examples, uploads, bad input, deep links."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from sgexplore.crystal import example_cell
from sgexplore.widgets import CrystalExplorer, crystal_dashboard


def _cif(name: str) -> bytes:
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.cif import CifWriter

    rows, positions, species = example_cell(name)
    return str(CifWriter(Structure(Lattice(rows), species, positions), symprec=1e-3)).encode()


@pytest.fixture(scope="module")
def explorer():
    return CrystalExplorer("NaCl", n=10)


def test_an_example_is_computed_once_per_kernel_and_shared_read_only(explorer):
    """A second page (or the example chosen again) gets the projection the first computed
    (the preheated kernel's warm-up leaves the default ready); it is never changed in place."""
    from sgexplore.crystal import example, project_density
    from sgexplore.widgets._crystal import N_FUNCTIONS

    other = CrystalExplorer("Si", n=10)
    other.example.value = "NaCl"
    assert other.model.projection is explorer.model.projection
    assert other.model.crystal is explorer.model.crystal
    other.symprec.value = 2e-3  # another tolerance: another entry, computed
    assert other.model.projection is not explorer.model.projection
    with pytest.raises(ValueError, match="read-only"):
        explorer.model.projection.coefficients[0] = 1.0
    # What is shared is what a fresh computation gives.
    fresh = project_density(example("NaCl"), n=N_FUNCTIONS)
    np.testing.assert_array_equal(fresh.coefficients, explorer.model.projection.coefficients)


def test_example_shows_group_structure_and_density(explorer):
    assert "Fm-3m" in explorer.status.value and "Na 4a" in explorer.status.value
    assert "No. 225" in explorer.summary.value
    names = {t.name for t in explorer.structure.data}
    assert {"Na", "Cl", "unit cell", "asymmetric unit"} <= names
    assert len(explorer.coefficients.data[0].y) == explorer.model.projection.basis.size
    # The slice z = 0 in Cartesian coordinates: rock salt's cubic cell has its origin at
    # the first pixel.
    shown = next(t for t in explorer.reconstruction.data if t.name == "reconstruction")
    assert shown.x[0] == 0.0 and shown.y[0] == 0.0
    expected = explorer.model.projection.reconstruction(10)[0, 0, 0]
    np.testing.assert_allclose(np.asarray(shown.z)[0, 0], expected, rtol=1e-5)


def test_changing_example_and_n_updates_the_views(explorer):
    explorer.example.value = "ZnO"
    assert "P6_3mc" in explorer.status.value
    assert {t.name for t in explorer.structure.data} >= {"Zn", "O"}
    explorer.n.value = 40
    assert "first 40" in explorer.reconstruction.layout.annotations[1].text


def test_uploaded_cif_is_detected_and_a_bad_one_keeps_the_last_crystal(explorer):
    explorer.upload.value = ({"name": "rutile.cif", "type": "", "size": 1, "last_modified": datetime(2026, 1, 1),
                              "content": memoryview(_cif("TiO2"))},)
    assert explorer.model.crystal.group.number == 136
    assert "rutile.cif" in explorer.status.value
    # The Example box names the upload (it kept saying the last example).
    assert explorer.example.value == "upload:rutile.cif"
    assert dict(explorer.example.options)["uploaded: rutile.cif"] == "upload:rutile.cif"
    explorer.model.load_cif("broken.cif", b"data_broken\n_cell_length_a 5.0\n")
    assert "could not parse" in explorer.status.value
    assert explorer.model.crystal.group.number == 136
    explorer.model.load_cif("huge.cif", b" " * 5_000_001)
    assert "limited" in explorer.status.value
    explorer.example.value = "Si"
    assert explorer.model.error == "" and explorer.model.crystal.group.number == 227


def test_deep_links_and_bad_parameters():
    dashboard = crystal_dashboard({"example": "ZrO2", "n": "7"})
    assert dashboard.explorer.model.crystal.group.number == 14
    assert dashboard.link.query == "example=ZrO2&n=7"
    bad = crystal_dashboard({"example": "unobtainium", "n": "many"})
    assert "unknown example" in bad.explorer.status.value
    assert "ignored n=&#x27;many&#x27;" in bad.children[1].value


def test_page_says_when_spglibs_setting_is_not_the_other_pages():
    """Si is Fd-3m in spglib's setting (origin choice 1, Hall 525); the space-group pages
    use origin choice 2 (Hall 526): the summary says so. NaCl's Fm-3m has one setting."""
    from sgexplore import space_group

    si = CrystalExplorer("Si", n=5)
    assert si.model.crystal.group.hall_number == 525 and space_group("Fd-3m").hall_number == 526
    note = si.summary.value
    assert "spglib's standard setting: origin choice 1 (Hall 525)" in note
    assert "space-group pages show it in origin choice 2 (Hall 526)" in note
    assert "sg-setting-note" not in CrystalExplorer("NaCl", n=5).summary.value
