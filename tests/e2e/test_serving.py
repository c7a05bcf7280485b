"""Serving a class with ``make serve``: the landing page, students on the network, what a
browser can and cannot reach, preheated kernels and old deep links, kernels that end
however their page went away, and idle kernels culled with a notice. (That no page requests anything from outside its own server
is checked on the page loads of tests/e2e/test_layout.py, and for the landing page here.)"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import websocket
from playwright.sync_api import expect

from sgexplore.serving import DASHBOARDS
from sgexplore.serving._network import lan_address

from .conftest import CHROMIUM, CHROMIUM_ARGS, SERVER_PIDS, _free_port, assert_clean_log, serving

pytestmark = pytest.mark.e2e

FIGURE_DRAWN = "document.querySelector('.js-plotly-plot .main-svg') !== null"
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
# Short times, so that the test can wait them out; the defaults are checked against the
# 2-minute promise in tests/test_serving_cli.py.
CULL_IDLE = 45
CULL_INTERVAL = 2
# Longer than a loaded machine takes between a page's HTML and its scripts connecting.
PAGE_GRACE = 25
PING = 2  # seconds between pings; a connection without a pong for 2 PING is closed


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _kernel_alive(base_url: str, kernel: str) -> bool:
    status, _ = _status(f"{base_url}/api/kernels/{kernel}")
    assert status in (200, 404), status
    return status == 200


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    """``make serve LAN=1`` as a teacher runs it for a class on the network, with a pool for
    the explorer only and short grace and cull times."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("make serve installs into the virtual environment pytest runs from; this is none")
    log_path = tmp_path_factory.mktemp("class-serve") / "serve.log"
    port = _free_port()
    command = ["make", "--no-print-directory", "serve", f"PORT={port}", f"VENV={sys.prefix}",
               "POOL=0,explorer=1", "LAN=1", f"CULL_IDLE={CULL_IDLE}",
               f"CULL_INTERVAL={CULL_INTERVAL}", f"PAGE_GRACE={PAGE_GRACE}",
               f"JAX_CACHE={log_path.parent / 'jax'}",
               f"SERVE_ARGS=--no-browser --ping-interval={PING} --VoilaConfiguration.show_tracebacks=True"]
    with serving(command, port, log_path, ready_timeout=600) as base_url:
        yield base_url, log_path


class FreezableProxy:
    """A TCP proxy from a free localhost port to ``target``; ``freeze()`` stops it passing
    bytes while every connection stays open, as when a laptop's Wi-Fi is lost."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while not self.frozen.is_set():
            try:
                data = source.recv(65536)
                if not data or self.frozen.is_set():
                    break
                sink.sendall(data)
            except OSError:
                return
        self.frozen.wait()  # frozen: hold both ends open, pass nothing

    def freeze(self) -> None:
        self.frozen.set()

    def close(self) -> None:
        self.listener.close()
        for s in self.sockets:
            s.close()


def test_landing_page_the_address_for_students_and_nothing_else_reachable(browser, class_server):
    base_url, log_path = class_server
    port = urlsplit(base_url).port
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(base_url + "/")
    cards = page.locator(".card")
    expect(cards).to_have_count(len(DASHBOARDS))
    for dashboard, card in zip(DASHBOARDS, cards.all()):
        expect(card.locator("h2")).to_have_text(dashboard.title)
        assert card.locator("h2 a").get_attribute("href") == "/" + dashboard.path
        hrefs = [a.get_attribute("href") for a in card.locator(".examples a").all()]
        assert hrefs == [f"/{dashboard.path}?{query}" for _, query in dashboard.examples]
        image = card.locator("img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert hosts == {f"127.0.0.1:{port}"}, hosts  # nothing from outside the server
    # The address students type, and its QR code; the server answers there.
    address = lan_address()
    assert address, "this machine has a network address (the test needs one)"
    student_url = f"http://{address}:{port}/"
    expect(page.locator("#sg-students .url")).to_have_text(student_url)
    expect(page.locator("#sg-students svg")).to_have_count(1)
    status, body = _status(student_url)
    assert status == 200 and b'class="card"' in body
    assert student_url in log_path.read_text()  # the terminal shows it too
    page.screenshot(path=str(log_path.parent / "landing-1280.png"), full_page=True)
    page.set_viewport_size({"width": 400, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.screenshot(path=str(log_path.parent / "landing-400.png"), full_page=True)
    context.close()

    # Nothing but the dashboards, their assets and a page's own kernel: no contents, no
    # tree, no terminals, no files outside the allow-list, no way out of a static folder.
    for path in ("/api/contents", "/api/contents/explorer.ipynb", "/voila/api/contents",
                 "/voila/api/contents/explorer.ipynb", "/tree", "/voila/tree", "/voila/tree/",
                 "/terminals", "/api/terminals", "/files/explorer.ipynb", "/api/kernels",
                 "/api/sessions", "/api/kernelspecs", "/lab", "/notebooks/explorer.ipynb",
                 "/voila/files/explorer.ipynb", "/voila/files/..%2Fpyproject.toml",
                 "/voila/static/..%2F..%2Fapp.py", "/sgexplore/static/..%2F_app.py",
                 "/voila/templates/lab/static/..%2F..%2F..%2Fconf.json",
                 "/voila/templates/..%2F..%2F..%2Fetc/static/passwd"):
        status, body = _status(base_url + path)
        assert status in (403, 404), (path, status)
        assert b"[build-system]" not in body and b"root:" not in body and b'"cells"' not in body
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for raw in ("/voila/static/../../../../../../etc/passwd",
                "/sgexplore/static/../../../../../../etc/passwd",
                "/voila/templates/lab/static/../../../../../../etc/passwd",
                "/voila/files/../../../../../../etc/passwd"):
        connection.request("GET", raw)
        reply = connection.getresponse()
        body = reply.read()
        assert reply.status in (400, 403, 404) and b"root:" not in body, (raw, reply.status)
    connection.close()
    assert_clean_log(log_path)


def test_preheated_kernels_serve_deep_links_of_the_single_dashboard_server(browser, class_server):
    base_url, log_path = class_server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(300_000)
    # A preheated kernel waits in the pool without output for longer than the grace of a
    # kernel without a page: taking it must not make it look abandoned (it once was culled
    # while its first page was rendered: "Kernel died").
    time.sleep(PAGE_GRACE + 2 * CULL_INTERVAL)
    for query, status in (("?group=p6m&tab=2&index=4", "phi_4"), ("?group=cmm&tab=3&seed=3", "seed 3")):
        # A link of the single-dashboard server (/?...) still opens the explorer it named; the
        # second page gets the pool's next kernel.
        page.goto(base_url + "/" + query)
        assert page.url.startswith(base_url + "/voila/render/explorer.ipynb?")
        expect(page.locator(".sg-preheated")).to_have_text("kernel preheated")
        explorer = ".sg-basis-explorer" if "tab=2" in query else ".sg-gp-explorer"
        expect(page.locator(f"{explorer} .sg-status")).to_contain_text(status)
        expect(page.locator(".sg-query")).to_contain_text(query.split("&")[0][1:])
        page.wait_for_function(f"document.querySelector('{explorer} .js-plotly-plot') !== null")
    context.close()
    assert_clean_log(log_path)


def _kernel_of(page) -> str:
    page.wait_for_function(FIGURE_DRAWN, timeout=300_000)
    return page.evaluate(KERNEL_ID)


def _no_code_runs(base_url: str, kernel: str, marker: Path) -> None:
    """A client on the page's kernel websocket asks it to run code: the server passes only
    widget and kernel-info messages, so nothing runs, while kernel info still answers."""
    ws = websocket.create_connection(
        f"ws://{urlsplit(base_url).netloc}/api/kernels/{kernel}/channels?session_id={uuid.uuid4()}",
        timeout=60)

    def message(msg_type: str, content: dict) -> str:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student",
                  "session": uuid.uuid4().hex, "date": "2026-01-01T00:00:00Z", "version": "5.3"}
        return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                           "content": content, "channel": "shell", "buffers": []})

    ws.send(message("execute_request", {"code": f"open({str(marker)!r}, 'w').write('ran')",
                                        "silent": False, "store_history": False,
                                        "user_expressions": {}, "allow_stdin": False}))
    ws.send(message("kernel_info_request", {}))
    seen = []
    while True:
        reply = json.loads(ws.recv())
        seen.append(reply["header"]["msg_type"])
        if reply["header"]["msg_type"] == "kernel_info_reply":
            break
    ws.close()
    assert "execute_reply" not in seen and "execute_input" not in seen, seen
    assert not marker.exists()


def _kill_browser(marker: str) -> None:
    """kill -9 every process of the Chromium started with ``marker`` on its command line."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    os.kill(int(entry.name), signal.SIGKILL)
            except OSError:
                continue


def test_kernels_end_however_their_pages_go_and_idle_open_ones_are_culled(browser, class_server, tmp_path):
    base_url, log_path = class_server
    port = urlsplit(base_url).port
    explorer = f"{base_url}/voila/render/explorer.ipynb"
    kernels: dict[str, str] = {}

    # Closed tab, in a browser that lives on: the page's goodbye (Voila's beacon) gets out.
    living = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = living.new_page()
    tab.goto(base_url + "/")
    tab.locator("#card-explorer h2 a").click()  # as a student opens it
    kernels["tab closed"] = _kernel_of(tab)
    # A browser context closed with its page: no goodbye (a student quitting the browser).
    quitting = browser.new_context()
    kernels["context closed"] = _kernel_of(_goto(quitting.new_page(), explorer))
    # A whole browser process killed with signal 9.
    marker = f"--sgexplore-test-{uuid.uuid4().hex}"
    doomed = browser.browser_type.launch(executable_path=CHROMIUM, headless=True,
                                         args=[*CHROMIUM_ARGS, marker])
    kernels["browser killed"] = _kernel_of(_goto(doomed.new_page(), explorer))
    # The network lost: the page reaches the server through a proxy that stops passing bytes.
    proxy = FreezableProxy(("127.0.0.1", port))
    offline = browser.new_context()
    kernels["network lost"] = _kernel_of(
        _goto(offline.new_page(), f"http://127.0.0.1:{proxy.port}/voila/render/explorer.ipynb"))
    # A request whose page never runs its scripts (curl, a link preview).
    status, html = _status(explorer + "?tab=0")
    assert status == 200
    kernels["never connected"] = re.search(rb'"kernelId": "([0-9a-f-]{36})"', html).group(1).decode()
    # Stays open and connected: keeps its kernel (opened last, so that it is not idle long
    # enough for the idle cull before the others are gone).
    open_page = living.new_page()
    open_page.goto(explorer)
    kernels["open"] = _kernel_of(open_page)
    assert len(set(kernels.values())) == len(kernels), kernels

    _no_code_runs(base_url, kernels["open"], tmp_path / "ran-code")

    ended = time.monotonic()
    tab.close(run_before_unload=True)
    quitting.close()
    _kill_browser(marker)
    proxy.freeze()
    gone = {way: kernel for way, kernel in kernels.items() if way != "open"}
    # Each is gone within the grace, the checks' interval and the ping timeout, with room
    # for a loaded machine; the open page keeps its kernel beyond all of these.
    deadline = ended + PAGE_GRACE + CULL_INTERVAL + 3 * PING + 60
    while any(_kernel_alive(base_url, k) for k in gone.values()) and time.monotonic() < deadline:
        time.sleep(1)
    assert {way for way, k in gone.items() if _kernel_alive(base_url, k)} == set()
    while time.monotonic() < ended + PAGE_GRACE + 3 * CULL_INTERVAL:
        time.sleep(1)
    assert _kernel_alive(base_url, kernels["open"])
    log = log_path.read_text()
    assert "_xsrf" not in log and " 403 POST" not in log, log[-3000:]
    # A connected page is never dropped for its pings (a too short ping timeout once dropped
    # every connection at every ping, and the pages reconnected each time).
    # Two connections: the page's, and the one that asked it to run code.
    assert log.count(f"Connecting to kernel {kernels['open']}.") == 2, log[-3000:]
    offline.close()
    proxy.close()
    assert not doomed.is_connected()  # its process is gone
    doomed.close()

    # Left alone past the idle time, the open page's kernel is culled too...
    idle_deadline = time.monotonic() + CULL_IDLE + 4 * CULL_INTERVAL + 60
    while _kernel_alive(base_url, kernels["open"]) and time.monotonic() < idle_deadline:
        time.sleep(1)
    assert not _kernel_alive(base_url, kernels["open"])
    notice = open_page.locator("#sgexplore-kernel-ended")
    expect(notice).to_have_count(0)
    # ... and the page says so as soon as it is used again.
    open_page.locator(".js-plotly-plot").first.click()
    expect(notice).to_contain_text("Reload the page")
    living.close()
    assert_clean_log(log_path)


def _goto(page, url: str):
    page.set_default_timeout(300_000)
    page.goto(url)
    return page


def test_the_url_cannot_override_theme_or_template(page, voila_server):
    base_url, _ = voila_server
    script = '"><script>window.__reflected = 1</script>'
    page.goto(f"{base_url}/voila/render/explorer.ipynb?theme=x{script}&template=classic")
    page.wait_for_function(FIGURE_DRAWN, timeout=180_000)
    assert page.evaluate("window.__reflected") is None
    assert page.evaluate("document.body.dataset.jpThemeName") == "JupyterLab Light"
    assert page.locator("#jupyter-config-data").count() == 1  # the lab-based sgexplore template
    assert "cdn.jsdelivr.net" not in page.content()
