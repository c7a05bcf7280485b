"""One group per dashboard in a real browser: a group chosen in the Orbifold tab reaches the
Group tab's box and the copy link, one typed in the Group tab reaches the other tabs, and a
number from 1 to 17 offers its plane group and its space group."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

EXPLORER = "/voila/render/explorer.ipynb"
TAB = ".sg-tabs .lm-TabBar-tab"


def test_every_tab_and_the_link_follow_the_group_wherever_it_is_chosen(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p2&tab=1")
    orbifold = ".sg-orbifold-explorer"
    expect(page.locator(f"{orbifold} .sg-status")).to_contain_text("2222")
    page.locator(f"{orbifold} .sg-group-select select").select_option("pgg")
    expect(page.locator(f"{orbifold} .sg-status")).to_contain_text("22x")
    expect(page.locator(".sg-query")).to_contain_text("group=pgg")

    page.locator(TAB, has_text="Group").click()
    summary = page.locator(".sg-group-summary")
    expect(summary).to_have_attribute("data-symbol", "p2gg")
    box = page.locator(".sg-group-input input")
    expect(box).to_have_value("p2gg  (22x, plane group 8)")

    box.fill("*333")
    box.press("Enter")
    expect(summary).to_have_attribute("data-symbol", "p3m1")
    expect(page.locator(".sg-query")).to_contain_text("group=p3m1")
    page.locator(TAB, has_text="Orbifold").click()
    expect(page.locator(f"{orbifold} .sg-group-select select")).to_have_value("p3m1")
    expect(page.locator(f"{orbifold} .sg-status")).to_contain_text("*333")

    page.locator(TAB, has_text="Group").click()
    box.fill("12")
    box.press("Enter")
    readings = page.locator(".sg-group-readings")
    expect(page.locator(".sg-two-readings")).to_contain_text("plane group p4g")
    expect(page.locator(".sg-two-readings")).to_contain_text("space group C2/m")
    expect(summary).to_have_attribute("data-symbol", "p4gm")
    readings.locator("button", has_text="C2/m").click()
    expect(summary).to_have_attribute("data-symbol", "C2/m")
    expect(box).to_have_value("C2/m  (space group 12)")
    expect(page.locator(".sg-query")).to_contain_text("group=C2%2Fm")
    # The plane tabs keep the plane reading, p4g.
    page.locator(TAB, has_text="Basis").click()
    expect(page.locator(".sg-basis-explorer .sg-group-select select")).to_have_value("p4g")
    expect(page.locator(".sg-error")).to_have_count(0)
    assert_clean_log(log_path)
