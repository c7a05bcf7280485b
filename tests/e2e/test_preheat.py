"""``make serve`` as a user runs it: Voila with preheated kernels, where the dashboard is
built ahead of the request, and deep links still restore the state they name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import _free_port, assert_clean_log, serving

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def preheated_server(tmp_path_factory):
    """``make serve`` on a free port, in this checkout's virtual environment (when pytest
    runs from it, as ``make test`` does), with its JAX cache in a temporary folder."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("make serve installs into the virtual environment pytest runs from; this is none")
    log_path = tmp_path_factory.mktemp("make-serve") / "serve.log"
    port = _free_port()
    venv = Path(sys.prefix)
    command = ["make", "--no-print-directory", "serve", f"PORT={port}", f"VENV={venv}",
               f"JAX_CACHE={log_path.parent / 'jax'}"]
    with serving(command, port, log_path, ready_timeout=600) as base_url:  # may pip install first
        yield base_url, log_path


def test_preheated_kernels_serve_deep_links(page, preheated_server):
    base_url, log_path = preheated_server
    for query, status in (("?group=p6m&tab=2&index=4", "phi_4"), ("?group=cmm&tab=3&seed=3", "seed 3")):
        page.goto(base_url + "/" + query)  # the second page gets the pool's next kernel
        expect(page.locator(".sg-preheated")).to_have_text("kernel preheated")
        explorer = ".sg-basis-explorer" if "tab=2" in query else ".sg-gp-explorer"
        expect(page.locator(f"{explorer} .sg-status")).to_contain_text(status)
        expect(page.locator(".sg-query")).to_contain_text(query.split("&")[0][1:])
        page.wait_for_function(f"document.querySelector('{explorer} .js-plotly-plot') !== null")
    assert_clean_log(log_path)
