"""The GP lab and the wallpaper lesson in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import answer, assert_clean_log

pytestmark = pytest.mark.e2e


# The number of points a trace of the GP lab's panels draws, by trace name (all panels).
LAB_POINTS = """(name) => [...document.querySelectorAll('.sg-gp-lab .js-plotly-plot')]
  .flatMap(g => g.data || []).filter(t => t.name === name).map(t => t.x.length)"""


def test_gp_lab_click_draws_the_images_and_applies_the_fit(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/gaussian_processes.ipynb?group=p4m&seed=1&n=5")
    lab = ".sg-gp-lab"
    status = page.locator(f"{lab} .sg-status")
    expect(status).to_contain_text("5 observation(s)")
    # p4m: each observation and its 7 other images in the (square) cell, on the invariant panel
    page.wait_for_function(f"JSON.stringify(({LAB_POINTS})('images')) === '[40]'")
    truth = page.locator(f"{lab} .js-plotly-plot").first.locator(".nsewdrag[data-subplot='xy']")
    truth.click(position={"x": 40, "y": 30})
    expect(status).to_contain_text("6 observation(s)")
    page.wait_for_function(f"JSON.stringify(({LAB_POINTS})('images')) === '[48]'")
    assert page.evaluate(LAB_POINTS, "observations") == [6, 6, 6]
    expect(page.locator(f"{lab} .js-plotly-plot .gtitle").nth(1)).to_contain_text("48 images")
    expect(page.locator(".sg-query")).to_contain_text("n=6")
    apply = page.locator(f"{lab} .sg-apply-fit")
    expect(apply).to_be_disabled()
    page.locator(f"{lab} .sg-fit").click()
    results = page.locator(f"{lab} .sg-lab-results")
    expect(results).to_contain_text("fitted lengthscale")
    expect(apply).to_be_enabled()
    apply.click()
    expect(results).to_contain_text("lengthscale in use (fitted, applied)")
    expect(page.locator(f"{lab} .sg-lab-explanation")).to_contain_text("When does the invariant prior help?")
    assert_clean_log(log_path)


def test_lesson_checks_answers_in_the_page(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/lesson_wallpaper.ipynb")
    identify = page.locator(".sg-exercise-identify")
    # The pattern's group (p4g) is named nowhere before exercise 1 is answered.
    expect(page.locator(".sg-exercise-conway")).to_contain_text("p31m")
    assert not [t for t in page.locator(".sg-lesson .widget-html").all_inner_texts() if "p4g" in t]
    assert not [t for t in page.locator(".sg-lesson .gtitle").all_text_contents() if "p4g" in t]
    identify.locator("select").select_option("p4m")
    identify.locator("button").click()
    expect(identify.locator(".sg-feedback")).to_contain_text("Not yet")
    identify.locator("select").select_option("p4g")
    identify.locator("button").click()
    expect(identify.locator(".sg-feedback")).to_contain_text("Correct")
    conway = page.locator(".sg-exercise-conway")
    # No answer is printed before it is answered: not in the question, not in a title.
    expect(page.locator(".sg-lesson")).not_to_contain_text("3*3")
    answer(conway, "*333", "3-fold centre lies on mirror lines")
    answer(conway, "3*3", "Correct")
    # Section 4 (p4m > pmm): its two functions are drawn; its index is checked in the page.
    index = page.locator(".sg-exercise-index")
    expect(index).to_contain_text("[p4m : pmm]")
    answer(index, "2", "Correct. 2: [p4m : pmm]")
    # The spectrum of pg (the extinct exercise's answer) appears once that is answered.
    page.wait_for_function("document.querySelectorAll('.sg-lesson .js-plotly-plot').length == 4")
    extinct = page.locator(".sg-exercise-extinct")
    for label in ["(0, 1)", "(0, 3)"]:  # checkboxes, no ctrl-click
        extinct.get_by_label(label, exact=True).check()
    extinct.locator("button").click()
    expect(extinct.locator(".sg-feedback")).to_contain_text("Correct")
    page.wait_for_function("document.querySelectorAll('.sg-lesson .js-plotly-plot').length == 5")
    expect(extinct.locator(".gtitle")).to_have_text("frequencies of pg: 4 of 49 extinct")
    assert_clean_log(log_path)
