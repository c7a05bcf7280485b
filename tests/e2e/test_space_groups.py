"""The space-group dashboard in a real browser: 3D isosurfaces respond to the controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

PAGE = "/voila/render/space_groups.ipynb"
FIRST_X = """() => {
  const plot = document.querySelector('.sg-space-group-explorer .js-plotly-plot');
  return plot && plot.data && plot.data[0].x && plot.data[0].x.length ? plot.data[0].x[0] : null;
}"""


def test_space_group_dashboard_loads_and_responds(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + PAGE + "?group=Pm-3m&index=2")
    status = page.locator(".sg-space-group-explorer .sg-status")
    expect(status).to_contain_text("Pm-3m (No. 221): phi_2")
    page.wait_for_function(f"({FIRST_X})() !== null")
    before = page.evaluate(FIRST_X)
    box = page.locator(".sg-space-group-explorer .sg-index input")
    box.fill("3")
    box.press("Enter")
    expect(status).to_contain_text("phi_3")
    page.wait_for_function(f"({FIRST_X})() !== {before!r}")
    expect(page.locator(".sg-query")).to_contain_text("index=3")
    group = page.locator(".sg-space-group-input input")
    group.fill("Q9")
    group.press("Enter")
    expect(page.locator(".sg-space-group-explorer .sg-error")).to_contain_text("unknown")
    group.fill("Fd-3m")
    group.press("Enter")
    expect(status).to_contain_text("Fd-3m (No. 227)")
    assert_clean_log(log_path)
