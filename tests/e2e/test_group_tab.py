"""The Group tab in a real browser, as a crystallographer reads it: ITA's general position
modulo centring, every Wyckoff triplet, and the general-position diagram with a click that
draws the orbit of the clicked point."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log, click_plot

pytestmark = pytest.mark.e2e

EXPLORER = "/voila/render/explorer.ipynb"
DIAGRAM = ".js-plotly-plot.sg-general-position"  # the class sits on the plot element itself
CIRCLES = f"""() => {{
  const gd = document.querySelector('{DIAGRAM}');
  if (!gd || !gd.data || !gd._fullLayout) return -1;
  return gd.data.filter(t => t.name.startsWith('general position') || t.name.startsWith('mirror images'))
               .reduce((n, t) => n + t.x.length, 0);
}}"""
COMMAS = f"""() => {{
  const gd = document.querySelector('{DIAGRAM}');
  const t = gd && gd.data && gd.data.find(t => t.name.startsWith('mirror images'));
  return t ? document.querySelectorAll('{DIAGRAM} .textpoint').length : -1;
}}"""


def test_fm3m_group_tab_shows_48_operations_under_the_centring_line(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=Fm-3m")
    summary = page.locator(".sg-group-summary")
    expect(summary).to_have_attribute("data-symbol", "Fm-3m")
    expect(summary.locator("tr.sg-operation")).to_have_count(48)
    expect(summary.locator("h4").first).to_contain_text("48 modulo the centring translations, 192 in the cell")
    expect(summary.locator(".sg-centring-vectors").first).to_have_text("(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+")
    # 8c is listed as ITA lists it: two triplets under the centring line.
    expect(summary.locator("tr[data-letter='c'] .sg-triplet")).to_have_text(["(1/4,1/4,1/4)", "(1/4,1/4,3/4)"])
    page.wait_for_function(f"({CIRCLES})() == 192")
    assert_clean_log(log_path)


def test_p21c_wyckoff_4e_lists_its_four_triplets(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=P2_1/c")
    summary = page.locator(".sg-group-summary")
    expect(summary).to_have_attribute("data-symbol", "P2_1/c")
    row = summary.locator("tr[data-letter='e']")
    expect(row.locator(".sg-triplet")).to_have_count(4)
    expect(row).to_contain_text("(-x,y+1/2,-z+1/2)")
    expect(summary.locator(".sg-centring-vectors")).to_have_count(0)
    page.wait_for_function(f"({CIRCLES})() == 4")
    # The heights of ITA's diagram: +, -, 1/2+, 1/2- (the mirror images with commas).
    expect(page.locator(f"{DIAGRAM} .textpoint", has_text="1/2+")).to_have_count(1)
    assert_clean_log(log_path)


def test_p4m_diagram_and_a_click_draw_the_orbit(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p4m")
    info = page.locator(".sg-orbit-info")
    expect(info).to_contain_text("8 points in the cell, Wyckoff position 8g")
    page.wait_for_function(f"({CIRCLES})() == 8")
    # Four mirror images, each with a comma inside its circle.
    expect(page.locator(f"{DIAGRAM} .textpoint text", has_text=",")).to_have_count(4)
    # Click at the cell centre (fractional (1/2, 1/2), the 4-fold centre 1b).
    click_plot(page, page.locator(DIAGRAM), 0.5, 0.5, data=True)
    expect(info).to_contain_text("Wyckoff position 1b (site symmetry 4mm)")
    page.wait_for_function(f"({CIRCLES})() == 1")
    assert_clean_log(log_path)
