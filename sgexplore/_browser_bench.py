"""Browser round trips: from a control change in a Voila page to the updated plot.

Started by ``python -m sgexplore.bench --browser``. A real Voila server runs the main
dashboard; headless Debian Chromium (Playwright) changes a control and waits until the
plotted data differ. The baseline measured in the same run is the kernel-side update
(model recomputation and figure serialisation, reported by the explorer in its status).
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("SGEXPLORE_CHROMIUM", "/usr/bin/chromium")
FINGERPRINT = """(selector) => {
  const plot = document.querySelector(selector + ' .js-plotly-plot');
  if (!plot || !plot.data || !plot.data[0].z) return null;
  let total = 0, i = 0;
  for (const row of plot.data[0].z) { let j = 0; for (const v of row) { total += v * ((31 * i + 17 * j) % 13); j++; } i++; }
  return total;
}"""
MESH_FINGERPRINT = """(selector) => {
  const plot = document.querySelector(selector + ' .js-plotly-plot');
  if (!plot || !plot.data || !plot.data[0].x) return null;
  let total = plot.data[0].x.length;
  for (let i = 0; i < plot.data[0].x.length; i += 7) total += plot.data[0].x[i] * (i % 11);
  return total;
}"""
EXPLORER = "explorer.ipynb?group=p4m&"
SPACE = "space_groups.ipynb?group=Fm-3m&"
CASES = (  # (name, page, explorer, control, values, fingerprint)
    ("BasisExplorer 256^2", EXPLORER + "tab=2&resolution=256", ".sg-basis-explorer",
     ".sg-index input", range(2, 17), FINGERPRINT),
    ("BasisExplorer 512^2", EXPLORER + "tab=2&resolution=512", ".sg-basis-explorer",
     ".sg-index input", range(2, 17), FINGERPRINT),
    ("GPExplorer 256^2", EXPLORER + "tab=3&resolution=256", ".sg-gp-explorer",
     ".sg-seed input", range(1, 16), FINGERPRINT),
    ("SpaceGroupExplorer 64^3", SPACE + "resolution=64", ".sg-space-group-explorer",
     ".sg-index input", range(2, 12), MESH_FINGERPRINT),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@contextlib.contextmanager
def _voila_and_chromium(notebooks: Path):
    """A Voila server on a free localhost port and headless Debian Chromium: yields (server
    process, base URL of rendered notebooks, browser); both are stopped afterwards."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    voila = Path(sys.executable).with_name("voila")
    server = subprocess.Popen([str(voila), str(notebooks), "--no-browser", f"--port={port}",
                               "--Voila.ip=127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/voila/render/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                yield server, base, browser
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def browser_round_trips(notebooks: Path) -> list[tuple[str, float, float, float]]:
    """(case, median ms, 90th percentile ms, median kernel-side ms) per case."""
    from playwright.sync_api import expect

    results = []
    with _voila_and_chromium(notebooks) as (server, base, browser):
        for name, query, explorer, control, values, fingerprint in CASES:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + query)
            status = page.locator(f"{explorer} .sg-status .sg-ready")
            expect(status).to_have_count(1, timeout=180_000)
            box = page.locator(f"{explorer} {control}")
            trips, kernel = [], []
            for value in values:
                before = page.evaluate(fingerprint, explorer)
                started = time.perf_counter()
                box.fill(str(value))
                box.press("Enter")
                page.wait_for_function(
                    f"(() => {{ const s = ({fingerprint})('{explorer}'); "
                    f"return s !== null && s !== {before!r}; }})()", timeout=120_000)
                trips.append(1000 * (time.perf_counter() - started))
                expect(status).to_have_count(1)
                kernel.append(float(status.get_attribute("data-ms") or "nan"))
            # The first change of a session compiles; report the steady state.
            trips, kernel = trips[1:], kernel[1:]
            results.append((name, statistics.median(trips), _percentile(trips, 0.9),
                            statistics.median(kernel)))
            page.close()
    return results


DASHBOARDS = ("explorer.ipynb?tab=2", "space_groups.ipynb", "crystal.ipynb",
              "gaussian_processes.ipynb", "lesson_wallpaper.ipynb")
FIRST_FIGURE = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .some(g => g._fullLayout && g.data && g.data.length > 0)"""


def _kernels(server_pid: int) -> dict[int, float]:
    """Resident memory (MiB) of each kernel process of the Voila server, by pid."""
    import psutil

    return {child.pid: child.memory_info().rss / 2**20
            for child in psutil.Process(server_pid).children(recursive=True)
            if "ipykernel" in " ".join(child.cmdline())}


def first_figures(notebooks: Path, rounds: int = 2) -> list[tuple[str, list[float], float]]:
    """(dashboard, [ms from page request to the first plotted figure, per round], kernel
    MiB): each round opens the page in a new tab (a new kernel); the first round after the
    server starts is the cold start (imports and JAX compilation in a fresh process)."""
    results = []
    with _voila_and_chromium(notebooks) as (server, base, browser):
        for name in DASHBOARDS:
            times, memory = [], float("nan")
            for _ in range(rounds):
                before = _kernels(server.pid)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(base + name, wait_until="commit")
                page.wait_for_function(FIRST_FIGURE, timeout=180_000)
                times.append(1000 * (time.perf_counter() - started))
                new = [mib for pid, mib in _kernels(server.pid).items() if pid not in before]
                memory = max(new) if new else memory
                page.close()
            results.append((name, times, memory))
    return results
