"""The Group tab's Wyckoff table in a real browser: each special position's own reflection
conditions on its row, and at phone width the conditions wrap instead of pushing the table
sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

EXPLORER = "/voila/render/explorer.ipynb"
OVERFLOW = """() => { const t = document.querySelector('.sg-group-summary table.sg-wyckoff');
  const box = t.parentElement; return box.scrollWidth - box.clientWidth; }"""


@pytest.mark.parametrize("width", [400, 1280])
def test_fd3m_rows_carry_their_special_conditions(page, voila_server, width):
    base_url, log_path = voila_server
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url + EXPLORER + "?group=Fd-3m")
    summary = page.locator(".sg-group-summary")
    expect(summary).to_have_attribute("data-symbol", "Fd-3m")
    expect(summary.locator("tr[data-letter='a'] .sg-conditions")).to_have_text("hkl: h = 2n+1 or h+k+l = 4n")
    expect(summary.locator("tr[data-letter='c'] .sg-conditions")).to_have_text(
        "hkl: h = 2n+1 or h, k, l = 4n+2 or h, k, l = 4n")
    expect(summary.locator("tr[data-letter='e'] .sg-conditions")).to_have_text("no extra conditions")
    expect(summary.locator("tr[data-letter='i'] .sg-conditions")).to_contain_text("h00: h = 4n")
    assert page.evaluate(OVERFLOW) <= 1
    assert_clean_log(log_path)
