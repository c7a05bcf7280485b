"""A real Voila server on a free localhost port, and headless Debian Chromium via Playwright."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

# Dashboards compile JAX kernels on first view (seconds on 2 cores): wait for state, not time.
expect.set_options(timeout=120_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SGEXPLORE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


# The process (group leader) of each server ``serving`` runs, by base URL.
SERVER_PIDS: dict[str, int] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@functools.cache
def jax_cache_environment() -> dict[str, str]:
    """The environment with JAX's persistent compilation cache on, as ``make serve`` and
    Binder's ``start`` run kernels: a folder of this test process's own (one server's kernels
    share it; a kernel after the first loads the programs the first compiled)."""
    folder = tempfile.mkdtemp(prefix="sgexplore-jax-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return {**os.environ, "JAX_COMPILATION_CACHE_DIR": folder,
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}


@contextlib.contextmanager
def serving(command: list[str], port: int, log_path: Path, ready_timeout: float = 90,
            env: dict[str, str] | None = None):
    """Run ``command`` (a server on ``port`` of 127.0.0.1) in its own process group, logging
    to ``log_path``; yield its base URL once it answers, and stop the whole group afterwards."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                   start_new_session=True, env=env)
    base_url = f"http://127.0.0.1:{port}"
    SERVER_PIDS[base_url] = process.pid
    deadline = time.monotonic() + ready_timeout
    try:
        while True:
            try:  # a static path: asking for a page would take a preheated kernel
                urllib.request.urlopen(base_url + "/voila/static/", timeout=2)
            except urllib.error.HTTPError:
                break  # the server answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server did not start:\n" + log_path.read_text())
                time.sleep(0.2)
            else:
                break
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def running_voila(target: Path, log_path: Path, *options: str):
    """``voila target`` with ``options`` on a free localhost port; yields its base URL."""
    port = _free_port()
    voila = Path(sys.executable).with_name("voila")
    command = [str(voila), str(target), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--show_tracebacks=True", *options]
    with serving(command, port, log_path, env=jax_cache_environment()) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """Start ``voila notebooks/`` bound to 127.0.0.1; yield (base_url, log_path)."""
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    with running_voila(ROOT / "notebooks", log_path) as base_url:
        yield base_url, log_path


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Debian Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_FAILED] = report.failed


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser, voila_server, request):
    """A fresh browser context; if the test fails, the browser's console errors and warnings
    are printed with it (what a user would see in the developer tools)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    console: list[str] = []
    context.on("console", lambda m: m.type in ("error", "warning") and console.append(f"{m.type}: {m.text}"))
    context.on("weberror", lambda e: console.append(f"page error: {e.error}"))
    yield page
    context.close()
    if request.node.stash.get(_FAILED, False):
        print("browser console (errors and warnings):", *console[-40:], sep="\n  ")


# Where the shared Voila log stood when the running test began: each test is judged on the
# log lines written during it, so one failure does not fail every later test too.
_LOG_START: dict[Path, int] = {}


@pytest.fixture(autouse=True)
def _log_offset(voila_server):
    log_path = voila_server[1]
    _LOG_START[log_path] = log_path.stat().st_size
    yield


def assert_clean_log(log_path: Path) -> None:
    """No Python traceback in the Voila log since this test started."""
    with open(log_path, "rb") as log:
        log.seek(_LOG_START.get(log_path, 0))
        text = log.read().decode("utf-8", "replace")
    # A page that closes ends its kernel now; tornado then logs a write to the closed websocket
    # (WebSocketClosedError), which is no fault of the page under test.
    text = "\n".join(block for block in text.split("Task exception was never retrieved")
                     if "WebSocketClosedError" not in block)
    assert "Traceback" not in text, text[-4000:]


# Page pixels of a point of a plot: in data units (`data=True`) or as fractions of its plot
# area from the top left.
_PLOT_POINT = """(plot, [u, v, data]) => {
  const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
  return data ? [box.left + xa._offset + xa.l2p(u), box.top + ya._offset + ya.l2p(v)]
              : [box.left + xa._offset + u * xa._length, box.top + ya._offset + v * ya._length];
}"""


def click_plot(page, plot, u: float, v: float, data: bool = False) -> None:
    """Hover, then click the plotly plot `plot` (a Locator) where a user would: at (u, v),
    data coordinates with `data=True`, else fractions of the plot area from its top left.

    Plotly drops a click when a figure update or resize redraws the plot between the hover
    and the click (seen in loaded full runs, on the orbifold plot and on the Group tab's
    diagram), and a point below the fold is no point at all: so the plot is scrolled into
    view and clicked once no plot is being resized, two frames later, where it is then. A
    click plotly itself dropped (no ``plotly_click`` event: nothing reached the page's code)
    is made again, as a user clicks again on a click that did nothing, at most three times;
    what the page does with a click plotly delivered is for the test to check."""
    plot.scroll_into_view_if_needed()
    plot.evaluate("(p) => { p.__sgClicks = 0; p.on('plotly_click', () => { p.__sgClicks += 1; }); }")
    for _ in range(3):
        page.wait_for_function("(document.body.dataset.plotsResizing || '0') === '0'")
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        x, y = plot.evaluate(_PLOT_POINT, [u, v, data])
        page.mouse.move(x - 4, y - 4)
        page.mouse.move(x, y, steps=4)
        # Plotly clicks on the point it hovers: wait until the hover label is shown.
        expect(plot.locator(".hoverlayer .hovertext")).to_have_count(1)
        page.mouse.down()
        page.mouse.up()
        try:
            plot.page.wait_for_function("(p) => p.__sgClicks > 0", arg=plot.element_handle(), timeout=3000)
            return
        except PlaywrightError:
            continue
    raise AssertionError("plotly dropped three clicks on the plot (each redrawn under the pointer)")


def answer(exercise, value: str, feedback: str) -> None:
    """Type ``value`` into a lesson exercise's box, click its "check" button as a student
    does, and wait for feedback containing ``feedback``."""
    exercise.locator("input").fill(value)
    exercise.locator("button").click()
    expect(exercise.locator(".sg-feedback")).to_contain_text(feedback)
