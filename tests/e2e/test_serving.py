"""Serving a class: pages that end their kernels, idle kernels culled, and no template or
theme override from the URL. (That no page requests anything from outside its own server
is checked on the page loads of tests/e2e/test_layout.py.)"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import SERVER_PIDS, _free_port, serving

pytestmark = pytest.mark.e2e

FIGURE_DRAWN = "document.querySelector('.js-plotly-plot .main-svg') !== null"
POOL = 1
VIEWS = 4
CULL_IDLE = 30  # seconds; short so that the test can wait it out
CULL_INTERVAL = 5


def _kernel_processes(root_pid: int) -> list[int]:
    """Process ids of the ipykernel processes descending from ``root_pid`` (from /proc)."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == root_pid:
                return True
            pid = parents.get(pid, 0)
        return False

    return [pid for pid, command in commands.items()
            if b"ipykernel_launcher" in command and descends(pid)]


def _wait_for_kernels(server_pid: int, count: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while (kernels := _kernel_processes(server_pid)) and len(kernels) != count:
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    return kernels


def _wait_until_gone(url: str, timeout: float) -> None:
    """Wait until ``url`` answers 404 (a process can end before the server drops its record)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return
        time.sleep(0.5)
    pytest.fail(f"{url} still answers after {timeout} s")


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    """``make serve`` as a teacher runs it, with a short cull time."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("make serve installs into the virtual environment pytest runs from; this is none")
    log_path = tmp_path_factory.mktemp("class-serve") / "serve.log"
    port = _free_port()
    command = ["make", "--no-print-directory", "serve", f"PORT={port}", f"VENV={sys.prefix}",
               f"POOL={POOL}", f"CULL_IDLE={CULL_IDLE}", f"CULL_INTERVAL={CULL_INTERVAL}",
               f"JAX_CACHE={log_path.parent / 'jax'}"]
    with serving(command, port, log_path, ready_timeout=600) as base_url:
        yield base_url, log_path


def test_closed_and_reloaded_pages_end_their_kernels_and_idle_ones_are_culled(browser, class_server):
    base_url, log_path = class_server
    server = SERVER_PIDS[base_url]
    assert len(_wait_for_kernels(server, POOL, 300)) == POOL  # the preheated pool is ready
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(180_000)  # a page waits for its preheated kernel's warm-up
    page = context.new_page()
    # Four views, two ended by navigating away (as a reload does) and two by closing the tab:
    # before the template's fix, each of them left its kernel running.
    for view in range(VIEWS):
        page.goto(base_url + "/?tab=2")  # navigating away, as a reload does, ends the last view
        page.wait_for_function(FIGURE_DRAWN, timeout=180_000)
        if view % 2:  # every other view is ended by closing its tab: Voila's shutdown beacon
            page.close(run_before_unload=True)
            page = context.new_page()
    page.close(run_before_unload=True)
    # Much less than the cull time: kernels end because their pages ended, not because they idled.
    assert len(_wait_for_kernels(server, POOL, CULL_IDLE / 2)) == POOL
    log = log_path.read_text()
    assert "_xsrf" not in log and " 403 POST" not in log, log[-3000:]

    page = context.new_page()
    page.goto(base_url + "/?tab=2")
    page.wait_for_function(FIGURE_DRAWN, timeout=180_000)
    assert len(_wait_for_kernels(server, POOL + 1, 300)) == POOL + 1
    # Left alone past the cull time (the page stays open), its kernel is shut down...
    assert len(_wait_for_kernels(server, POOL, CULL_IDLE + 4 * CULL_INTERVAL + 30)) == POOL
    kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    _wait_until_gone(f"{base_url}/api/kernels/{kernel}", timeout=60)  # the server forgot it too
    notice = page.locator("#sgexplore-kernel-ended")
    expect(notice).to_have_count(0)
    # ... and the page says so as soon as it is used again.
    page.locator(".sg-basis-explorer .js-plotly-plot").first.click()
    expect(notice).to_contain_text("Reload the page")
    context.close()


def test_the_url_cannot_override_theme_or_template(page, voila_server):
    base_url, _ = voila_server
    script = '"><script>window.__reflected = 1</script>'
    page.goto(f"{base_url}/voila/render/explorer.ipynb?theme=x{script}&template=classic")
    page.wait_for_function(FIGURE_DRAWN, timeout=180_000)
    assert page.evaluate("window.__reflected") is None
    assert page.evaluate("document.body.dataset.jpThemeName") == "JupyterLab Light"
    assert page.locator("#jupyter-config-data").count() == 1  # the lab-based sgexplore template
    assert "cdn.jsdelivr.net" not in page.content()
