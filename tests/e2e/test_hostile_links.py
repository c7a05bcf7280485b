"""Hostile deep links in a real browser, a sample of each dashboard's parameters (one page
load per dashboard; tests/widgets/test_hostile_links.py tries every parameter with every
kind of value): the dashboard is shown with a message for each refused value, no cell
error, and a valid change afterwards updates the figure."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e

# A fingerprint of every plotted x, y and z of the plots in a container (null until drawn).
PLOTTED = """(selector) => {
  const plots = [...document.querySelectorAll(selector + ' .js-plotly-plot')];
  if (!plots.length || plots.some(p => !p.data)) return null;
  let total = 0, n = 0;
  const add = (v) => { if (typeof v === 'number' && isFinite(v)) total += v * (1 + (n++ % 7)); };
  for (const plot of plots) for (const trace of plot.data) for (const key of ['x', 'y', 'z']) {
    const values = trace[key];
    if (!values) continue;
    for (const v of values) { if (v && v.length !== undefined) for (const w of v) add(w); else add(v); }
  }
  return total;
}"""

CASES = {
    "explorer": ("explorer.ipynb?group=__import__('os')&tab=3&seed=10**30&lengthscale=nan"
                 "&resolution=%E2%80%AE32&break=p2%3Cscript%3Ealert(1)%3C/script%3E",
                 ".sg-gp-explorer", ["seed", "lengthscale", "resolution", "break"], ".sg-seed input",
                 "4"),
    "space_groups": ("space_groups.ipynb?index=-5&mode=%C3%A9&resolution=1e30&view=",
                     ".sg-space-group-explorer", ["index", "mode", "resolution"], ".sg-index input", "2"),
    "gp_lab": ("gaussian_processes.ipynb?seed=inf&lengthscale=9999&n=10**30",
               ".sg-gp-lab", ["seed", "lengthscale", "n"], "input[type=number]", None),
    "crystal": ("crystal.ipynb?n=5&n=nan", ".sg-crystal-explorer", ["n"], None, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_link_shows_the_dashboard_with_messages_and_it_keeps_working(page, voila_server, name):
    base_url, log_path = voila_server
    query, explorer, refused, control, value = CASES[name]
    page.goto(f"{base_url}/voila/render/{query}")
    notice = page.locator(".sg-error", has_text="ignored")
    for key in refused:
        expect(notice.filter(has_text=f"ignored {key}=")).to_have_count(1)
    if name == "explorer":  # a group that is no group is named as such, not evaluated
        expect(page.locator(".sg-error", has_text="unknown group")).not_to_have_count(0)
    expect(page.locator(f"{explorer} .sg-status .sg-ready")).to_have_count(1)
    page.wait_for_function(f"({PLOTTED})('{explorer}') !== null")
    before = page.evaluate(PLOTTED, explorer)
    if name == "crystal":
        handle = page.locator(f"{explorer} .sg-n .noUi-handle")
        handle.focus()
        page.keyboard.press("ArrowRight")
    elif name == "gp_lab":
        page.locator(f"{explorer} .sg-random").click()
    else:
        box = page.locator(f"{explorer} {control}")
        box.fill(value)
        box.press("Enter")
    page.wait_for_function(f"(() => {{ const now = ({PLOTTED})('{explorer}');"
                           f" return now !== null && Math.abs(now - {before}) > 1e-9; }})()")
    expect(page.locator("[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    expect(page.get_by_text("There was an error when executing cell")).to_have_count(0)
    assert_clean_log(log_path)
