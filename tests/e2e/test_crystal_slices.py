"""The crystal page's density slices in the browser: fractional axis titles, equal scales."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e


def test_zno_slices_have_fractional_axes_and_a_hexagonal_cell(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/crystal.ipynb?example=ZnO&n=12")
    explorer = ".sg-crystal-explorer"
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("P6_3mc (No. 186")
    slices = page.locator(f"{explorer} .js-plotly-plot").nth(2)
    expect(slices.locator(".xtitle")).to_have_text("x (fractional, along a)")
    expect(slices.locator(".ytitle")).to_have_text("y (fractional, along b)")
    expect(slices.locator(".x2title")).to_have_text("x (fractional, along a)")
    # The title is broken into short lines (tspans without spaces between them).
    expect(slices.locator(".gtitle")).to_contain_text(re.compile(r"angle\s*120\s*deg"))
    # equal scales: the cell's height over its base is sin(120 deg) on screen too
    ratio = page.evaluate(f"""() => {{
      const g = document.querySelectorAll('{explorer} .js-plotly-plot')[2];
      const x = g._fullLayout.xaxis, y = g._fullLayout.yaxis;
      return (y._length / (y.range[1] - y.range[0])) / (x._length / (x.range[1] - x.range[0]));
    }}""")
    assert ratio == pytest.approx(1.0, abs=0.02)
    assert_clean_log(log_path)
