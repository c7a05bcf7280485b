"""Browser round trips: from a control change in a Voila page to the updated plot.

Started by ``python -m sgexplore.bench --browser``. A real Voila server runs the main
dashboard; headless Debian Chromium (Playwright) types a value in a control and presses
Enter; the page itself times from that key to the first animation frame whose plotted data
differ (the automation's own round trips are left out). The baseline measured in the same
run is the kernel-side update (model recomputation and figure serialisation, reported by
the explorer in its status).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
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
# The plotted values of the GP lab's invariant posterior mean (the trace named "invariant").
LAB_FINGERPRINT = """(selector) => {
  const plots = [...document.querySelectorAll(selector + ' .js-plotly-plot')];
  const trace = plots.flatMap(p => p.data || []).find(t => t.name === 'invariant');
  if (!trace || !trace.z) return null;
  let total = 0, i = 0;
  for (const row of trace.z) { let j = 0; for (const v of row) { total += (v || 0) * ((31 * i + 17 * j) % 13); j++; } i++; }
  return total;
}"""
# (name, page, explorer, fingerprint, clicks): a click at each (u, v), fractions of the width
# and height of the first subplot (the lab's hidden truth), observes a point there; the
# clicks are far apart (a click on an earlier observation's marker would observe nothing).
CLICK_CASES = (
    ("GPLab click p4m", "gaussian_processes.ipynb?group=p4m&seed=1", ".sg-gp-lab",
     LAB_FINGERPRINT, [(u, v) for v in (0.15, 0.5, 0.85) for u in (0.1, 0.3, 0.5, 0.7, 0.9)]),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@contextlib.contextmanager
def _voila_and_chromium(notebooks: Path, *options: str, env: dict[str, str] | None = None):
    """A Voila server (with ``options``, environment ``env`` added) on a free localhost port
    and headless Debian Chromium: yields (server process, base URL of rendered notebooks,
    browser); both are stopped afterwards."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    voila = Path(sys.executable).with_name("voila")
    server = subprocess.Popen([str(voila), str(notebooks), "--no-browser", f"--port={port}",
                               "--Voila.ip=127.0.0.1", *options], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}/voila/render/"
    try:
        for _ in range(300):
            try:  # a static path: asking for a page would take a preheated kernel
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/", timeout=2)
                break
            except urllib.error.HTTPError:
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


# Times, in the page, from an event (the Enter key in a control, or the mouse button going
# down, caught in the capture phase before plotly sees it) to the first animation frame whose
# plotted data differ (what the user sees), leaving out the automation's own round trips.
_TIME_FROM = """(target, event, accept, print, selector, before) => {
  window.__trip = null;
  target.addEventListener(event, (e) => {
    if (!accept(e)) return;
    const start = performance.now();
    const frame = () => {
      const now = print(selector);
      if (now !== null && now !== before) window.__trip = performance.now() - start;
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, {once: true, capture: true});
}"""
ARM_TRIP = """([selector, control, fingerprint, before]) => (%s)(
  document.querySelector(selector + ' ' + control), 'keydown', (e) => e.key === 'Enter',
  eval(fingerprint), selector, before)""" % _TIME_FROM
ARM_CLICK = """([selector, fingerprint, before]) => (%s)(
  document, 'mousedown', () => true, eval(fingerprint), selector, before)""" % _TIME_FROM


def browser_round_trips(notebooks: Path, only: str = "") -> list[tuple[str, float, float, float]]:
    """(case, median ms, 90th percentile ms, median kernel-side ms) per case whose name
    contains ``only``; times are measured in the page from the Enter key (or the mouse
    button of a click) to the frame showing the new data."""
    from playwright.sync_api import expect

    results = []
    with _voila_and_chromium(notebooks) as (server, base, browser):
        for name, query, explorer, control, values, fingerprint in CASES:
            if only not in name:
                continue
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + query)
            status = page.locator(f"{explorer} .sg-status .sg-ready")
            expect(status).to_have_count(1, timeout=180_000)
            box = page.locator(f"{explorer} {control}")
            page.wait_for_function(f"({fingerprint})('{explorer}') !== null", timeout=180_000)
            trips, kernel = [], []
            for value in values:
                before = page.evaluate(fingerprint, explorer)
                page.evaluate(ARM_TRIP, [explorer, control, fingerprint, before])
                box.fill(str(value))
                box.press("Enter")
                page.wait_for_function("window.__trip !== null", timeout=120_000)
                trips.append(page.evaluate("window.__trip"))
                expect(status).to_have_count(1)
                kernel.append(float(status.get_attribute("data-ms") or "nan"))
            # The first change of a session compiles; report the steady state.
            trips, kernel = trips[1:], kernel[1:]
            results.append((name, statistics.median(trips), _percentile(trips, 0.9),
                            statistics.median(kernel)))
            page.close()
        for name, query, explorer, fingerprint, clicks in CLICK_CASES:
            if only in name:
                median, p90, kernel, missed = _click_trips(browser, base + query, explorer,
                                                           fingerprint, clicks)
                results.append((name + (f" ({missed} missed)" if missed else ""), median, p90, kernel))
    return results


def _click_trips(browser, url: str, explorer: str, fingerprint: str,
                 clicks: list[tuple[float, float]]) -> tuple[float, float, float, int]:
    """Median and 90th percentile ms from mouse-down to the changed frame, the median
    kernel-side ms, for clicks at ``clicks`` in the first subplot (the first one left out:
    it compiles), and the number of clicks that changed nothing within 60 s (each made
    once the page showed the previous update as done)."""
    from playwright.sync_api import Error, expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, timeout=180_000)
    status = page.locator(f"{explorer} .sg-status .sg-ready")
    expect(status).to_have_count(1, timeout=180_000)
    page.wait_for_function(f"({fingerprint})('{explorer}') !== null", timeout=180_000)
    target = page.locator(f"{explorer} .js-plotly-plot .nsewdrag[data-subplot='xy']").first
    trips, kernel, missed = [], [], 0
    for u, v in clicks:
        box = target.bounding_box()
        before = page.evaluate(fingerprint, explorer)
        updates = status.get_attribute("data-updates")
        page.evaluate(ARM_CLICK, [explorer, fingerprint, before])
        page.mouse.click(box["x"] + u * box["width"], box["y"] + v * box["height"])
        try:
            page.wait_for_function("window.__trip !== null", timeout=60_000)
        except Error:
            missed += 1
            continue
        trips.append(page.evaluate("window.__trip"))
        expect(status).not_to_have_attribute("data-updates", updates or "", timeout=120_000)
        kernel.append(float(status.get_attribute("data-ms") or "nan"))
    page.close()
    trips, kernel = trips[1:], kernel[1:]
    return statistics.median(trips), _percentile(trips, 0.9), statistics.median(kernel), missed


DASHBOARDS = ("explorer.ipynb?tab=2", "space_groups.ipynb", "crystal.ipynb",
              "gaussian_processes.ipynb", "lesson_wallpaper.ipynb")
# The floor: a notebook showing one small plotly FigureWidget and nothing else, served with
# the dashboards by the same Voila (same template, same plotly.js): what Voila and plotly
# cost before sgexplore does anything.
FLOOR = "floor.ipynb"
_FLOOR_CELL = ("import plotly.graph_objects as go\n"
               "go.FigureWidget(go.Figure(go.Heatmap(z=[[0, 1], [1, 0]])))")
FIRST_FIGURE = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .some(g => g._fullLayout && g.data && g.data.length > 0)"""


def _kernels(server_pid: int) -> dict[int, float]:
    """Resident memory (MiB) of each live kernel process of the Voila server, by pid (a
    kernel that was just shut down may linger as a zombie until it is reaped: not counted)."""
    import psutil

    kernels = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                kernels[child.pid] = child.memory_info().rss / 2**20
    return kernels


def _wait_until_idle(server_pid: int, kernels: int, quiet: float = 3.0, timeout: float = 600) -> None:
    """Wait until the server has ``kernels`` kernels and its processes used under 30 % of a
    core for ``quiet`` seconds (preheated kernels have finished warming up: a warming kernel
    takes a whole core). With 10 %, the idle ticks of the kernels that pages left (18 after
    the first figures' three preheated rounds) kept a run waiting: it passed 25 minutes."""
    import psutil

    def cpu() -> float:
        total = 0.0
        for child in [psutil.Process(server_pid), *psutil.Process(server_pid).children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                total += times.user + times.system
        return total

    deadline, last, quiet_since = time.monotonic() + timeout, cpu(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu()
        if now - last > 0.15 or len(_kernels(server_pid)) < kernels:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return
        last = now
    raise TimeoutError("the preheated kernels did not settle")


def _with_floor(notebooks: Path, folder: Path) -> Path:
    """A copy of ``notebooks`` in ``folder`` with the floor notebook added."""
    copy = folder / "notebooks"
    shutil.copytree(notebooks, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    cell = {"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {},
            "outputs": [], "source": _FLOOR_CELL}
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    (copy / FLOOR).write_text(json.dumps({"cells": [cell], "metadata": {"kernelspec": kernel},
                                          "nbformat": 4, "nbformat_minor": 5}))
    return copy


def _open_each(server, base: str, browser, settle=None) -> list[tuple[str, float, float]]:
    """Open the floor and every dashboard once (each in a new kernel; ``settle()`` first,
    if given): (name, ms to first figure, MiB of the kernel that served it)."""
    results = []
    for name in (FLOOR, *DASHBOARDS):
        if settle is not None:
            settle()
        before = _kernels(server.pid)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(base + name, wait_until="commit")
        page.wait_for_function(FIRST_FIGURE, timeout=180_000)
        elapsed = 1000 * (time.perf_counter() - started)
        new = [mib for pid, mib in _kernels(server.pid).items() if pid not in before]
        results.append((name, elapsed, max(new) if new else float("nan")))
        page.close()
    return results


PREHEATED_ROUNDS = 3


def first_figures(notebooks: Path) -> list[tuple[str, dict[str, float], float]]:
    """(dashboard, {start: ms from page request to the first plotted figure}, kernel MiB)
    for three starts, each page in a new kernel, the floor (``FLOOR``) first:

    - ``cold``: a kernel started for the request, no JAX compilation cache;
    - ``jax cache``: the same with JAX's persistent compilation cache filled by an earlier
      round (what a cold kernel of ``make serve`` or Binder gets);
    - ``preheated``: Voila's preheated kernel (``--preheat_kernel``, as ``make serve``),
      which imported and compiled the default view before the request; the median of
      ``PREHEATED_ROUNDS`` rounds, each page opened once the pool is idle again (the kernel
      Voila starts to replace the last page's warms up on the same two cores: measured
      beside it, every page after the floor paid for the floor's replacement).
    """
    names = (FLOOR, *DASHBOARDS)
    times: dict[str, dict[str, float]] = {name: {} for name in names}
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as folder:
        notebooks = _with_floor(notebooks, Path(folder))
        env = {"JAX_COMPILATION_CACHE_DIR": cache, "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}
        with _voila_and_chromium(notebooks) as (server, base, browser):
            for name, ms, mib in _open_each(server, base, browser):
                times[name]["cold"], memory[name] = ms, mib
        with _voila_and_chromium(notebooks, env=env) as (server, base, browser):
            _open_each(server, base, browser)  # fills the cache
            for name, ms, _ in _open_each(server, base, browser):
                times[name]["jax cache"] = ms
        with _voila_and_chromium(notebooks, "--preheat_kernel=True", "--pool_size=1",
                                 env=env) as (server, base, browser):
            rounds = [_open_each(server, base, browser, lambda: _wait_until_idle(server.pid, len(names)))
                      for _ in range(PREHEATED_ROUNDS)]
            for opened in zip(*rounds):
                times[opened[0][0]]["preheated"] = statistics.median(ms for _, ms, _ in opened)
    return [(name, times[name], memory[name]) for name in names]


@contextlib.contextmanager
def serving_class(pool: str, log_path: Path):
    """``sgexplore serve --pool POOL`` (the server a teacher runs) on a free localhost port,
    logging to ``log_path``, with JAX's cache beside it: yields (server pid, base URL) once
    its preheated kernels have warmed up, and stops it with its kernels afterwards."""
    port = _free_port()
    command = [str(Path(sys.executable).with_name("sgexplore")), "serve", f"--port={port}",
               f"--pool={pool}", "--no-browser", f"--jax-cache={log_path.parent / 'jax'}"]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        for _ in range(3000):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("sgexplore serve did not start:\n" + log_path.read_text())
                time.sleep(0.2)
        _wait_until_idle(server.pid, pool_total(pool))
        yield server.pid, f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, 15)
        server.wait(timeout=60)


def pool_total(pool: str) -> int:
    """Preheated kernels of all dashboards for a ``--pool`` value.

    Examples:
        >>> pool_total("1,explorer=20")
        25
    """
    from .serving import DASHBOARDS
    from .serving._app import pool_sizes

    sizes = pool_sizes(pool)
    return sum(sizes.get(d.name, sizes["default"]) for d in DASHBOARDS)


def class_capacity(sizes=(5, 10, 20, 30), window_s: float = 60.0, stay_s: float = 30.0,
                   log_dir: Path | None = None, pools: tuple[str, ...] = ("default", "N")):
    """A class on ``sgexplore serve``: a lone student first (the baseline), then for each
    size N, N students, each a client of its own (``sgexplore._class_load``), open the main
    dashboard's basis tab spread over ``window_s`` seconds, stay ``stay_s`` seconds after
    their first figure and leave without a goodbye; kernels are counted 120 s later (the
    promise: a kernel whose page went ends within 2 minutes; the pool refills itself). With
    the default pool (one preheated kernel per dashboard; one server for every size, settled
    between them), then with a pool of N for the page they open (a server per size).

    Yields one record per run as it ends (a run can take minutes); a pool that does not warm
    up (its kernels time out or die) gives a record with ``error``."""
    from ._class_load import class_arrives

    def arrive(pid: int, base: str, students: int, pool: str, label: str) -> dict:
        report = class_arrives(base, "voila/render/explorer.ipynb?tab=2", students,
                               window_s=window_s if students > 1 else 0, stay_s=stay_s,
                               timeout_s=300, server_pid=pid, linger_s=120)
        report.pop("visits")
        _wait_until_idle(pid, pool_total(pool))
        return report | {"pool": label, "pool_kernels": pool_total(pool)}

    with tempfile.TemporaryDirectory() as folder:
        log_dir = Path(log_dir or folder)
        log_dir.mkdir(parents=True, exist_ok=True)
        if "default" in pools:
            with serving_class("1", log_dir / "serve-default.log") as (pid, base):
                for students in (1, *sizes):
                    yield arrive(pid, base, students, "1", "default pool")
        for students in sizes if "N" in pools else ():
            pool, label = f"1,explorer={students}", f"pool of {students}"
            try:
                with serving_class(pool, log_dir / f"serve-pool-{students}.log") as (pid, base):
                    yield arrive(pid, base, students, pool, label)
            except (TimeoutError, RuntimeError) as error:
                yield {"students": students, "pool": label, "error": f"{error}"}


# --- what a class waits for: every interaction the dashboards offer, beside a floor -------

# A digest of what the plots inside ``selector`` show, per visible plot with data: trace
# arrays (sampled), titles; null without such a plot. ``mode`` "all": the trip ends when every
# plot visible before differs (a group change redraws them all); "any": when one does;
# "text": the digest is the element's text (a results table, a summary); "shown": whether
# the element is in view (the Draw tab's canvas, which is no plot).
DIGEST = """(selector, mode) => {
  if (mode === 'text') { const e = document.querySelector(selector); return e ? [e.innerText] : null; }
  if (mode === 'shown') { const e = document.querySelector(selector); return e && e.offsetParent !== null ? ['shown'] : null; }
  const visible = [...document.querySelectorAll(selector + ' .js-plotly-plot')].filter(
    (p) => p.offsetWidth > 0 && p.offsetHeight > 0 && p.data && p.data.length > 0);
  if (!visible.length) return null;
  const sample = (a) => {
    if (a == null || typeof a !== 'object' || !('length' in a)) return String(a);
    let h = a.length;
    const step = Math.max(1, Math.floor(a.length / 64));
    for (let i = 0; i < a.length; i += step) { const v = a[i]; h = (h * 31 + (typeof v === 'object' ? sample(v).length * 7 + Number(sample(v).slice(0, 12).replace(/\\D/g, '') || 0) : Number(v) * 1000 || String(v).length)) % 1e12; }
    return String(h);
  };
  return visible.map((p) => p.data.map((t) => ['x', 'y', 'z', 'i', 'value', 'text', 'visible'].map((k) => sample(t[k])).join(','))
    .join(';') + '|' + JSON.stringify(p.layout && p.layout.title && p.layout.title.text));
}"""
# Times from an event (caught in the capture phase, before any widget sees it) to the first
# animation frame whose digest shows the change: ``target`` a selector or the document.
ARM_DIGEST = """([target, event, key, selector, mode, before]) => {
  const digest = %s;
  window.__trip = null;
  const changed = (now) => now !== null && (before === null ? true : (mode === 'all'
    ? now.length >= before.length && before.every((b, i) => now[i] !== b) : now.join() !== before.join()));
  (target ? document.querySelector(target) : document).addEventListener(event, (e) => {
    if (key && e.key !== key) return;
    const start = performance.now();
    const frame = () => {
      if (changed(digest(selector, mode))) window.__trip = performance.now() - start;
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, {once: true, capture: true});
}""" % DIGEST

# A second floor, for interactions: one text box changes a heatmap (256 x 256), another a 3D
# mesh of isosurface size, in the same Voila with the same template. The figures are
# sgexplore's FigureWidget (plotly's own widget with one shared plotly.js): two plain
# go.FigureWidgets each load plotly.js, and the second missed anywidget's 2 s start and then
# dropped every update (see widgets/_figure.py).
INTERACTION_FLOOR = "floor_interaction.ipynb"
_INTERACTION_FLOOR_CELL = """\
import ipywidgets as widgets, numpy as np, plotly.graph_objects as go
from skimage.measure import marching_cubes
from sgexplore.widgets import FigureWidget
r = np.linspace(0, 2 * np.pi, 256)
heat = FigureWidget(go.Heatmap(z=np.sin(r)[:, None] * np.cos(r)), layout={'width': 500})
g = np.linspace(0, 2 * np.pi, 48)
field = np.cos(g)[:, None, None] + np.cos(g)[None, :, None] + np.cos(g)[None, None, :]
def mesh(level):
    v, f, _, _ = marching_cubes(field, level)
    return dict(x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1], k=f[:, 2])
scene = FigureWidget(go.Mesh3d(**mesh(0.0)), layout={'width': 500})
box2d, box3d = widgets.IntText(0), widgets.IntText(0)
box2d.add_class('floor-2d'); box3d.add_class('floor-3d')
def on2d(c):
    heat.data[0].z = np.sin(r + c['new'])[:, None] * np.cos(r)
def on3d(c):
    with scene.batch_update():
        scene.data[0].update(mesh(((c['new'] % 10) - 4.5) / 4))
box2d.observe(on2d, 'value'); box3d.observe(on3d, 'value')
widgets.VBox([box2d, heat, box3d, scene], _dom_classes=['floor'])
"""


def _arm(page, target, event, key, selector, mode):
    before = page.evaluate(f"([s, m]) => ({DIGEST})(s, m)", [selector, mode])
    page.evaluate(ARM_DIGEST, [target, event, key, selector, mode, before])


def _await_trip(page, timeout_ms: int = 60_000) -> float | None:
    from playwright.sync_api import Error

    try:
        page.wait_for_function("window.__trip !== null", timeout=timeout_ms)
    except Error:
        return None
    return page.evaluate("window.__trip")


def _type(page, box: str, selector: str, mode: str, value) -> float | None:
    """Type ``value`` in the text box ``box`` and press Enter: ms to the changed frame."""
    _arm(page, box, "keydown", "Enter", selector, mode)
    page.locator(box).fill(str(value))
    page.locator(box).press("Enter")
    return _await_trip(page)


def _click(page, locator, selector: str, mode: str) -> float | None:
    _arm(page, None, "pointerdown", None, selector, mode)
    locator.click()
    return _await_trip(page)


def _select(page, box: str, label: str, selector: str, mode: str) -> float | None:
    _arm(page, box, "change", None, selector, mode)
    page.locator(box).select_option(label=label)
    return _await_trip(page)


def _key(page, locator, key: str, selector: str, mode: str) -> float | None:
    _arm(page, None, "keydown", key, selector, mode)
    locator.press(key)
    return _await_trip(page)


# Every status line in view says "ready" (the views in hidden tabs are not waited for).
SETTLED = """() => [...document.querySelectorAll('.sg-status')].filter((e) => e.offsetParent !== null)
  .every((e) => e.querySelector('.sg-ready'))"""


def _settled(page) -> None:
    page.wait_for_function(SETTLED, timeout=180_000)


def _ready(page, url: str, selector: str, settle=None) -> None:
    """Open ``url`` and wait for its first plot in ``selector``, then (``settle``) for the
    server to be idle: the pool's next preheated kernel has warmed up and nothing else runs."""
    page.goto(url, timeout=180_000)
    page.wait_for_function(f"([s, m]) => ({DIGEST})(s, m) !== null", arg=[selector, "any"],
                           timeout=180_000)
    _settled(page)
    if settle:
        settle()


SPACE_GROUPS = ("P6_3/mmc", "P2_12_12_1", "Ia-3d", "P-1", "Pm-3m", "P4_2/mnm", "R-3c", "Fd-3m",
                "C2/c", "I4_1/amd", "P6_3mc", "Fm-3m")
SPACE_PAGE = ".sg-space-group-explorer"
TAB = ".lm-TabBar-tab"


def _floor_cases(page, base, settle):
    _ready(page, base + INTERACTION_FLOOR, ".floor", settle)
    yield "floor: 2D heatmap update", [_type(page, ".floor-2d input", ".floor", "any", v)
                                       for v in range(1, 12)]
    yield "floor: 3D mesh update", [_type(page, ".floor-3d input", ".floor", "any", v)
                                    for v in range(1, 12)]


def _space_cases(page, base, settle):
    box = f"{SPACE_PAGE} .sg-space-group-input input"
    _ready(page, base + "space_groups.ipynb?group=Fm-3m", SPACE_PAGE, settle)
    yield "space groups: change group", [_type(page, box, SPACE_PAGE, "all", g) for g in SPACE_GROUPS]
    handle = page.locator(f"{SPACE_PAGE} .widget-slider .noUi-handle, "
                          f"{SPACE_PAGE} .widget-slider .ui-slider-handle").first
    handle.focus()
    yield "space groups: level slider step", [_key(page, handle, k, SPACE_PAGE, "any")
                                              for k in ["ArrowRight"] * 4 + ["ArrowLeft"] * 4]
    orbifold = page.locator(f"{SPACE_PAGE} .sg-space-tabs {TAB}", has_text="Orbifold")
    yield "space groups: first Orbifold view", [_click(page, orbifold, f"{SPACE_PAGE} .sg-space-tabs", "any")]
    yield "space groups: change group on Orbifold view", [
        _type(page, box, SPACE_PAGE, "all", g) for g in SPACE_GROUPS[:8]]


EXPLORER_TABS = ("Orbifold", "Basis", "Gaussian process", "Draw")


def _explorer_cases(page, base, settle, visits: int = 3):
    times: dict[str, list] = {t: [] for t in EXPLORER_TABS}
    for _ in range(visits):  # a first show happens once per page: the tabs in turn, by click
        _ready(page, base + "explorer.ipynb?group=p4m", ".sg-dashboard", settle)
        for tab in EXPLORER_TABS:
            shown = (".sg-symmetry-canvas", "shown") if tab == "Draw" else (".sg-tabs", "any")
            times[tab].append(_click(page, page.locator(f".sg-tabs {TAB}", has_text=tab), *shown))
            _settled(page)
    for tab in EXPLORER_TABS:
        yield f"explorer: first {tab} tab", times[tab]
    page.locator(f".sg-tabs {TAB}", has_text="Group").click()
    box = ".sg-dashboard .sg-group-input input"
    yield "explorer: Group tab, change group", [
        _type(page, box, ".sg-tabs", "all", g) for g in ("Fm-3m", "p6m", "P2_1/c", "p4g", "Ia-3d", "cm")]


def _lab_cases(page, base, settle):
    lab = ".sg-gp-lab"
    _ready(page, base + "gaussian_processes.ipynb?group=p4m", lab, settle)
    select = f"{lab} select"
    groups = ("p6m", "p3", "cmm", "p4g", "p2", "p31m", "p4m")
    yield "GP lab: change group", [_select(page, select, g, lab, "all") for g in groups]
    fits = []
    for _ in range(4):
        page.locator(f"{lab} .sg-random").click()
        _settled(page)
        fits.append(_click(page, page.locator(f"{lab} .sg-fit"), f"{lab} .sg-lab-results", "text"))
        _settled(page)
    yield "GP lab: fit hyperparameters", fits
    curves = []
    for g in ("p6m", "p2"):
        page.locator(select).select_option(label=g)
        _settled(page)
        curves.append(_click(page, page.locator(f"{lab} .sg-curves-live"), f"{lab} .sg-curve-table, {lab}", "any"))
    yield "GP lab: compute curves", curves


def _crystal_cases(page, base, settle):
    page_sel = ".sg-crystal-explorer"
    _ready(page, base + "crystal.ipynb", page_sel, settle)
    labels = page.locator(f"{page_sel} .sg-example select option").all_inner_texts()
    order = [*labels[1:], labels[0]] * 2
    yield "crystal: change example", [_select(page, f"{page_sel} .sg-example select", label,
                                              page_sel, "all") for label in order]


INTERACTIONS = (_floor_cases, _space_cases, _explorer_cases, _lab_cases, _crystal_cases)


def interaction_latencies(notebooks: Path, only: str = ""):
    """For every interaction a visitor makes (group changes, sliders, first tab shows, the
    GP lab's fit and curves, crystal examples; ``only``: cases whose name contains it, the
    floors always), the ms from the key, click or selection to the first frame showing its
    result, on a ``sgexplore serve``-like Voila with preheated kernels: yields (case, list of
    ms; None for an interaction that showed nothing within 60 s). ``only`` may name several
    pages, comma-separated ("space,crystal"). The floors (one plotly
    heatmap, one 3D mesh, a text box each) run first, in the same server."""
    with tempfile.TemporaryDirectory() as folder:
        copy = _with_floor(notebooks, Path(folder))
        cell = {"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {},
                "outputs": [], "source": _INTERACTION_FLOOR_CELL}
        kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
        (copy / INTERACTION_FLOOR).write_text(json.dumps({
            "cells": [cell], "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}))
        with _voila_and_chromium(copy, "--preheat_kernel=True", "--pool_size=1") as (server, base, browser):
            pooled = len(list(copy.glob("*.ipynb")))
            def settle():
                _wait_until_idle(server.pid, pooled)
            settle()
            for cases in INTERACTIONS:
                names = {"_floor_cases": "floor", "_space_cases": "space groups",
                         "_explorer_cases": "explorer", "_lab_cases": "GP lab",
                         "_crystal_cases": "crystal"}
                wanted = [o.strip().lower() for o in only.split(",")]
                if cases is not _floor_cases and not any(o in names[cases.__name__].lower()
                                                         for o in wanted):
                    continue
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                try:
                    yield from cases(page, base, settle)
                finally:
                    context.close()
