"""The main dashboard in a real browser: group picker, operations, errors, deep links. (A link
naming no group, with other hostile values, is in tests/e2e/test_hostile_links.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

EXPLORER = "/voila/render/explorer.ipynb"


def _summary(page):
    return page.locator(".sg-group-summary")


def test_explorer_loads_and_switches_groups(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER)
    summary = _summary(page)
    expect(summary).to_have_attribute("data-symbol", "p4mm")
    expect(summary.locator(".sg-conway-symbol")).to_have_text("*442")
    expect(summary.locator(".sg-operations tr.sg-operation")).to_have_count(8)

    box = page.locator(".sg-group-input input")
    box.fill("Fm-3m")
    box.press("Enter")
    expect(summary).to_have_attribute("data-symbol", "Fm-3m")
    # ITA's general position: 48 operations under the centring line, not 192.
    expect(summary.locator(".sg-operations tr.sg-operation")).to_have_count(48)
    expect(summary.locator(".sg-centring-vectors").first).to_have_text(
        "(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+")
    expect(summary.locator(".sg-wyckoff tr")).to_have_count(13)  # header + 12 positions

    box.fill("p7")
    box.press("Enter")
    expect(page.locator(".sg-error")).to_contain_text("did you mean")
    expect(summary).to_have_attribute("data-symbol", "Fm-3m")

    box.fill("22×")
    box.press("Enter")
    expect(summary).to_have_attribute("data-symbol", "p2gg")
    expect(page.locator(".sg-error")).to_have_count(0)
    expect(page.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    assert_clean_log(log_path)


def test_deep_link_selects_group(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=P6_3/mmc")
    expect(_summary(page)).to_have_attribute("data-symbol", "P6_3/mmc")
    expect(_summary(page).locator(".sg-operations tr.sg-operation")).to_have_count(24)
    assert_clean_log(log_path)
