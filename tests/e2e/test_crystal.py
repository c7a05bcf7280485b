"""The crystal dashboard in a real browser: an example loads, a CIF upload is detected,
a bad CIF is reported, and the N slider changes the reconstruction."""

from __future__ import annotations

import warnings

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

PAGE = "/voila/render/crystal.ipynb"


def _cif(name: str) -> bytes:
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.cif import CifWriter

    from sgexplore.crystal import example_cell

    rows, positions, species = example_cell(name)
    with warnings.catch_warnings():  # pymatgen's symmetry analysis uses spglib's old error API
        warnings.filterwarnings("ignore", ".*OLD_ERROR_HANDLING.*", DeprecationWarning)
        return str(CifWriter(Structure(Lattice(rows), species, positions), symprec=1e-3)).encode()


def _upload(page, explorer: str, name: str, content: bytes) -> None:
    """Click the upload button and answer the browser's file chooser, as a user would."""
    with page.expect_file_chooser() as chooser:
        page.locator(f"{explorer} .sg-upload").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "chemical/x-cif", "buffer": content}])


def test_crystal_dashboard_detects_an_uploaded_cif(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + PAGE + "?example=Si&n=12")
    explorer = ".sg-crystal-explorer"
    status = page.locator(f"{explorer} .sg-status")
    expect(status).to_contain_text("Fd-3m (No. 227")
    expect(page.locator(f"{explorer} .sg-crystal-summary")).to_contain_text("Si: Wyckoff 8a")
    page.wait_for_function(
        f"document.querySelectorAll('{explorer} .js-plotly-plot').length == 3 && "
        f"document.querySelector('{explorer} .js-plotly-plot').data.some(t => t.name === 'Si')")
    _upload(page, explorer, "wurtzite.cif", _cif("ZnO"))
    expect(status).to_contain_text("P6_3mc (No. 186")
    page.wait_for_function(
        f"document.querySelector('{explorer} .js-plotly-plot').data.some(t => t.name === 'Zn')")
    _upload(page, explorer, "broken.cif", b"data_broken\n_cell_length_a 5.0\n")
    expect(page.locator(f"{explorer} .sg-error")).to_contain_text("could not parse")
    page.locator(f"{explorer} .sg-example select").select_option(label="rutile TiO2")
    expect(status).to_contain_text("P4_2/mnm (No. 136")
    expect(page.locator(".sg-query")).to_contain_text("example=TiO2")
    assert_clean_log(log_path)
