"""The GP lab and the wallpaper lesson in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_clean_log

pytestmark = pytest.mark.e2e


def test_gp_lab_observes_fits_and_compares(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/gaussian_processes.ipynb?group=p4m&seed=1&n=5")
    lab = ".sg-gp-lab"
    status = page.locator(f"{lab} .sg-status")
    expect(status).to_contain_text("5 observation(s)")
    page.wait_for_function(
        f"(() => {{ const g = document.querySelector('{lab} .js-plotly-plot');"
        " return g && g.data && g.data.length == 6 && g.data[3].x.length == 5; })()")
    page.locator(f"{lab} .sg-random").click()
    expect(status).to_contain_text("10 observation(s)")
    page.wait_for_function(
        f"document.querySelector('{lab} .js-plotly-plot').data[3].x.length == 10")
    expect(page.locator(".sg-query")).to_contain_text("n=10")
    page.locator(f"{lab} .sg-fit").click()
    expect(page.locator(f"{lab} .sg-lab-results")).to_contain_text("fitted lengthscale")
    assert_clean_log(log_path)


def test_lesson_checks_answers_in_the_page(page, voila_server):
    base_url, log_path = voila_server
    page.goto(base_url + "/voila/render/lesson_wallpaper.ipynb")
    identify = page.locator(".sg-exercise-identify")
    identify.locator("select").select_option("p4m")
    identify.locator("button").click()
    expect(identify.locator(".sg-feedback")).to_contain_text("Not yet")
    identify.locator("select").select_option("p4g")
    identify.locator("button").click()
    expect(identify.locator(".sg-feedback")).to_contain_text("Correct")
    conway = page.locator(".sg-exercise-conway")
    # No answer is printed before it is answered: not in the question, not in a title.
    expect(page.locator(".sg-lesson")).not_to_contain_text("4*2")
    conway.locator("input").fill("*442")
    conway.locator("button").click()
    expect(conway.locator(".sg-feedback")).to_contain_text("4-fold centre lies on mirror lines")
    conway.locator("input").fill("4*2")
    conway.locator("button").click()
    expect(conway.locator(".sg-feedback")).to_contain_text("Correct")
    # The spectrum of pg (the extinct exercise's answer) appears once that is answered.
    page.wait_for_function("document.querySelectorAll('.sg-lesson .js-plotly-plot').length == 2")
    extinct = page.locator(".sg-exercise-extinct")
    for label in ["(0, 1)", "(0, 3)"]:  # checkboxes, no ctrl-click
        extinct.get_by_label(label, exact=True).check()
    extinct.locator("button").click()
    expect(extinct.locator(".sg-feedback")).to_contain_text("Correct")
    page.wait_for_function("document.querySelectorAll('.sg-lesson .js-plotly-plot').length == 3")
    expect(extinct.locator(".gtitle")).to_have_text("frequencies of pg: 4 of 49 extinct")
    assert_clean_log(log_path)
