"""Nothing overflows: every dashboard (every tab of the main one) at 1280x800 (a projector),
400x800 (a phone) and in presentation mode (``?present=1``) at 1280x800, with full-page
screenshots of each. A fresh page per dashboard and start: opened with ``?present=1``
(which must switch presentation mode on: larger plot text, markers and heights), at 1280
(then narrowed to 400 and widened again) and at 400.

The same page load is made behind a school firewall that drops outside packets: every
request to another host hangs unanswered, and the page must request none (a page once
waited 45 s for a CDN's stylesheets there), in any of its views.

Screenshots go to the test's tmp dir, and also to ``$SGEXPLORE_SHOTS`` when that is set."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import ROOT, assert_clean_log

# What a view shows once drawn: a selector and how many of it at least. Counts are the
# figures each view draws today; a view that draws fewer has lost a figure.
PLOTS = ".js-plotly-plot:has(.main-svg)"
DASHBOARDS = {
    "explorer": ("explorer.ipynb", [
        ("group", None, f".sg-tabs {PLOTS}", 1),
        ("orbifold", 1, f".sg-orbifold-explorer {PLOTS}", 3),
        ("basis", 2, f".sg-basis-explorer {PLOTS}", 2),
        ("gp", 3, f".sg-gp-explorer {PLOTS}", 1),
        ("draw", 4, ".sg-symmetry-canvas[data-operations='8']", 1),
    ]),
    "space_groups": ("space_groups.ipynb", [
        ("isosurfaces", None, f".sg-space-group-explorer {PLOTS}", 2),
        ("orbifold", 1, f".sg-space-orbifold {PLOTS}", 2),
    ]),
    "crystal": ("crystal.ipynb", [("page", None, PLOTS, 3)]),
    "gp_lab": ("gaussian_processes.ipynb", [("page", None, PLOTS, 1)]),
    "lesson_wallpaper": ("lesson_wallpaper.ipynb", [("page", None, PLOTS, 4)]),
    "lesson_space_groups": ("lesson_space_groups.ipynb", [("page", None, PLOTS, 3)]),
}
TABS = ":is(.sg-tabs, .sg-space-tabs) > .lm-TabBar .lm-TabBar-tab"
# Plots side by side at 1280 px and one under the other at 400 px, by view: (selector of the
# plots, index of the left one, index of the right one). The spectrum beside the heatmap:
# a click on a level changes a plot in view.
BESIDE = {
    "explorer-basis": (f".sg-basis-explorer {PLOTS}", 0, 1),
    "gp_lab-page": (f".sg-gp-lab {PLOTS}", 0, 1),
}
# Boxes of a plot's title and of its subplot titles (annotations) that overlap.
TITLE_OVERLAPS = """(selector) => {
  const plot = document.querySelector(selector);
  const title = plot.querySelector('.gtitle').getBoundingClientRect();
  return [...plot.querySelectorAll('.annotation')].map(a => a.getBoundingClientRect())
    .filter(r => r.left < title.right && title.left < r.right && r.top < title.bottom && title.top < r.bottom)
    .length;
}"""
# The drawn widths of the plots and the widths of the boxes holding them.
FILLED = """(selector) => {
  const plots = [...document.querySelectorAll(selector)].slice(0, 2);
  return [plots.map(p => Math.round(p._fullLayout.width)),
          plots.map(p => Math.round(p.parentElement.getBoundingClientRect().width))];
}"""
PLACEMENT = """([selector, i, j]) => {
  const plots = document.querySelectorAll(selector);
  const a = plots[i].getBoundingClientRect(), b = plots[j].getBoundingClientRect();
  if (b.left >= a.right - 1 && Math.abs(b.top - a.top) < a.height) return 'beside';
  if (b.top >= a.bottom - 1) return 'below';
  return `overlapping: ${JSON.stringify([a, b].map(r => [r.left, r.top, r.right, r.bottom].map(Math.round)))}`;
}"""

# Visible elements that overflow: labels whose text their own box cuts (an ellipsis); those
# whose box ends right of the viewport, unless a box
# made to scroll sideways (overflow-x auto or scroll) that ends inside the viewport holds
# them; and those cut off by a box that clips (overflow hidden) before their right edge.
# (The page's template makes ordinary boxes overflow visibly, so that only boxes made to
# scroll scroll.) SVG internals are plotly's own business.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const out = [];
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const describe = (el, box, why) =>
    `${name(el)} right=${Math.round(box.right)} ${why} "${(el.textContent || '').trim().slice(0, 40)}"`;
  for (const el of document.body.querySelectorAll('*')) {
    if (el instanceof SVGElement) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    let holder = el.parentElement;
    while (holder && holder !== document.body && getComputedStyle(holder).overflowX === 'visible') {
      holder = holder.parentElement;
    }
    const scrolls = holder && holder !== document.body
      && ['auto', 'scroll'].includes(getComputedStyle(holder).overflowX);
    const limit = holder && holder !== document.body ? holder.getBoundingClientRect().right : width;
    // A label cut short by its own box (ipywidgets' descriptions and buttons end in an
    // ellipsis when their text does not fit).
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      out.push(describe(el, box, `label cut (${el.scrollWidth} px of text in ${el.clientWidth})`));
      continue;
    }
    if (scrolls && limit <= width + 1) continue;  // inside a box made to scroll, in view
    if (box.right > width + 1) out.push(describe(el, box, `beyond the ${width} px window`));
    else if (!scrolls && box.right > limit + 1) out.push(describe(el, box, `cut by ${name(holder)} at ${Math.round(limit)}`));
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, offenders: out};
}"""


def _shot(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("SGEXPLORE_SHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def _overflow(page, label: str) -> list[str]:
    """What overflows the viewport, and figures wider than their box (empty if nothing)."""
    # Figures follow their box after a frame (body[data-plots-resizing] counts resizes running).
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function("(document.body.dataset.plotsResizing || '0') === '0'")
    try:  # a figure follows its box within a few frames (ResizeObserver, then plotly's resize)
        page.wait_for_function(f"({TOO_WIDE})().length === 0", timeout=5_000)
    except PlaywrightError:
        pass
    problems = [f"{label}: {wide}" for wide in page.evaluate(TOO_WIDE) + page.evaluate(TITLE_CUT)]
    report = page.evaluate(OVERFLOWING)
    if report["scrollWidth"] <= report["innerWidth"] and not report["offenders"]:
        return problems
    return problems + [f"{label}: page {report['scrollWidth']} px wide in a {report['innerWidth']} px "
                       "window; overflowing:\n  " + "\n  ".join(report["offenders"][:12])]


def test_every_dashboard_is_looked_at():
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(notebook for notebook, _ in DASHBOARDS.values()) == notebooks


# Each figure as wide as the box it sits in, at most (plotly's 700 px default in a 336 px box
# was the phone's clipped plot): the figures that are wider.
TOO_WIDE = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((p) => p.offsetParent !== null && p._fullLayout)
  .map((p) => [p, p.parentElement.getBoundingClientRect().width])
  .filter(([p, box]) => box > 0 && p._fullLayout.width > box + 2)
  .map(([p, box]) => `${Math.round(p._fullLayout.width)} px figure in a ${Math.round(box)} px box: `
       + JSON.stringify((p.layout.title && p.layout.title.text || '').slice(0, 50)))"""
# Titles cut by their figure's edge (plotly never wraps a title).
TITLE_CUT = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((p) => p.offsetParent !== null && p.querySelector('.gtitle'))
  .filter((p) => { const t = p.querySelector('.gtitle').getBoundingClientRect(), b = p.getBoundingClientRect();
                   return t.width > 0 && (t.left < b.left - 1 || t.right > b.right + 1); })
  .map((p) => 'title cut: ' + JSON.stringify(p.querySelector('.gtitle').textContent.slice(0, 60)))"""
FONT_SIZES = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((p) => p.offsetParent !== null && p._fullLayout).map((p) => p._fullLayout.font.size)"""
PRESENT_FONTS = f"() => ({FONT_SIZES})().every((size) => size >= 17)"
# In presentation mode marker sizes set on traces grow with the fonts (17 / 12) and fixed
# plot heights by a quarter: what is not (yet) so, in the plots shown.
UNSCALED = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((p) => p.offsetParent !== null && p._fullLayout && p.data)
  .flatMap((p) => {
    const marks = p.data.map((t, i) => [t, p.__sgPresented?.[`${i} marker.size`]])
      .filter(([t]) => ['scatter', 'scattergl', 'scatter3d'].includes(t.type ?? 'scatter')
              && typeof t.marker?.size === 'number')
      .filter(([t, r]) => !r || Math.abs(t.marker.size - r.base * 17 / 12) > 0.06)
      .map(([t]) => `marker of ${t.name ?? t.type}: ${t.marker.size}`);
    const h = p.__sgHeight;
    if (typeof p.layout.height === 'number' && !(h && h.shown === p.layout.height
        && h.shown === Math.round(h.base * 1.25) && Math.abs(p._fullLayout.height - h.shown) <= 1))
      marks.push(`height ${p.layout.height}`);
    return marks;
  })"""
STARTS = {"present-1280": 1280, "1280": 1280, "400": 400}


@pytest.mark.parametrize("start", list(STARTS))
@pytest.mark.parametrize("name", list(DASHBOARDS))
def test_nothing_overflows_at_projector_and_phone_widths(name, start, page, voila_server, tmp_path):
    """A fresh page at each width (present-1280, 1280, 400), each tab first shown by a click
    at that width, as a visitor does; from 1280 also narrowed to 400 and widened again."""
    base_url, log_path = voila_server
    notebook, views = DASHBOARDS[name]
    own = urlsplit(base_url).netloc
    outside: list[str] = []
    page.context.on("request", lambda r: urlsplit(r.url).netloc not in ("", own)
                    and outside.append(r.url))
    page.context.route(lambda u: urlsplit(u).netloc not in ("", own), lambda route: None)
    width = STARTS[start]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base_url}/voila/render/{notebook}" + ("?present=1" if start.startswith("present") else ""))
    description = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown > p").first
    if start.startswith("present"):
        expect(page.locator("body")).to_have_class(re.compile(r"\bsg-present\b"))
        expect(description).to_be_hidden()  # the header is collapsed to the title
    problems: list[str] = []  # every view and width is looked at before the test fails
    for view, tab, ready, count in views:
        if tab is not None:
            page.locator(TABS).nth(tab).click()
        expect(page.locator(ready).nth(count - 1)).to_be_visible()
        label = f"{name}-{view}"
        if start.startswith("present"):  # plots' text grows with the page's
            try:
                page.wait_for_function(PRESENT_FONTS, timeout=10_000)
            except PlaywrightError:
                problems.append(f"{label} {start}: plot fonts not enlarged: {page.evaluate(FONT_SIZES)}")
            try:
                page.wait_for_function(f"() => ({UNSCALED})().length === 0", timeout=10_000)
            except PlaywrightError:
                problems.append(f"{label} {start}: not enlarged: {page.evaluate(UNSCALED)[:8]}")
        problems += _overflow(page, f"{label} {start}")
        _shot(page, tmp_path, f"{label}-{start}")
        if start == "present-1280":
            continue
        widths = (400, 1280, 400) if start == "1280" else ()  # narrowed, widened, narrowed
        for resized in widths:
            page.set_viewport_size({"width": resized, "height": 800})
            problems += _overflow(page, f"{label} {start} -> {resized}")
        if widths:
            page.set_viewport_size({"width": 1280, "height": 800})
            _overflow(page, "settle")
        if label in BESIDE:
            placed = page.evaluate(PLACEMENT, list(BESIDE[label]))
            wanted = "beside" if width == 1280 else "below"
            if placed != wanted:
                problems.append(f"{label} {start}: plots {BESIDE[label][1:]} {placed}, not {wanted}")
        if label == "explorer-basis" and start == "1280":  # the gallery: title above subplot titles
            page.locator(".sg-basis-explorer button", has_text="gallery of first 8").click()
            gallery = ".sg-basis-explorer .sg-gallery .js-plotly-plot"
            page.wait_for_function(f"document.querySelectorAll('{gallery} .annotation').length >= 8")
            for resized in (1280, 400):
                page.set_viewport_size({"width": resized, "height": 800})
                problems += _overflow(page, f"{label} gallery {resized}")
                if page.evaluate(TITLE_OVERLAPS, gallery):
                    problems.append(f"{label} gallery {resized}: its title overlaps its subplots' titles")
                # Back from 400 px: the heatmap and the spectrum fill their cells again.
                drawn, cells = page.evaluate(FILLED, BESIDE[label][0])
                if any(abs(d - c) > 2 for d, c in zip(drawn, cells)):
                    problems.append(f"{label} {resized}: plots {drawn} px wide in cells of {cells}")
                _shot(page, tmp_path, f"{label}-gallery-{resized}")
            page.set_viewport_size({"width": 1280, "height": 800})
    assert not problems, "\n".join(problems)
    assert outside == [], f"{notebook} requested {outside}"
    assert_clean_log(log_path)
