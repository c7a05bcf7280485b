"""The Orbifold tab of the space-group dashboard and the space-group lesson in a real
browser: what the page shows (gluing pairs, vertex labels, tiling steps, hidden symmetry
elements, deep-link errors) for several groups, in one page load each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sgexplore.orbifolds import orbifold

from .conftest import answer, assert_clean_log

pytestmark = pytest.mark.e2e

VIEW = ".sg-space-orbifold"
# The labels of the orbifold figure's singular vertices (sorted), and how many tiling meshes
# the tiling figure shows.
VERTEX_LABELS = f"""() => {{
  const plots = document.querySelectorAll('{VIEW} .js-plotly-plot');
  if (plots.length < 2 || !plots[0].data) return null;
  const trace = plots[0].data.find((t) => t.name === 'singular vertices');
  return trace ? [...trace.hovertext].map((h) => h.split(' / ')[0]).sort().join(' ') : '';
}}"""
VISIBLE_COPIES = f"""() => {{
  const plots = document.querySelectorAll('{VIEW} .js-plotly-plot');
  if (plots.length < 2 || !plots[1].data) return -1;
  return plots[1].data.filter((t) => t.type === 'mesh3d' && t.visible !== false).length;
}}"""
HIDDEN_ELEMENTS = """() => {
  const plot = document.querySelector('.sg-space-group-explorer .js-plotly-plot');
  if (!plot || !plot.data) return null;
  return plot.data.filter((t) => t.legendgroup === 'symmetry elements')
                  .map((t) => t.visible).join(',');
}"""


def _expected_labels(symbol: str) -> str:
    o = orbifold(symbol)
    return " ".join(sorted(v.local_group.hermann_mauguin for v in o.singular_vertices for _ in v.points))


def _check_group(page, symbol: str, copies: int) -> None:
    o = orbifold(symbol)
    pairs = sum(f.kind != "mirror" and f.partner >= i for i, f in enumerate(o.faces))
    facts = page.locator(f"{VIEW} .sg-orbifold-facts")
    expect(facts).to_contain_text(f"{symbol} (No.")
    expect(facts.locator(".sg-gluing-pair")).to_have_count(pairs)
    expect(facts.locator(".sg-chi")).to_have_text("0")
    page.wait_for_function(f"({VERTEX_LABELS})() === {_expected_labels(symbol)!r}")
    expect(page.locator(f"{VIEW} .sg-tiling-step")).to_contain_text(f"1 of {copies} copies")
    page.wait_for_function(f"({VISIBLE_COPIES})() === 1")


def test_orbifold_tab_shows_gluing_vertices_and_tiling_steps(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/space_groups.ipynb?group=P2_1/c&view=orbifold&index=-1")
    # The bad index is reported on the page and the link shows the index used.
    expect(page.locator(".sg-error").first).to_contain_text("ignored index='-1'")
    expect(page.locator(".sg-query")).to_contain_text("index=1&")
    o = orbifold("P2_1/c")
    facts = page.locator(f"{VIEW} .sg-orbifold-facts")
    for face in (f for i, f in enumerate(o.faces) if f.kind != "mirror" and f.partner >= i):
        expect(facts).to_contain_text(face.operation)
    expect(facts.locator(".sg-sohncke")).to_contain_text("not Sohncke")
    _check_group(page, "P2_1/c", copies=4)
    handle = page.locator(f"{VIEW} .sg-tiling-steps .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    expect(page.locator(f"{VIEW} .sg-tiling-step")).to_contain_text("3 of 4 copies")
    page.wait_for_function(f"({VISIBLE_COPIES})() === 3")
    group = page.locator(".sg-space-group-input input")
    for symbol, copies in (("Fm-3m", 192), ("P6_3/mmc", 24), ("Ia-3d", 96)):
        group.fill(symbol)
        group.press("Enter")
        _check_group(page, symbol, copies)
    expect(page.locator(".sg-query")).to_contain_text("group=Ia-3d")
    # The isosurface view: its symmetry elements start hidden, one legend group.
    page.locator(".sg-space-tabs .lm-TabBar-tab", has_text="Isosurfaces").click()
    expect(page.locator(".sg-query")).to_contain_text("view=isosurfaces")
    page.wait_for_function(f"(({HIDDEN_ELEMENTS})() || '').startsWith('legendonly')")
    assert set(page.evaluate(HIDDEN_ELEMENTS).split(",")) == {"legendonly"}
    # Every kind of element Ia-3d has is in the group (it listed only the asymmetric unit
    # and axes: no inversion centres, no glide planes): the asymmetric unit, 2- and 3-fold
    # axes, screw axes, glide planes, inversion centres, rotoinversion points.
    assert len(page.evaluate(HIDDEN_ELEMENTS).split(",")) == 7
    assert_clean_log(log_path)


def test_space_lesson_checks_answers_and_reveals_the_orbifold(page, voila_server):
    base_url, log_path = voila_server
    # P4mm is not a maximal subgroup of Pm-3m: refused, BaTiO3's two steps are used.
    page.goto(base_url + "/voila/render/lesson_space_groups.ipynb?transition=Pm-3m%3EP4mm")
    lesson = page.locator(".sg-space-lesson")
    expect(page.locator(".sg-error")).to_contain_text(
        "ignored transition='Pm-3m>P4mm': P4mm is not a maximal subgroup of Pm-3m")
    splitting = page.locator(".sg-exercise-splitting")
    expect(splitting).to_contain_text("position 3c of Pm-3m (O in the crystal above)")
    answer(splitting, "2c 1a", "Not yet")
    answer(splitting, "1b + 2c", "Correct. 3c -> 2c + 1b")
    copies = page.locator(".sg-exercise-copies")
    answer(copies, "4", "centred")
    answer(copies, "8", "Correct")
    absent = page.locator(".sg-exercise-absent")
    for label in ["(0, 1, 0)", "(0, 0, 1)", "(1, 0, 1)"]:  # checkboxes, no ctrl-click
        absent.get_by_label(label, exact=True).check()
    absent.locator("button").click()
    expect(absent.locator(".sg-feedback")).to_contain_text("screw")
    vertex = page.locator(".sg-exercise-vertex")
    # Not printed before it is answered: the labelled orbifold of Fm-3m is not on the page.
    page.wait_for_function("document.querySelectorAll('.sg-space-lesson .js-plotly-plot').length == 3")
    expect(lesson).not_to_contain_text("m-3m and mmm")
    expect(lesson).to_contain_text("Fm-3m has rotation axes of orders 2, 3 and 4, mirror planes")
    for label in ["-43m", "m-3m", "mmm"]:  # checkboxes, no ctrl-click
        vertex.get_by_label(label, exact=True).check()
    vertex.locator("button").click()
    expect(vertex.locator(".sg-feedback")).to_contain_text("Correct")
    page.wait_for_function("document.querySelectorAll('.sg-space-lesson .js-plotly-plot').length == 4")
    expect(vertex.locator(".gtitle")).to_have_text("Fm-3m: the orbifold with its singular vertices")
    assert_clean_log(log_path)
