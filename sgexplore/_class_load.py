"""A class arriving at a Voila server: each student a client of its own, no browser.

A headless browser that opens many pages shares one process's connection limits and CPU
between them, so it measures itself as much as the server. Here each student is one
coroutine with its own HTTP client and its own kernel websocket, speaking the protocol the
Voila page (0.5, lab template, ipywidgets 8 manager) speaks, as recorded from a real page
load in Chromium:

1. ``GET`` the dashboard page; Voila runs the notebook while it streams the HTML, which
   holds ``<script id="jupyter-config-data">`` (with ``kernelId``) and each cell output as
   ``<script type="application/vnd.voila.cell-output+json">`` (a widget output names its
   root model under ``application/vnd.jupyter.widget-view+json``).
2. When the HTML is complete: ``GET /api/kernels/{kernelId}?{ms}`` (the page's kernel
   model request), then the websocket ``/api/kernels/{kernelId}/channels?session_id=...``
   offering the subprotocol ``v1.kernel.websocket.jupyter.org`` (binary frames: offsets,
   channel, header, parent header, metadata, content, buffers), which jupyter_server picks.
3. On the shell channel: ``kernel_info_request``; after its reply, ``comm_open`` on the
   target ``jupyter.widget.control`` (metadata ``{"version": "1.0.0"}``) and at once a
   ``comm_msg`` ``{"method": "request_states"}`` on it.
4. The kernel answers on iopub with one ``comm_msg`` ``{"method": "update_states"}``
   holding every widget model's state, arrays as binary buffers at ``buffer_paths`` (the
   main dashboard: about 5.9 MB, most of it the shared plotly.js bundle). The page then
   closes the control comm (``comm_close``) and tells each rendered model that has a
   ``_view_count`` that it has one view (``comm_msg`` ``update``); so does this client.
   Afterwards the page's plotly.js sends each figure's computed defaults
   (``_js2py_traceDeltas``, ``_js2py_widget_layoutDelta``), which needs plotly.js and is
   left out here.

A student's *first figure* is the moment when everything a browser needs to draw a figure
has arrived at it: the state of a plotly figure model shown on the page (reached from the
page's widget outputs through ``children``), with at least one trace, and the state of every
model it refers to (the shared plotly.js bundle). It is the server's share of the time to the
first drawn figure; the browser's own work (parsing, plotly.js, drawing) comes on top.

A student then stays (reads messages, as an open page does) and leaves by closing the
websocket without asking for the kernel to be shut down, as a killed browser or a lost
network does: the server has to end the kernel itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import statistics
import struct
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from tornado.httpclient import HTTPRequest
from tornado.simple_httpclient import SimpleAsyncHTTPClient
from tornado.websocket import WebSocketClientConnection, websocket_connect

WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_TARGET = "jupyter.widget.control"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)
_OUTPUT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">(.*?)</script>', re.S)
_MODEL_REF = "IPY_MODEL_"
# Bytes per number of the typed arrays plotly sends as binary buffers.
_ITEMSIZE = {"int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4,
             "float32": 4, "float64": 8}
# The kernel's full widget state is one message of several MB (tornado's default cap: 10 MiB).
_MAX_MESSAGE = 1 << 30


@dataclass(frozen=True)
class FigureSummary:
    """What a student received of the figure it counts as its first.

    Attributes:
        model_id: the figure's widget model id.
        trace_types: the plotly type of each trace (``"heatmap"``, ``"scatter"``...).
        values: numbers in the traces, as JSON or in binary buffers (a 256 x 256 heatmap
            has at least 65536).
        binary_bytes: bytes of the traces that arrived as binary buffers.
    """

    model_id: str
    trace_types: tuple[str, ...]
    values: int
    binary_bytes: int


@dataclass(frozen=True)
class Visit:
    """One student's page view. Times are seconds (float) from the student's request,
    ``None`` for a step not reached.

    Attributes:
        start_s: when the student requested the page, seconds from the start of the class.
        first_byte_s: the first byte of the HTML.
        html_s: the HTML complete (the notebook has run).
        websocket_s: the kernel websocket open.
        first_figure_s: the first figure's state complete (see the module docstring).
        left_s: the student closed the websocket (after its stay, or on giving up).
        error: why there is no first figure (``None`` if there is one): ``"HTTP 500"``,
            ``"no widget output in the page"``, ``"websocket closed (code 1006)"``,
            ``"timeout waiting for the HTML"``...
        kernel_id: the kernel the page was served with.
        figure: the first figure received.
    """

    start_s: float
    first_byte_s: float | None = None
    html_s: float | None = None
    websocket_s: float | None = None
    first_figure_s: float | None = None
    left_s: float | None = None
    error: str | None = None
    kernel_id: str | None = None
    figure: FigureSummary | None = None


def encode_frame(channel: str, parts: list[bytes]) -> bytes:
    """A websocket frame of the ``v1.kernel.websocket.jupyter.org`` protocol: the number
    of offsets, the offsets (8 bytes, little-endian, from the frame's start) of the channel
    name, of each part and of the end, then the channel name and the parts (header, parent
    header, metadata, content, buffers).

    Examples:
        >>> frame = encode_frame("shell", [b"{}", b"{}", b"{}", b'{"a": 1}'])
        >>> decode_frame(frame)
        ('shell', [b'{}', b'{}', b'{}', b'{"a": 1}'])
    """
    name = channel.encode()
    offsets = [8 * (len(parts) + 3)]
    for piece in (name, *parts):
        offsets.append(offsets[-1] + len(piece))
    head = struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets)
    return b"".join([head, name, *parts])


def decode_frame(frame: bytes) -> tuple[str, list[bytes]]:
    """The channel and the parts of a ``v1.kernel.websocket.jupyter.org`` frame (see
    ``encode_frame``)."""
    (count,) = struct.unpack_from("<Q", frame)
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    pieces = [bytes(frame[a:b]) for a, b in zip(offsets[:-1], offsets[1:])]
    return pieces[0].decode(), pieces[1:]


def _encode(message: dict[str, Any], protocol: str | None) -> bytes | str:
    """``message`` (with ``channel`` and ``buffers``) as a frame of ``protocol``; ``None``
    is jupyter_server's legacy protocol: JSON text, or a binary frame with big-endian
    offsets when there are buffers.

    Examples:
        >>> message = _message("comm_msg", "session", {"comm_id": "c", "data": {}})
        >>> with_buffer = message | {"buffers": [b"\\x00\\x01"]}
        >>> all(_decode(_encode(m, p), p) == m for m in (message, with_buffer)
        ...     for p in (WS_PROTOCOL, None))
        True
    """
    keys = ("header", "parent_header", "metadata", "content")
    buffers = message.get("buffers", [])
    if protocol == WS_PROTOCOL:
        parts = [json.dumps(message[k]).encode() for k in keys]
        return encode_frame(message["channel"], parts + buffers)
    body = {k: message[k] for k in (*keys, "channel")}
    if not buffers:
        return json.dumps(body)
    parts = [json.dumps(body).encode(), *buffers]
    offsets = [4 * (len(parts) + 1)]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"!{len(parts) + 1}I", len(parts), *offsets) + b"".join(parts)


def _decode(frame: bytes | str, protocol: str | None) -> dict[str, Any]:
    """A message dict (``channel``, ``header``, ``parent_header``, ``metadata``,
    ``content``, ``buffers``) from a frame of ``protocol`` (see ``_encode``)."""
    if isinstance(frame, str):
        return {**json.loads(frame), "buffers": []}
    if protocol == WS_PROTOCOL:
        channel, parts = decode_frame(frame)
        header, parent, metadata, content = (json.loads(p) for p in parts[:4])
        return {"channel": channel, "header": header, "parent_header": parent,
                "metadata": metadata, "content": content, "buffers": parts[4:]}
    (count,) = struct.unpack_from("!I", frame)
    offsets = [*struct.unpack_from(f"!{count}I", frame, 4), len(frame)]
    parts = [bytes(frame[a:b]) for a, b in zip(offsets[:-1], offsets[1:])]
    return {**json.loads(parts[0]), "buffers": parts[1:]}


def _message(msg_type: str, session: str, content: dict[str, Any], channel: str = "shell",
             metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message as JupyterLab's kernel connection builds it."""
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    header = {"date": now, "msg_id": str(uuid.uuid4()), "msg_type": msg_type,
              "session": session, "username": "", "version": "5.2"}
    return {"channel": channel, "header": header, "parent_header": {},
            "metadata": metadata or {}, "content": content, "buffers": []}


def page_widgets(html: str) -> tuple[dict[str, Any], list[str]]:
    """The page configuration (``jupyter-config-data``) and the model ids of the widget
    outputs, in page order, of a Voila page's HTML.

    Examples:
        >>> html = ('<script id="jupyter-config-data" type="application/json">'
        ...         '{"kernelId": "k1", "baseUrl": "/"}</script>'
        ...         '<script type="application/vnd.voila.cell-output+json">'
        ...         '{"output_type": "display_data", "data": {'
        ...         '"application/vnd.jupyter.widget-view+json": {"model_id": "m1"}}}</script>')
        >>> page_widgets(html)
        ({'kernelId': 'k1', 'baseUrl': '/'}, ['m1'])
    """
    found = _CONFIG.search(html)
    config = json.loads(found.group(1)) if found else {}
    roots = []
    for output in _OUTPUT.findall(html):
        view = json.loads(output).get("data", {}).get(WIDGET_VIEW)
        if view and "model_id" in view:
            roots.append(view["model_id"])
    return config, roots


def _put_buffers(tree: Any, paths: list[list[Any]], buffers: list[bytes]) -> None:
    """Put each buffer back where ipywidgets took it from (``_remove_buffers``)."""
    for path, buffer in zip(paths, buffers):
        node = tree
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = buffer


def _references(value: Any) -> list[str]:
    """Model ids that ``value`` (a model's state or part of it) refers to."""
    if isinstance(value, str):
        return [value[len(_MODEL_REF):]] if value.startswith(_MODEL_REF) else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _references(item)]
    return []


def _count_values(value: Any) -> tuple[int, int]:
    """Numbers in ``value`` (plotly trace data) and bytes of those in binary buffers
    (plotly sends a numeric array as ``{"dtype": "float32", "shape": [n], "buffer": ...}``).

    Examples:
        >>> z = {"dtype": "float32", "shape": [2], "buffer": bytes(8)}
        >>> _count_values([{"x": [0.5, 1], "z": z}])
        (4, 8)
    """
    if isinstance(value, dict):
        if isinstance(value.get("buffer"), bytes) and "dtype" in value:
            size = len(value["buffer"])
            return size // _ITEMSIZE.get(value["dtype"], 1), size
        counts = [_count_values(item) for item in value.values()]
    elif isinstance(value, list):
        counts = [_count_values(item) for item in value]
    else:
        return int(isinstance(value, (int, float)) and not isinstance(value, bool)), 0
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


class WidgetStates:
    """The widget models a page knows, as the widget manager of the page holds them.

    Examples:
        >>> states = WidgetStates()
        >>> states.update_states({"f": {"state": {"_widget_data": [{"type": "bar", "y": [1, 2]}]}},
        ...                       "box": {"state": {"children": ["IPY_MODEL_f"]}}}, [], [])
        >>> states.first_figure(["box"])
        FigureSummary(model_id='f', trace_types=('bar',), values=2, binary_bytes=0)
    """

    def __init__(self) -> None:
        self.models: dict[str, dict[str, Any]] = {}

    def update_states(self, states: dict[str, Any], buffer_paths: list[list[Any]],
                      buffers: list[bytes]) -> None:
        """Take the reply to ``request_states`` (``states``: model id -> ``{"state": ...}``)."""
        _put_buffers(states, buffer_paths, buffers)
        for model_id, entry in states.items():
            self.models.setdefault(model_id, {}).update(entry["state"])

    def update(self, model_id: str, data: dict[str, Any], buffers: list[bytes]) -> None:
        """Take a model's ``comm_open`` or ``update`` data (``state``, ``buffer_paths``)."""
        state = data.get("state", {})
        _put_buffers(state, data.get("buffer_paths", []), buffers)
        self.models.setdefault(model_id, {}).update(state)

    def shown(self, roots: list[str], visible: bool = False) -> list[str]:
        """Model ids rendered on the page from the outputs ``roots``, depth first, in page
        order (containers' ``children``, output widgets' ``outputs``); with ``visible``,
        only the selected child of a tab, accordion or stack."""
        seen: list[str] = []
        stack = list(reversed(roots))
        while stack:
            model_id = stack.pop()
            if model_id in seen or model_id not in self.models:
                continue
            seen.append(model_id)
            state = self.models[model_id]
            inner = _references(state.get("children", []))
            if visible and "selected_index" in state:
                selected = state["selected_index"]
                inner = inner[selected:selected + 1] if isinstance(selected, int) else []
            outputs = state.get("outputs")
            for output in outputs if isinstance(outputs, list) else []:
                view = output.get("data", {}).get(WIDGET_VIEW) if isinstance(output, dict) else None
                if view:
                    inner.append(view["model_id"])
            stack.extend(reversed(inner))
        return seen

    def first_figure(self, roots: list[str]) -> FigureSummary | None:
        """The first plotly figure visible from ``roots`` (in a tab, the selected one) that
        a browser could draw: it has a trace, and every model it refers to (plotly.js, its
        layout) has arrived."""
        for model_id in self.shown(roots, visible=True):
            state = self.models[model_id]
            traces = state.get("_widget_data")
            if not isinstance(traces, list) or not traces:
                continue
            if any(ref not in self.models for ref in _references(state)):
                continue
            values, binary = _count_values(traces)
            types = tuple(str(t.get("type", "scatter")) for t in traces)
            return FigureSummary(model_id, types, values, binary)
        return None


class _Failure(Exception):
    """A page that cannot show a figure, and why (``Visit.error``)."""


class _Student:
    """One student's page view (see ``visit``); the steps reached so far, and why not more."""

    def __init__(self, url: str, origin: float) -> None:
        self.url = url
        self.start = time.perf_counter()
        self.times: dict[str, float] = {"start_s": self.start - origin}
        self.step = "the HTML"
        self.kernel_id: str | None = None
        self.figure: FigureSummary | None = None
        self.http = SimpleAsyncHTTPClient(force_instance=True, max_clients=2)
        self.ws: WebSocketClientConnection | None = None
        self.protocol: str | None = None
        self.session = str(uuid.uuid4())
        self.xsrf = secrets.token_hex(16)

    def mark(self, name: str) -> None:
        self.times[name] = time.perf_counter() - self.start

    async def send(self, message: dict[str, Any]) -> None:
        assert self.ws is not None
        frame = _encode(message, self.protocol)
        await self.ws.write_message(frame, binary=isinstance(frame, bytes))

    async def receive(self) -> dict[str, Any]:
        assert self.ws is not None
        frame = await self.ws.read_message()
        if frame is None:
            raise _Failure(f"websocket closed (code {self.ws.close_code})")
        return _decode(frame, self.protocol)

    async def first_figure(self, timeout_s: float) -> None:
        """Run the page's steps up to its first figure (see the module docstring)."""
        config, roots = await self._load_page(timeout_s)
        await self._connect(config, timeout_s)
        self.step = "the widget state"
        await self._receive_figure(roots)
        self.mark("first_figure_s")

    async def _load_page(self, timeout_s: float) -> tuple[dict[str, Any], list[str]]:
        """The page's HTML, then its kernel's model: the page's configuration and widget
        outputs (see ``page_widgets``)."""
        chunks: list[bytes] = []

        def receive_html(chunk: bytes) -> None:
            if not chunks:
                self.mark("first_byte_s")
            chunks.append(chunk)

        page = await self.http.fetch(HTTPRequest(
            self.url, streaming_callback=receive_html, connect_timeout=timeout_s,
            request_timeout=timeout_s), raise_error=False)
        if page.code != 200:
            reason = f" ({page.error})" if page.code == 599 else ""  # 599: no HTTP answer
            raise _Failure(f"HTTP {page.code}{reason}")
        self.mark("html_s")
        config, roots = page_widgets(b"".join(chunks).decode("utf-8", "replace"))
        self.kernel_id = config.get("kernelId")
        if not self.kernel_id:
            raise _Failure("no kernel id in the page")

        self.step = "the kernel model"
        kernel = await self.http.fetch(HTTPRequest(
            f"{self._base(config)}api/kernels/{self.kernel_id}?{int(time.time() * 1000)}",
            headers={"Cookie": f"_xsrf={self.xsrf}", "Content-Type": "application/json",
                     "X-XSRFToken": self.xsrf},
            connect_timeout=timeout_s, request_timeout=timeout_s), raise_error=False)
        if kernel.code != 200:
            raise _Failure(f"kernel model: HTTP {kernel.code}")
        return config, roots

    def _base(self, config: dict[str, Any]) -> str:
        parts = urlsplit(self.url)
        return urljoin(f"{parts.scheme}://{parts.netloc}", config.get("baseUrl", "/"))

    async def _connect(self, config: dict[str, Any], timeout_s: float) -> None:
        """Open the kernel websocket and wait for the kernel's info, as JupyterLab's kernel
        connection does before it sends anything else."""
        self.step = "the websocket"
        parts = urlsplit(self.url)
        ws_url = "ws" + self._base(config)[len("http"):]
        self.ws = await websocket_connect(
            HTTPRequest(f"{ws_url}api/kernels/{self.kernel_id}/channels?session_id={self.session}",
                        headers={"Cookie": f"_xsrf={self.xsrf}",
                                 "Origin": f"{parts.scheme}://{parts.netloc}"},
                        connect_timeout=timeout_s, request_timeout=timeout_s),
            subprotocols=[WS_PROTOCOL], max_message_size=_MAX_MESSAGE)
        self.protocol = self.ws.selected_subprotocol
        self.mark("websocket_s")

        self.step = "the kernel info"
        info = _message("kernel_info_request", self.session, {})
        await self.send(info)
        while True:
            reply = await self.receive()
            if (reply["channel"] == "shell"
                    and reply["parent_header"].get("msg_id") == info["header"]["msg_id"]):
                return

    async def _receive_figure(self, roots: list[str]) -> None:
        """Ask for the widget state as the ipywidgets 8 manager does, and take models
        until a figure shown from ``roots`` is complete (``WidgetStates.first_figure``)."""
        control = str(uuid.uuid4())
        await self.send(_message("comm_open", self.session, {
            "comm_id": control, "target_name": CONTROL_TARGET, "data": {}},
            metadata={"version": "1.0.0"}))
        await self.send(_message("comm_msg", self.session, {
            "comm_id": control, "data": {"method": "request_states"}}))
        states = WidgetStates()
        while self.figure is None:
            message = await self.receive()
            kind, content = message["header"]["msg_type"], message["content"]
            if message["channel"] != "iopub" or kind not in ("comm_open", "comm_msg", "comm_close"):
                continue
            data = content.get("data", {})
            if content.get("comm_id") == control:
                if kind == "comm_close":
                    raise _Failure("the kernel closed the widget control comm")
                if data.get("method") == "update_states":
                    states.update_states(data["states"], data.get("buffer_paths", []),
                                         message["buffers"])
                    if not roots:
                        raise _Failure("no widget output in the page")
                    await self._after_states(control, states.shown(roots), states)
            elif kind == "comm_open" or data.get("method") == "update":
                states.update(content["comm_id"], data, message["buffers"])
            self.figure = states.first_figure(roots)

    async def _after_states(self, control: str, shown: list[str], states: WidgetStates) -> None:
        """What the page sends once it has the state: it closes the control comm and each
        model it renders that counts its views hears of its one view."""
        await self.send(_message("comm_close", self.session, {"comm_id": control, "data": {}}))
        for model_id in shown:
            if isinstance(states.models[model_id].get("_view_count"), int):
                await self.send(_message("comm_msg", self.session, {"comm_id": model_id, "data": {
                    "method": "update", "state": {"_view_count": 1}, "buffer_paths": []}}))

    async def stay(self, seconds: float) -> None:
        """Keep the page open for ``seconds``, reading what the kernel sends."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            try:
                await asyncio.wait_for(self.receive(), left)
            except (TimeoutError, _Failure):
                return

    def leave(self) -> None:
        """Close the websocket and the HTTP client, with no kernel shutdown request."""
        if self.ws is not None:
            self.ws.close()
        self.http.close()
        self.mark("left_s")


async def visit(url: str, stay_s: float = 30.0, timeout_s: float = 300.0,
                origin: float | None = None) -> Visit:
    """One student: open the Voila page at ``url`` as its page does, up to the first figure
    (see the module docstring), stay ``stay_s`` seconds and leave without shutting the
    kernel down. A student gives up ``timeout_s`` seconds after the request; no exception
    escapes (the reason is ``Visit.error``).

    Args:
        url: the page, e.g. ``http://127.0.0.1:8866/voila/render/explorer.ipynb?tab=2``.
        stay_s: seconds the page stays open after its first figure.
        timeout_s: seconds from the request after which a student without a figure leaves.
        origin: ``time.perf_counter()`` at the start of the class (default: now).
    """
    student = _Student(url, time.perf_counter() if origin is None else origin)
    error = None
    try:
        await asyncio.wait_for(student.first_figure(timeout_s), timeout_s)
    except TimeoutError:
        error = f"timeout waiting for {student.step}"
    except _Failure as failure:
        error = str(failure)
    except Exception as failure:  # a failed visit is a result, not a crash of the class
        error = f"{type(failure).__name__} waiting for {student.step}: {failure}"
    else:
        await student.stay(stay_s)
    student.leave()
    return Visit(**student.times, error=error, kernel_id=student.kernel_id, figure=student.figure)


class _Process(NamedTuple):
    parent: int
    state: str  # "Z": ended, not yet reaped by its parent
    cpu_s: float  # user and system
    rss: int  # bytes
    command: bytes


def _process_table() -> dict[int, _Process]:
    """Every process, by pid, from /proc."""
    ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # ended while we looked
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        table[int(entry.name)] = _Process(int(fields[1]), fields[0],
                                          (int(fields[11]) + int(fields[12])) / ticks,
                                          int(fields[21]) * page, command)
    return table


def _descendants(table: dict[int, _Process], root: int) -> list[int]:
    """``root`` and the processes descending from it."""
    children: dict[int, list[int]] = {}
    for pid, process in table.items():
        children.setdefault(process.parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            found.append(pid)
            stack.extend(children.get(pid, []))
    return found


def _kernels(table: dict[int, _Process], server_pid: int) -> list[int]:
    return [pid for pid in _descendants(table, server_pid)
            if b"ipykernel_launcher" in table[pid].command and table[pid].state != "Z"]


def server_kernels(server_pid: int) -> list[int]:
    """Process ids of the live ipykernel processes descending from ``server_pid``."""
    return _kernels(_process_table(), server_pid)


class _ServerSampler:
    """The server's processes (the server and its descendants), sampled from /proc: peak
    resident memory (summed), CPU seconds and kernel count. A process that ends between
    two samples loses the CPU time of its last interval."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.peak_rss = 0
        self.peak_kernels = 0
        self.sample()
        self.first = dict(self.last)  # processes born later start from zero

    def sample(self) -> None:
        table = _process_table()
        tree = _descendants(table, self.server_pid)
        for pid in tree:
            self.last[pid] = table[pid].cpu_s
        self.peak_rss = max(self.peak_rss, sum(table[pid].rss for pid in tree))
        self.peak_kernels = max(self.peak_kernels, len(_kernels(table, self.server_pid)))

    @property
    def cpu_s(self) -> float:
        return sum(seconds - self.first.get(pid, 0.0) for pid, seconds in self.last.items())

    async def run(self, period_s: float = 1.0) -> None:
        while True:
            await asyncio.sleep(period_s)
            self.sample()  # about 10 ms: a negligible pause for the students' coroutines


def _percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile of ``values`` (linear between order statistics), ``None`` if empty.

    Examples:
        >>> _percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.9)
        4.6
    """
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def class_visits(url: str, students: int, window_s: float = 60.0, stay_s: float = 30.0,
                       timeout_s: float = 300.0) -> list[Visit]:
    """``students`` visits of ``url`` (see ``visit``), arriving evenly spaced over
    ``window_s`` seconds (the first at once, the last at ``window_s``)."""
    origin = time.perf_counter()

    async def student(index: int) -> Visit:
        await asyncio.sleep(window_s * index / max(1, students - 1))
        return await visit(url, stay_s, timeout_s, origin)

    return list(await asyncio.gather(*(student(i) for i in range(students))))


def class_arrives(base_url: str, path: str, students: int, window_s: float = 60.0,
                  stay_s: float = 30.0, timeout_s: float = 300.0, server_pid: int | None = None,
                  *, linger_s: float = 150.0) -> dict[str, Any]:
    """A class arriving at the Voila server at ``base_url``: ``students`` students, each on
    a device of its own, open ``path`` evenly spread over ``window_s`` seconds, each stays
    ``stay_s`` seconds after its first figure and leaves without shutting its kernel down
    (see ``visit``).

    Args:
        base_url: the server, e.g. ``http://127.0.0.1:8866``.
        path: the page, e.g. ``voila/render/explorer.ipynb?tab=2``.
        students: number of students.
        window_s: seconds over which they arrive.
        stay_s: seconds each keeps the page open after its first figure.
        timeout_s: seconds after its request at which a student without a figure leaves.
        server_pid: the server's process id; without it, no memory, CPU or kernel counts.
        linger_s: seconds after the last student left at which the kernels left are counted.

    Returns:
        ``students``; ``first_figure_median_s``, ``first_figure_p90_s`` and
        ``first_figure_max_s`` over the students who got a first figure (``None`` if none
        did), and ``html_median_s`` (to the HTML complete); ``no_figure`` (students without
        one) and ``errors`` (their reasons, counted); ``duration_s`` (from the first
        request to the last student leaving); with ``server_pid``: ``server_rss_peak_mib``
        (resident memory of the server and all its descendants, summed, peak of samples
        taken every second), ``server_cpu_s`` (user and system CPU seconds of those
        processes over the run), ``server_cores_busy`` (those over ``duration_s``),
        ``kernels_peak``, and ``kernels_left`` (ipykernel processes of the server
        ``linger_s`` seconds after the last student left); ``visits`` (each ``Visit`` as a
        dict).
    """
    url = urljoin(base_url.rstrip("/") + "/", path.lstrip("/"))

    async def run() -> tuple[list[Visit], float, _ServerSampler | None]:
        sampler = _ServerSampler(server_pid) if server_pid is not None else None
        sampling = asyncio.ensure_future(sampler.run()) if sampler else None
        start = time.perf_counter()
        visits = await class_visits(url, students, window_s, stay_s, timeout_s)
        duration = time.perf_counter() - start
        if sampling is not None:
            sampling.cancel()
            sampler.sample()
        return visits, duration, sampler

    visits, duration, sampler = asyncio.run(run())
    shown = [v.first_figure_s for v in visits if v.first_figure_s is not None]
    html = [v.html_s for v in visits if v.html_s is not None]
    report: dict[str, Any] = {
        "students": students,
        "first_figure_median_s": statistics.median(shown) if shown else None,
        "first_figure_p90_s": _percentile(shown, 0.9),
        "first_figure_max_s": max(shown, default=None),
        "html_median_s": statistics.median(html) if html else None,
        "no_figure": len(visits) - len(shown),
        "errors": dict(Counter(v.error for v in visits if v.error is not None)),
        "duration_s": duration,
    }
    if sampler is not None:
        time.sleep(linger_s)
        report |= {
            "server_rss_peak_mib": sampler.peak_rss / 2**20,
            "server_cpu_s": sampler.cpu_s,
            "server_cores_busy": sampler.cpu_s / duration,
            "kernels_peak": sampler.peak_kernels,
            "kernels_left": len(server_kernels(server_pid)),
        }
    report["visits"] = [asdict(v) for v in visits]
    return report
