"""Every explorer of the main dashboard in a real browser: it renders, and a control change
or a click changes what is plotted (asserted on the plotted data, never on a sleep)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log, click_plot

pytestmark = pytest.mark.e2e

EXPLORER = "/voila/render/explorer.ipynb"
# A fingerprint of the first trace's z values (heatmaps) of the n-th plot in a container:
# a weighted sum (plain sums of invariant functions vanish).
Z_SUM = """([selector, n]) => {
  const plots = document.querySelectorAll(selector + ' .js-plotly-plot');
  if (plots.length <= n || !plots[n].data || !plots[n].data[0].z) return null;
  let total = 0, i = 0;
  for (const row of plots[n].data[0].z) {
    let j = 0;
    for (const v of row) { total += v * ((31 * i + 17 * j) % 13); j++; }
    i++;
  }
  return total;
}"""
TRACE_LENGTH = """([selector, n, name]) => {
  const plots = document.querySelectorAll(selector + ' .js-plotly-plot');
  if (plots.length <= n || !plots[n].data) return -1;
  const trace = plots[n].data.find(t => t.name === name);
  return trace && trace.x ? trace.x.length : -1;
}"""


def _z_sum(page, selector: str, n: int = 0):
    page.wait_for_function(f"({Z_SUM})(['{selector}', {n}]) !== null")
    return page.evaluate(Z_SUM, [selector, n])


def _wait_changed(page, selector: str, before: float, n: int = 0) -> None:
    page.wait_for_function(
        f"(() => {{ const s = ({Z_SUM})(['{selector}', {n}]); return s !== null && Math.abs(s - {before}) > 1e-6; }})()")


def _click_plot(page, selector: str, n: int = 0, fx: float = 0.5, fy: float = 0.45) -> None:
    # Once the explorer says it is ready: an update still on its way redraws the plot.
    expect(page.locator(f"{selector} .sg-status .sg-ready")).to_be_visible()
    click_plot(page, page.locator(f"{selector} .js-plotly-plot").nth(n), fx, fy)


def test_gp_explorer_slider_seed_and_click_in_the_browser(page, voila_server):
    """Sliders update while dragged; ipywidgets keeps one change in flight and only the
    latest value while the kernel is busy: fewer updates than positions, ending on the last.
    Then a new seed draws another sample, and a click on the plot conditions on it."""
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p4m&tab=3&seed=1&lengthscale=0.3")
    explorer = ".sg-gp-explorer"
    ready = page.locator(f"{explorer} .sg-status .sg-ready")
    expect(ready).to_contain_text("prior sample (seed 1)")
    _z_sum(page, explorer)
    before = int(ready.get_attribute("data-updates"))
    handle = page.locator(f"{explorer} .sg-lengthscale .noUi-handle")
    handle.focus()
    steps = 30
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"{explorer} .sg-lengthscale .widget-readout")).to_have_text("0.60")
    # the kernel ends on 0.60 (the GP status does not name it: the deep link does)
    expect(page.locator(".sg-query")).to_contain_text("lengthscale=0.6")
    expect(ready).to_have_count(1)
    updates = int(ready.get_attribute("data-updates")) - before
    assert 1 <= updates < steps / 2, updates

    before = _z_sum(page, explorer)
    box = page.locator(f"{explorer} .sg-seed input")
    box.fill("4")
    box.press("Enter")
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("seed 4")
    _wait_changed(page, explorer, before)
    _click_plot(page, explorer)
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("posterior given 1 observation")
    page.wait_for_function(f"({TRACE_LENGTH})(['{explorer}', 0, 'observations']) > 0")
    assert_clean_log(log_path)


def test_orbifold_explorer_in_the_browser(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p4g&tab=1")
    explorer = ".sg-orbifold-explorer"
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("4*2")
    page.wait_for_function(f"({TRACE_LENGTH})(['{explorer}', 0, 'orbit']) > 0")
    # All three plots drawn (the 3D one last), so the plane no longer moves when clicked.
    page.wait_for_function(
        f"[...document.querySelectorAll('{explorer} .js-plotly-plot')].filter(g => g._fullLayout).length == 3")
    representative = ("(s) => Array.from(document.querySelectorAll(s + ' .js-plotly-plot')[1]"
                      ".data.at(-1).x).join(',')")
    image = ("(s) => Array.from(document.querySelectorAll(s + ' .js-plotly-plot')[2]"
             ".data.at(-1).x).join(',')")
    first, first_image = page.evaluate(representative, explorer), page.evaluate(image, explorer)
    _click_plot(page, explorer, 0, 0.47, 0.43)
    expect(page.locator(f"{explorer} .sg-status")).not_to_contain_text("point (0.130, 0.070)")
    # The orbit is highlighted in the plane, its representative moves in the domain and its
    # single image moves on the 3D orbifold.
    page.wait_for_function(f"({representative})('{explorer}') != {first!r}")
    page.wait_for_function(f"({image})('{explorer}') != {first_image!r}")
    page.wait_for_function(f"({TRACE_LENGTH})(['{explorer}', 0, 'orbit']) > 0")
    assert_clean_log(log_path)


def test_deep_link_restores_every_tab_and_the_basis_follows_its_index_box(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p6m&index=4&seed=2&lengthscale=0.3&tab=2&break=p3m1")
    explorer = ".sg-basis-explorer"
    # The symmetry broken to p3m1 (issue 27): a new function, where they enter in the spectrum
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("new_0 in p3m1")
    expect(page.locator(f"{explorer} .sg-breaking-note")).to_contain_text(
        "p6m \u2192 p3m1: first new functions at lambda")
    page.wait_for_function(f"({TRACE_LENGTH})(['{explorer}', 1, 'new in p3m1']) > 0")
    expect(page.locator(".sg-query")).to_have_text(
        "?group=p6m&tab=2&index=4&seed=2&lengthscale=0.3&break=p3m1")
    expect(page.locator(".sg-copy-link")).to_be_visible()
    expect(page.locator(".sg-device")).to_contain_text("JAX computes on")
    shown = _z_sum(page, explorer)
    page.locator(f"{explorer} .sg-breaking select").select_option(label="[2] t p31m (a,b)")
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("new_0 in p31m")
    page.wait_for_function(f"({TRACE_LENGTH})(['{explorer}', 1, 'new in p31m']) > 0")
    expect(page.locator(".sg-query")).to_contain_text("break=p31m")
    _wait_changed(page, explorer, shown)
    page.locator(f"{explorer} .sg-shows button", has_text="basis function").click()
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("phi_4")
    before = _z_sum(page, explorer)
    box = page.locator(f"{explorer} .sg-index input")
    box.fill("5")
    box.press("Enter")
    expect(page.locator(f"{explorer} .sg-status")).to_contain_text("phi_5")
    _wait_changed(page, explorer, before)
    expect(page.locator(".sg-query")).to_contain_text("index=5")
    tabs = page.locator(".sg-tabs .lm-TabBar-tab, .sg-tabs .p-TabBar-tab")
    tabs.nth(3).click()
    expect(page.locator(".sg-gp-explorer .sg-status")).to_contain_text("seed 2")
    # A click made while the tab clicked before it is still being built is applied, not
    # lost: Orbifold (built on its first show) then at once Draw, then Orbifold again.
    tabs.nth(1).click()
    tabs.nth(4).click()
    expect(page.locator(".sg-query")).to_contain_text("tab=4")
    expect(tabs.nth(4)).to_have_class(re.compile(r"\blm-mod-current\b"))
    expect(page.locator(".sg-symmetry-canvas")).to_be_visible()
    tabs.nth(1).click()
    expect(page.locator(".sg-query")).to_contain_text("tab=1")
    expect(page.locator(".sg-orbifold-explorer .js-plotly-plot:has(.main-svg)").first).to_be_visible()
    assert_clean_log(log_path)


def test_five_concurrent_sessions_render_and_the_server_stays_up(browser, voila_server):
    base_url, log_path = voila_server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    groups = ["p2", "pmg", "p31m", "cmm", "p6"]
    pages = []
    for symbol in groups:
        page = context.new_page()
        page.goto(base_url + EXPLORER + f"?group={symbol}&tab=2&index=2", wait_until="commit")
        pages.append(page)
    for symbol, page in zip(groups, pages):  # five kernels start at once on two cores
        expect(page.locator(".sg-basis-explorer .sg-status")).to_contain_text("phi_2", timeout=300_000)
        expect(page.locator(".sg-query")).to_contain_text(f"group={symbol}")
    context.close()
    assert_clean_log(log_path)


INKED = """() => {
  const canvas = document.querySelector('.sg-symmetry-canvas canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] > data[i] + 40) inked++;
  return inked;
}"""


def test_symmetry_canvas_repeats_a_stroke_and_sends_it_to_python(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + EXPLORER + "?group=p4m&tab=4")
    canvas = page.locator(".sg-symmetry-canvas canvas")
    expect(page.locator(".sg-symmetry-canvas")).to_have_attribute("data-operations", "8")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 0.21 * box["width"], box["y"] + 0.33 * box["height"])
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + (0.21 + 0.01 * step) * box["width"],
                        box["y"] + (0.33 + 0.004 * step) * box["height"])
    page.mouse.up()
    expect(page.locator(".sg-symmetry-canvas")).to_have_attribute("data-strokes", "1")
    expect(page.locator(".sg-stroke-count")).to_have_text("1 stroke")  # back in Python
    single = page.evaluate(INKED)
    # Eight images per cell in a 3 x 3 view: far more ink than one stroke alone.
    assert single > 0
    page.locator(".sg-canvas-tab .sg-group-select select").select_option("p1 (o)")
    expect(page.locator(".sg-symmetry-canvas")).to_have_attribute("data-operations", "1")
    expect(page.locator(".sg-symmetry-canvas")).to_have_attribute("data-strokes", "1")  # kept
    page.wait_for_function(f"({INKED})() < {single} / 3")
    assert_clean_log(log_path)


# Holds plotly.js back until the test releases it: the page's shared plotly promise (see
# sgexplore.widgets._figure) is replaced, when first set, by one that waits for the release.
HOLD_PLOTLY = """(() => {
  const key = %s;
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  window.__releasePlotly = release;
  Object.defineProperty(globalThis, key, {
    configurable: true,
    get() { return undefined; },
    set(promise) {
      window.__plotlyHeldSince = performance.now();
      Object.defineProperty(globalThis, key, {value: gate.then(() => promise), writable: true, configurable: true});
    },
  });
})();"""


def test_no_update_is_lost_while_plotly_loads_slowly(page, voila_server):
    """anywidget gives a model 2 s to load its module; on a busy machine plotly.js takes
    longer. Edits sent while it loads must still reach the plot (they were dropped before):
    the held page ends up plotting what a page opened directly on the new state plots."""
    import json

    from sgexplore.widgets._figure import bundle_key

    base_url, log_path = voila_server
    explorer = ".sg-gp-explorer"
    direct = page.context.new_page()
    direct.goto(base_url + EXPLORER + "?group=p4m&tab=3&seed=4&lengthscale=0.3")
    expected = _z_sum(direct, explorer)
    direct.close()

    page.add_init_script(HOLD_PLOTLY % json.dumps(bundle_key()))
    page.goto(base_url + EXPLORER + "?group=p4m&tab=3&seed=1&lengthscale=0.3")
    status = page.locator(f"{explorer} .sg-status")
    expect(status).to_contain_text("prior sample (seed 1)")
    box = page.locator(f"{explorer} .sg-seed input")
    box.fill("4")
    box.press("Enter")
    expect(status).to_contain_text("seed 4")
    # The scenario: plotly.js still loading well after anywidget's 2 s limit.
    page.wait_for_function("performance.now() - window.__plotlyHeldSince > 2500")
    assert page.locator(f"{explorer} .js-plotly-plot").count() == 0
    page.evaluate("window.__releasePlotly()")
    page.wait_for_function(
        f"(() => {{ const s = ({Z_SUM})(['{explorer}', 0]);"
        f" return s !== null && Math.abs(s - {expected}) <= 1e-9 * Math.abs({expected}); }})()")
    box.fill("5")  # and the figure still follows Python afterwards
    box.press("Enter")
    _wait_changed(page, explorer, expected)
    assert_clean_log(log_path)
