"""``sgexplore serve``: every dashboard from one Voila server, with a landing page at ``/``.

The server is Voila (standalone, serving the notebooks folder) with these changes:

- ``/`` is a landing page with a card per dashboard instead of Voila's file tree; a ``/``
  link with a query string (the links of the single-dashboard server before) goes to the
  explorer with that query;
- Voila's file tree (``/voila/tree``) and contents API (``/voila/api/contents``) are gone: a
  browser can reach the dashboards, their static assets and its own page's kernel, nothing
  else (Voila already passes only widget messages to a kernel, never code to execute);
- kernels end when their page goes, however it went (`PageKernelManager`), and the server
  pings every page's connection so that a page whose network vanished is noticed;
- with ``--lan`` it listens on every interface and shows students the URL and a QR code.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import jinja2
from markupsafe import Markup
import tornado.ioloop
import tornado.web
from jupyter_server.utils import url_path_join
from traitlets import Bool, Unicode
from traitlets.config import Config
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler

from sgexplore.groups import SgexploreError

from ._dashboards import DASHBOARDS, dashboard, notebooks_dir
from ._network import lan_address, qr_svg, qr_text

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True)

# Voila handlers a class has no use for: the file tree and the contents API behind it.
_DROPPED = ("/voila/tree", "/voila/api/contents")


class LandingHandler(tornado.web.RequestHandler):
    """The landing page: a card per dashboard, and the address students type."""

    def initialize(self, server: SgexploreVoila) -> None:
        self.server = server

    def get(self) -> None:
        base = self.server.base_url
        if self.request.query:  # a deep link of the single-dashboard server: the explorer's
            self.redirect(url_path_join(base, dashboard("explorer").path) + "?" + self.request.query)
            return
        student_url = self.server.student_url
        html = _TEMPLATES.get_template("landing.html").render(
            base=base, dashboards=DASHBOARDS, student_url=student_url,
            qr=Markup(qr_svg(student_url)) if student_url else None,
        )
        self.set_header("Cache-Control", "no-cache")
        self.finish(html)


class TemplateStaticHandler(TemplateStaticFileHandler):
    """Voila's handler of ``/voila/templates/<template>/static/<path>``, answering 404 to a
    path of another shape (Voila's asserts it and answers 500)."""

    def parse_url_path(self, path: str) -> str:
        parts = os.path.normpath(path).split(os.sep, 2)
        if len(parts) != 3 or parts[1] != "static" or ".." in parts:
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


class SgexploreVoila(Voila):
    """Voila serving the dashboards folder with a landing page and nothing more (see the
    module's docstring)."""

    name = "sgexplore-serve"
    lan = Bool(False, config=True, help="Listen on every interface and show students the "
                                        "machine's network address.")
    student_host = Unicode("", config=True, help="The host name or address students type "
                                                 "(default: found from the network, with --lan).")

    @property
    def student_url(self) -> str | None:
        """The URL students type, when they can reach this server."""
        if not self.lan:
            return None
        host = self.student_host or lan_address()
        return f"http://{host}:{self.port}{self.base_url}" if host else None

    def init_handlers(self) -> list:
        kept = [(h[0], TemplateStaticHandler, *h[2:]) if h[1] is TemplateStaticFileHandler else h
                for h in super().init_handlers()
                if not any(str(h[0]).startswith(url_path_join(self.server_url, d)) for d in _DROPPED)
                and h[0] != self.server_url]
        return [
            (self.server_url, LandingHandler, {"server": self}),
            (url_path_join(self.server_url, r"/sgexplore/static/(.*)"), tornado.web.StaticFileHandler,
             {"path": str(STATIC)}),
            *kept,
        ]

    def start(self) -> None:
        tornado.ioloop.IOLoop.current().add_callback(self._announce)
        super().start()

    def _announce(self) -> None:
        host = "127.0.0.1" if self.ip in ("0.0.0.0", "localhost") else self.ip
        local = f"http://{host}:{self.port}{self.base_url}"
        lines = ["", f"sgexplore: {len(DASHBOARDS)} dashboards at {local}"]
        student = self.student_url
        if student:
            lines += [f"Students on this network open {student}", qr_text(student)]
        elif self.lan:
            lines.append("No network address found: students cannot reach this machine.")
        else:
            lines.append("Only this machine can open them; `sgexplore serve --lan` "
                         "(`make serve LAN=1`) lets students on the network in.")
        print("\n".join(lines), flush=True)


def pool_sizes(text: str) -> dict[str, int]:
    """Parse ``--pool``: ``N`` preheated kernels for every dashboard, then ``name=M``
    entries for single dashboards, comma-separated.

    Examples:
        >>> pool_sizes("1,lesson_wallpaper=20")
        {'default': 1, 'lesson_wallpaper': 20}
        >>> pool_sizes("explorer=4")
        {'default': 1, 'explorer': 4}
    """
    sizes = {"default": 1}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.rpartition("=")
        if name:
            try:
                dashboard(name)
            except SgexploreError as error:  # argparse shows only this type's message
                raise argparse.ArgumentTypeError(str(error)) from None
        try:
            size = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"pool size {value!r} is not a whole number") from None
        if not 0 <= size <= 200:
            raise argparse.ArgumentTypeError(f"pool size {size} is outside 0-200")
        sizes[name or "default"] = size
    return sizes


def parser() -> argparse.ArgumentParser:
    """The command line of ``sgexplore`` (``sgexplore serve --help``)."""
    main_parser = argparse.ArgumentParser(
        prog="sgexplore", description="Crystallographic symmetry dashboards.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="serve every dashboard with Voila, with a landing page at /",
        description="Serve every sgexplore dashboard and lesson from one Voila server, with a "
                    "landing page at /. Options of Voila itself (--Voila.base_url=/x/, ...) "
                    "are passed on.")
    serve.add_argument("--port", type=int, default=8866, help="the port (default 8866)")
    serve.add_argument("--lan", action="store_true",
                       help="listen on every interface, so that students on this network can "
                            "connect, and show them the URL and a QR code")
    serve.add_argument("--ip", help="the address to listen on (default 127.0.0.1; 0.0.0.0 "
                                    "with --lan)")
    serve.add_argument("--student-host", default="",
                       help="with --lan: the host name students type, if not this machine's "
                            "network address")
    serve.add_argument("--pool", type=pool_sizes, default=pool_sizes("1"),
                       help="preheated kernels kept ready: N for every dashboard, then "
                            "name=M for single ones, e.g. 1,lesson_wallpaper=20 (default 1)")
    serve.add_argument("--cull-idle", type=float, default=1200,
                       help="seconds of inactivity after which a kernel is ended even while its "
                            "page is open (default 1200; 0: never while a page is connected)")
    serve.add_argument("--page-grace", type=float, default=60,
                       help="seconds a kernel is kept after its page went away (default 60)")
    serve.add_argument("--cull-interval", type=float, default=10,
                       help="seconds between checks for kernels to end (default 10)")
    serve.add_argument("--ping-interval", type=float, default=10,
                       help="seconds between pings of each page's connection; one with no "
                            "answer for twice that is dropped (default 10)")
    serve.add_argument("--notebooks", type=Path, default=None,
                       help="the folder of the dashboards (default: the installed ones)")
    serve.add_argument("--jax-cache", type=Path, default=None,
                       help="JAX's persistent compilation cache (default "
                            "$JAX_COMPILATION_CACHE_DIR, else ~/.cache/sgexplore/jax)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    return main_parser


def voila_arguments(args: argparse.Namespace) -> tuple[list[str], Config]:
    """Voila's command line and configuration for the parsed ``sgexplore serve`` options
    (lists and dicts go in the configuration: traitlets parses them from a command line
    only as strings)."""
    pools = dict(args.pool)
    default = pools.pop("default")
    preheat = default > 0 or any(pools.values())
    ip = args.ip or ("0.0.0.0" if args.lan else "127.0.0.1")
    ping_ms = int(args.ping_interval * 1000)
    config = Config()
    config.VoilaConfiguration.file_allowlist = [r".*\.(png|svg|css|js)"]
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": default},
        **{dashboard(name).notebook: {"pool_size": size} for name, size in pools.items()}}
    # jupyter_server's pings (milliseconds): at each ping, a connection whose last pong is
    # older than the timeout is closed. The timeout must exceed the interval, or every
    # connection is dropped at every ping (tornado warns that its own ping timeout is
    # clipped: it reads these settings as seconds, and never pings in 10,000 s).
    config.Voila.tornado_settings = {"ws_ping_interval": ping_ms, "ws_ping_timeout": 2 * ping_ms}
    argv = [
        str(args.notebooks or notebooks_dir()),
        f"--port={args.port}", f"--Voila.ip={ip}", f"--SgexploreVoila.lan={args.lan}",
        f"--SgexploreVoila.student_host={args.student_host}",
        "--VoilaConfiguration.template=sgexplore",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "sgexplore.serving._kernels.PageKernelManager",
        f"--VoilaConfiguration.preheat_kernel={preheat}",
        f"--VoilaConfiguration.default_pool_size={default}",
        # --cull-idle 0: connected pages are never culled, and the culler still runs for the
        # pages that went away.
        "--MappingKernelManager.cull_idle_timeout=%g" % (args.cull_idle or args.page_grace),
        f"--MappingKernelManager.cull_connected={bool(args.cull_idle)}",
        f"--MappingKernelManager.cull_interval={max(1, round(args.cull_interval))}",
        "--MappingKernelManager.cull_busy=False",
        f"--PageKernelManager.page_grace={args.page_grace:g}",
        # nbclient waits 4 s for a cell's output after its reply, then renders the cell without
        # it: with a class arriving at once on 2 cores, 19 of 20 pages lost their widget that
        # way and never showed a figure. The wait ends as soon as the output is in.
        "--VoilaExecutor.iopub_timeout=120",
        "--VoilaExecutor.startup_timeout=300",
        *(["--no-browser"] if args.no_browser else []),
    ]
    return argv, config


def main(argv: list[str] | None = None) -> None:
    """The ``sgexplore`` command: ``sgexplore serve [options]``."""
    args, voila_options = parser().parse_known_args(argv)
    unknown = [o for o in voila_options if not (o.startswith("--") and "." in o.split("=")[0])]
    if unknown:
        parser().error("unrecognized arguments: " + " ".join(unknown))
    cache = args.jax_cache or os.environ.get("JAX_COMPILATION_CACHE_DIR") \
        or Path.home() / ".cache" / "sgexplore" / "jax"
    os.environ["JAX_COMPILATION_CACHE_DIR"] = str(cache)  # kernels inherit the environment
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    argv, config = voila_arguments(args)
    SgexploreVoila.launch_instance([*argv, *voila_options], config=config)



