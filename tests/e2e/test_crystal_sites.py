"""The crystal page in a real browser: one line per site (an orbit of atoms), and rock
salt's centring absences reported."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e


def test_baddeleyite_lists_two_oxygen_sites_and_rock_salt_its_absences(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/crystal.ipynb?example=ZrO2")
    sites = page.locator(".sg-crystal-summary .sg-site")
    expect(sites).to_have_text(["Zr: Wyckoff 4e, site symmetry 1", "O1: Wyckoff 4e, site symmetry 1",
                                "O2: Wyckoff 4e, site symmetry 1"])
    expect(page.locator(".sg-status")).to_contain_text("O1 4e, O2 4e")
    page.locator(".sg-example select").select_option(label="rock salt NaCl")
    expect(sites).to_have_text(["Na: Wyckoff 4a, site symmetry m-3m", "Cl: Wyckoff 4b, site symmetry m-3m"])
    # The title is broken into short lines (tspans without spaces between them).
    expect(page.locator(".sg-crystal-explorer .gtitle",
                        has_text=re.compile(r"by\s*centring"))).to_have_count(1)
    assert_clean_log(log_path)
