"""The main dashboard: the 17 wallpaper groups in tabs, with deep links and the JAX device
shown.

Each notebook in ``notebooks/`` calls one dashboard function with the page's query
parameters, so that everything a dashboard does is reachable from tests.
"""

from __future__ import annotations

import logging
from html import escape

import ipywidgets as widgets
import traitlets

from ..groups import SgexploreError, wallpaper_group
from ..limits import MAX_FUNCTIONS, MAX_RESOLUTION, MAX_SEED, MIN_RESOLUTION
from ._base import GroupState, close_widgets
from ._basis import BasisExplorer
from ._canvas import DrawExplorer
from ._gp import GPExplorer
from ._links import LinkParameter, parse_link
from ._orbifold import OrbifoldExplorer
from ._page import DeepLink, dashboard_page, page_group
from ._picker import GroupPicker
from ._subgroups import find_relation, relation_key

log = logging.getLogger(__name__)


#: The main dashboard's deep link (``group`` is looked up separately: any group key).
EXPLORER_LINK = (
    LinkParameter("tab", int, 0, 0, 4, doc="the tab (0 Group, 1 Orbifold, 2 Basis, "
                  "3 Gaussian process, 4 Draw)"),
    LinkParameter("index", int, 1, 0, MAX_FUNCTIONS - 1, doc="the basis function index"),
    LinkParameter("seed", int, 0, 0, MAX_SEED, doc="the GP seed"),
    LinkParameter("lengthscale", float, 0.25, 0.03, 1.0, doc="the GP lengthscale"),
    LinkParameter("resolution", int, None, MIN_RESOLUTION, MAX_RESOLUTION,
                  doc="the grid resolution (points per cell side)"),
    # a plane group's symbol, then ':' and a transformation (relation_key); which subgroups
    # exist is checked against the page's group once it is known
    LinkParameter("break", str, None, doc="the subgroup the Basis tab breaks the symmetry to",
                  pattern=r"[pc][1-6mg]{1,3}(:[-+ ,;/0-9ab]{1,40})?",
                  example="pmm or p4m:a-b,a+b (a maximal subgroup of the group)"),
)


def _subgroup_key(value: str | None, plane: str, errors: list[str]) -> str | None:
    """The ``break`` parameter as ``relation_key`` names it, when it names a maximal
    subgroup of the plane group ``plane``; else None, with the reason in ``errors``."""
    if value is None:
        return None
    try:
        # a '+' typed into a link (a+b) reaches the kernel as a space
        return relation_key(find_relation(wallpaper_group(plane), value.replace(" ", "+")))
    except SgexploreError as exc:
        errors.append(f"ignored break={value[:40]!r}: {exc}")
        return None


def explorer_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The main dashboard: the 17 wallpaper groups with tabs for the group and its symmetry
    elements, the orbifold, the invariant basis, Gaussian-process samples and a drawing
    canvas that repeats strokes by the group.

    Deep-link parameters: ``group`` and those of ``EXPLORER_LINK`` (``tab``, ``index``,
    ``seed``, ``lengthscale``, ``resolution``, ``break``: a maximal subgroup of the plane
    group that the Basis tab breaks the symmetry to); a refused value is reported on the
    page and replaced by its default.

    In a notebook: ``explorer_dashboard()`` shows the default view;
    ``params`` takes the deep link's parameters as strings, e.g. ``explorer_dashboard({"group": "p6m", "tab": "2"})``."""
    params = dict(params or {})
    errors: list[str] = []
    notes: list[str] = []
    state = GroupState(page_group(params, "p4m", errors, notes))
    values = parse_link(params, EXPLORER_LINK, errors)
    tab, index, seed = values["tab"], values["index"], values["seed"]
    lengthscale, resolution = values["lengthscale"], values["resolution"]
    # 'break' names a subgroup of this plane group: a new group before the Basis tab is
    # built drops it, as the built tab's choice would be reset
    pending = {"break": _subgroup_key(values["break"], state.plane, errors)}

    picker = GroupPicker(params.get("group", state.plane), state=state)
    link = DeepLink(EXPLORER_LINK, tab=tab, index=index, seed=seed, lengthscale=lengthscale,
                    resolution=resolution, **pending)
    link.follow(state)
    explorers: dict[str, widgets.Widget] = {"picker": picker}

    def drop_breaking(change: dict) -> None:
        if "basis" not in explorers:
            pending["break"] = None
            link.update(**pending)

    state.observe(drop_breaking, "plane")

    def build_orbifold() -> OrbifoldExplorer:
        return OrbifoldExplorer(state.plane, state=state)

    def build_basis() -> BasisExplorer:
        explorer = BasisExplorer(state.plane, index=index, resolution=resolution or 256,
                                 state=state, breaking=pending["break"] or "")
        link.track(explorer.model, "index")
        link.track(explorer.model, "breaking", "break", transform=lambda key: key or None)
        return explorer

    def build_gp() -> GPExplorer:
        explorer = GPExplorer(state.plane, seed=seed, lengthscale=lengthscale,
                              resolution=resolution or 192, state=state)
        link.track(explorer.model, "seed")
        link.track(explorer.model, "lengthscale")
        return explorer

    def build_canvas() -> DrawExplorer:
        explorer = DrawExplorer(state.plane)
        traitlets.link((state, "plane"), (explorer.group_select, "value"))
        return explorer

    builders = [None, ("orbifold", build_orbifold), ("basis", build_basis), ("gp", build_gp),
                ("canvas", build_canvas)]
    # Each later tab is a box that its explorer fills when first shown: the tabs' children
    # never change, so that a click on another tab while one is being built is applied (a
    # new children list re-rendered the tab bar and dropped that click).
    tabs = widgets.Tab([picker] + [widgets.VBox([widgets.HTML("<i>loading…</i>")],
                                                layout=widgets.Layout(width="100%"))
                                   for _ in builders[1:]])
    for i, title in enumerate(["Group", "Orbifold", "Basis", "Gaussian process", "Draw"]):
        tabs.set_title(i, title)
    tabs.add_class("sg-tabs")

    def show(change: dict) -> None:
        """Explorers are built when their tab is first shown: a page opens quickly and
        kernels compile only what the visitor looks at."""
        selected = change["new"]
        if selected and builders[selected][0] not in explorers:
            name, build = builders[selected]
            try:
                explorer = build()
            except Exception as exc:  # the tab says what failed; the other tabs keep working
                log.exception("building the %s tab failed", name)
                explorer = widgets.HTML(f"<div class='sg-error' style='color:#b00020'>This tab "
                                        f"could not be built: {escape(str(exc))}</div>")
            explorers[name] = explorer
            box = tabs.children[selected]
            placeholder = box.children[0]
            box.children = [explorer]
            close_widgets(placeholder)

    tabs.observe(show, "selected_index")
    link.track(tabs, "selected_index", "tab")
    tabs.selected_index = min(max(tab, 0), len(builders) - 1)
    show({"new": tabs.selected_index})
    # The plane tabs say when the page's group is a space group (they keep the last plane group).
    plane_note = widgets.HTML()
    plane_note.add_class("sg-plane-note")

    def note_space_group(change: dict | None = None) -> None:
        g = state.group
        plane_note.value = (
            f"<div class='sg-note'><b>{escape(g.symbol)}</b> is a space group: the Group tab "
            f"shows it; this tab shows the plane group <b>{escape(state.plane)}</b> (the "
            "space-group dashboard shows space groups in 3D).</div>"
            if g.dim == 3 and tabs.selected_index else "")

    state.observe(note_space_group, "group")
    tabs.observe(note_space_group, "selected_index")
    note_space_group()
    dashboard = dashboard_page(widgets.VBox([plane_note, tabs]), link, errors, notes)
    dashboard.add_class("sg-dashboard")
    dashboard.explorers = explorers
    dashboard.tabs = tabs
    # What tab i shows: the picker, a built explorer, or the placeholder of a tab not yet shown.
    dashboard.tab_view = lambda i: tabs.children[i].children[0] if i else tabs.children[0]
    dashboard.state = state
    return dashboard
