"""Dashboards: explorers assembled for Voila, with deep links and the JAX device shown.

Each notebook in ``notebooks/`` calls one function here with the page's query parameters,
so that everything a dashboard does is reachable from tests.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

import ipywidgets as widgets
import traitlets

from ..groups import CrystallographicGroup, UnknownGroupError, space_group, wallpaper_group
from ..limits import MAX_FUNCTIONS, MAX_RESOLUTION, MAX_SEED, MIN_RESOLUTION
from . import _query
from ._base import GroupState, group_key, group_readings, space_group_for
from ._canvas import DrawExplorer
from ._explorers import BasisExplorer, GPExplorer, OrbifoldExplorer
from ._figure import PlotlyBundle
from ._links import LinkParameter, parse_link
from ._picker import GroupPicker

log = logging.getLogger(__name__)


def jax_device_html() -> str:
    """One line naming the device JAX computes on (CPU or GPU)."""
    import jax

    devices = jax.devices()
    kind = devices[0].platform.upper()
    names = ", ".join(sorted({getattr(d, "device_kind", d.platform) for d in devices}))
    preheated = " &middot; <span class='sg-preheated'>kernel preheated</span>" if _query.preheated else ""
    return (f"<span class='sg-device' data-platform='{escape(devices[0].platform)}'>"
            f"JAX computes on {escape(kind)} ({len(devices)} device(s): {escape(names)})"
            f"{preheated}</span>")


def warm_up(dashboard: Callable[[dict[str, str]], widgets.Widget], *views: dict[str, str]) -> bool:
    """In a kernel Voila preheated (``voila --preheat_kernel=True``), build ``dashboard``
    for each of ``views`` (query parameters; by default its default view) and discard it,
    so that imports and JAX compilation are done before the page is requested; elsewhere
    do nothing. Returns whether it warmed up.

    A dashboard notebook calls it before ``query_parameters()``, which then waits for the
    request. Measured on 2 CPU cores: imports take about 3.5 s and the first basis and GP
    views 0.7 s and 1.8 s; after warming, another group's view takes 0.1-0.5 s.

    Examples:
        >>> warm_up(explorer_dashboard)  # not in a preheated kernel: nothing to do
        False
    """
    if not _query.in_preheated_kernel():
        return False
    before = set(_open_widgets())
    for view in views or ({},):
        dashboard(dict(view))
    for model_id, widget in list(_open_widgets().items()):
        if model_id not in before and not isinstance(widget, PlotlyBundle):
            widget.close()
    return True


def _open_widgets() -> dict:
    from ipywidgets.widgets import widget as widget_module

    return widget_module._instances


class DeepLink(widgets.HBox):
    """The query string that restores the current view, and a button copying the full link.

    Attributes:
        group (str): the ``group`` parameter (default ``""``: none yet); ``follow`` links it
            to a dashboard's ``GroupState``.
        parameters (dict[str, str]): every parameter of the link, in order.
    """

    group = traitlets.Unicode("", help="the group parameter of the link")

    def __init__(self, **parameters) -> None:
        self.parameters: dict[str, str] = {}
        self.html = widgets.HTML()
        self.html.add_class("sg-deep-link")
        super().__init__([self.html])
        self.update(**parameters)

    def follow(self, state: GroupState) -> None:
        """Name the group of ``state`` from now on (the plane short symbol or space-group
        symbol, as ``group_key`` writes it)."""
        traitlets.dlink((state, "group"), (self, "group"), transform=group_key)

    @traitlets.observe("group")
    def _group_changed(self, change: dict) -> None:
        self.update(group=change["new"])

    @property
    def query(self) -> str:
        return urlencode(self.parameters)

    def update(self, **parameters) -> None:
        self.parameters.update({k: str(v) for k, v in parameters.items() if v is not None})
        query = json.dumps("?" + self.query)
        # The button builds the link from the page's own address; nothing is sent back.
        self.html.value = (
            f"<button class='sg-copy-link' onclick='navigator.clipboard.writeText("
            f"location.origin + location.pathname + {escape(query, quote=True)})'>copy link</button>"
            f" <code class='sg-query' style='word-break:break-all'>?{escape(self.query)}</code>")


def dashboard_page(body: widgets.Widget, link: DeepLink, errors: list[str],
                   notes: list[str] = ()) -> widgets.VBox:
    """A dashboard page: the JAX device and the deep link on top, then the problems found
    in the query string (errors in red, notes plain), then the body."""
    notice = widgets.HTML("".join(f"<div class='sg-error' style='color:#b00020'>{escape(e)}</div>"
                                  for e in errors)
                          + "".join(f"<div class='sg-note'>{escape(n)}</div>" for n in notes))
    header = widgets.HBox([widgets.HTML(jax_device_html()), link],
                          layout=widgets.Layout(justify_content="space-between"))
    page = widgets.VBox([header, notice, body])
    page.link = link
    return page


def page_group(params: dict[str, str], default: str, errors: list[str], notes: list[str],
               plane_page: str = "the plane explorers") -> CrystallographicGroup:
    """The group a plane-group page starts on: the ``group`` key of ``params`` read as
    ``group_readings`` reads it, a space group included (``GroupState`` then keeps its plane
    explorers on ``default``). A number naming two groups is read as the plane group and
    the other reading named in ``notes``; an unknown key is reported in ``errors`` and
    ``default`` is shown."""
    key = params.get("group", default)
    try:
        readings = group_readings(key)
    except UnknownGroupError as exc:
        errors.append(f"unknown group {key[:40]!r}: {exc}; showing {default}")
        return wallpaper_group(default)
    found = readings[0]
    if len(readings) > 1:
        notes.append(f"{key.strip()} names the plane group {found.common_symbol} (shown) and the "
                     f"space group {readings[1].symbol} (type {readings[1].symbol} in the Group "
                     "tab, or choose it there)")
    elif found.dim == 3:
        named = (f"{found.symbol} is a space group" if key.strip() == found.symbol
                 else f"{key.strip()[:40]} is the space group {found.symbol}")
        notes.append(f"{named}: the Group tab shows it, {plane_page} show {default}")
    return found


def _wallpaper_symbol(params: dict[str, str], default: str, errors: list[str],
                      notes: list[str]) -> str:
    found = page_group(params, default, errors, notes)
    return found.common_symbol if found.dim == 2 else default


#: The main dashboard's deep link (``group`` is looked up separately: any group key).
EXPLORER_LINK = (
    LinkParameter("tab", int, 0, 0, 4, doc="the tab (0 Group, 1 Orbifold, 2 Basis, "
                  "3 Gaussian process, 4 Draw)"),
    LinkParameter("index", int, 1, 0, MAX_FUNCTIONS - 1, doc="the basis function index"),
    LinkParameter("seed", int, 0, 0, MAX_SEED, doc="the GP seed"),
    LinkParameter("lengthscale", float, 0.25, 0.03, 1.0, doc="the GP lengthscale"),
    LinkParameter("resolution", int, None, MIN_RESOLUTION, MAX_RESOLUTION,
                  doc="the grid resolution (points per cell side)"),
)


def explorer_dashboard(params: dict[str, str]) -> widgets.VBox:
    """The main dashboard: the 17 wallpaper groups with tabs for the group and its symmetry
    elements, the orbifold, the invariant basis, Gaussian-process samples and a drawing
    canvas that repeats strokes by the group.

    Deep-link parameters: ``group`` and those of ``EXPLORER_LINK`` (``tab``, ``index``,
    ``seed``, ``lengthscale``, ``resolution``); a refused value is reported on the page and
    replaced by its default.
    """
    errors: list[str] = []
    notes: list[str] = []
    state = GroupState(page_group(params, "p4m", errors, notes))
    values = parse_link(params, EXPLORER_LINK, errors)
    tab, index, seed = values["tab"], values["index"], values["seed"]
    lengthscale, resolution = values["lengthscale"], values["resolution"]

    picker = GroupPicker(params.get("group", state.plane), state=state)
    link = DeepLink(group=group_key(state.group), tab=tab, index=index, seed=seed,
                    lengthscale=lengthscale, resolution=resolution)
    link.follow(state)
    explorers: dict[str, widgets.Widget] = {"picker": picker}

    def build_orbifold() -> OrbifoldExplorer:
        return OrbifoldExplorer(state.plane, state=state)

    def build_basis() -> BasisExplorer:
        explorer = BasisExplorer(state.plane, index=index, resolution=resolution or 256,
                                 state=state)
        explorer.model.observe(lambda c: link.update(index=c["new"]), "index")
        return explorer

    def build_gp() -> GPExplorer:
        explorer = GPExplorer(state.plane, seed=seed, lengthscale=lengthscale,
                              resolution=resolution or 192, state=state)
        explorer.model.observe(lambda c: link.update(seed=c["new"]), "seed")
        explorer.model.observe(lambda c: link.update(lengthscale=c["new"]), "lengthscale")
        return explorer

    def build_canvas() -> DrawExplorer:
        explorer = DrawExplorer(state.plane)
        traitlets.link((state, "plane"), (explorer.group_select, "value"))
        return explorer

    builders = [None, ("orbifold", build_orbifold), ("basis", build_basis), ("gp", build_gp),
                ("canvas", build_canvas)]
    tabs = widgets.Tab([picker] + [widgets.HTML("<i>loading…</i>") for _ in builders[1:]])
    for i, title in enumerate(["Group", "Orbifold", "Basis", "Gaussian process", "Draw"]):
        tabs.set_title(i, title)
    tabs.add_class("sg-tabs")

    def show(change: dict) -> None:
        """Explorers are built when their tab is first shown: a page opens quickly and
        kernels compile only what the visitor looks at."""
        selected = change["new"]
        link.update(tab=selected)
        if selected and builders[selected][0] not in explorers:
            name, build = builders[selected]
            try:
                explorer = build()
            except Exception as exc:  # the tab says what failed; the other tabs keep working
                log.exception("building the %s tab failed", name)
                explorer = widgets.HTML(f"<div class='sg-error' style='color:#b00020'>This tab "
                                        f"could not be built: {escape(str(exc))}</div>")
            explorers[name] = explorer
            children = list(tabs.children)
            children[selected] = explorer
            tabs.children = children

    tabs.observe(show, "selected_index")
    tabs.selected_index = min(max(tab, 0), len(builders) - 1)
    show({"new": tabs.selected_index})
    dashboard = dashboard_page(tabs, link, errors, notes)
    dashboard.add_class("sg-dashboard")
    dashboard.explorers = explorers
    dashboard.tabs = tabs
    dashboard.state = state
    return dashboard



def space_group_dashboard(params: dict[str, str]) -> widgets.VBox:
    """The 230 space groups in 3D: isosurfaces and slices of basis functions and GP samples,
    with the asymmetric unit and rotation axes, and the Orbifold view. Deep links: ``group``,
    ``index``, ``mode`` (``basis`` or ``gp``), ``seed``, ``resolution`` (grid points per cell
    edge, 8-128), ``view`` (``isosurfaces`` or ``orbifold``). Values out of range are
    reported on the page and replaced by the default, which the link then shows."""
    from ._explorers import SpaceGroupExplorer
    from ._space_orbifold import SPACE_LINK

    errors: list[str] = []
    values = parse_link(params, SPACE_LINK, errors)
    index, seed, resolution = values["index"], values["seed"], values["resolution"]
    mode, view = values["mode"], values["view"]
    key = params.get("group", "Fm-3m")
    try:
        start = space_group_for(key)
    except UnknownGroupError:
        start = space_group("Fm-3m")
    state = GroupState(start)
    explorer = SpaceGroupExplorer(start.symbol, index=index, resolution=resolution, state=state)
    if start.symbol != key:
        explorer.group_box.value = key  # an unknown key shows its error in the explorer
    explorer.seed.value = seed
    explorer.mode.value = mode
    link = DeepLink(group=group_key(state.group), index=index, mode=explorer.model.mode,
                    seed=seed, resolution=resolution, view=view)
    link.follow(state)
    for trait in ("index", "mode", "seed"):
        explorer.model.observe(lambda c, t=trait: link.update(**{t: c["new"]}), trait)
    explorer.tabs.observe(lambda c: link.update(view=("isosurfaces", "orbifold")[c["new"]]),
                          "selected_index")
    explorer.tabs.selected_index = 1 if view == "orbifold" else 0
    dashboard = dashboard_page(explorer, link, errors)
    dashboard.explorer = explorer
    dashboard.state = state
    return dashboard
