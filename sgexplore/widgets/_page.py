"""A dashboard page: the JAX device line, the deep link with its copy button, the problems
found in the query string, and the group a page starts on."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

import ipywidgets as widgets
import jax
import traitlets

from ..groups import CrystallographicGroup, UnknownGroupError, wallpaper_group
from . import _query
from ._base import GroupState, group_key, group_readings
from ._compat import tracking_widgets
from ._figure import PlotlyBundle
from ._links import LinkParameter


def jax_device_html() -> str:
    """One line naming the device JAX computes on (CPU or GPU)."""
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
        >>> warm_up(lambda params: None)  # not in a preheated kernel: nothing to do
        False
    """
    if not _query.in_preheated_kernel():
        return False
    with tracking_widgets() as built:
        for view in views or ({},):
            dashboard(dict(view))
    for widget in built:
        if not isinstance(widget, PlotlyBundle):  # the shared bundle serves later figures
            widget.close()
    return True


class DeepLink(widgets.HBox):
    """The query string that restores the current view, and a button copying the full link.

    Each parameter of a dashboard's link schema (``_links.LinkParameter``) is a trait of
    ``values``; a dashboard links the trait it shows to it with :meth:`track` (a traitlets
    ``dlink``, so the link follows the view without copying callbacks), and ``group`` to the
    dashboard's ``GroupState`` with :meth:`follow`. The copy button keeps ``present=1`` when
    the page is in presentation mode.

    Attributes:
        group (str): the ``group`` parameter (default ``""``: none); ``follow`` links it
            to a dashboard's ``GroupState``.
        values (HasTraits): one trait per schema parameter, its current value (None: left
            out of the link).
        parameters (dict[str, str]): every parameter of the link, in order (``group``
            first, then the schema's order), as the query writes them.

    Examples:
        >>> from ._links import LinkParameter
        >>> link = DeepLink((LinkParameter("seed", int, 0, 0, 9, doc="the seed"),), seed=3)
        >>> link.query
        'seed=3'
        >>> source = traitlets.HasTraits()
        >>> source.add_traits(seed=traitlets.Int(5))
        >>> link.track(source, "seed")
        >>> source.seed = 7
        >>> link.query
        'seed=7'
    """

    group = traitlets.Unicode("", help="the group parameter of the link")

    def __init__(self, schema: tuple[LinkParameter, ...] = (), **initial) -> None:
        self.schema = tuple(schema)
        names = [p.name for p in self.schema]
        unknown = set(initial) - set(names) - {"group"}
        if unknown:
            raise TypeError(f"{sorted(unknown)} are not parameters of this link ({names})")
        values_class = type("LinkValues", (traitlets.HasTraits,),
                            {p.name: traitlets.Any(None, allow_none=True, help=p.doc)
                             for p in self.schema})
        self.values = values_class(**{k: v for k, v in initial.items() if k != "group"})
        self.html = widgets.HTML()
        self.html.add_class("sg-deep-link")
        super().__init__([self.html])
        self.values.observe(lambda change: self._render(), names)
        self.group = str(initial.get("group") or "")
        self._render()

    def follow(self, state: GroupState) -> None:
        """Name the group of ``state`` from now on (the plane short symbol or space-group
        symbol, as ``group_key`` writes it)."""
        traitlets.dlink((state, "group"), (self, "group"), transform=group_key)

    def track(self, source: traitlets.HasTraits, trait: str, name: str | None = None,
              transform: Callable | None = None) -> None:
        """Let the parameter ``name`` (default: ``trait``) follow ``source.trait`` (through
        ``transform``; a None value leaves the parameter out)."""
        traitlets.dlink((source, trait), (self.values, name or trait), transform=transform)

    @traitlets.observe("group")
    def _group_changed(self, change: dict) -> None:
        self._render()

    @property
    def parameters(self) -> dict[str, str]:
        pairs = [("group", self.group or None)]
        pairs += [(p.name, getattr(self.values, p.name)) for p in self.schema]
        # A slider in the browser snaps 0.3 to 0.05 + 25 * 0.01 = 0.30000000000000004:
        # twelve significant digits give back the number typed.
        return {k: f"{v:.12g}" if isinstance(v, float) else str(v) for k, v in pairs if v is not None}

    @property
    def query(self) -> str:
        return urlencode(self.parameters)

    def update(self, **values) -> None:
        """Set parameters (for a value no trait holds, such as one a page computes)."""
        with self.values.hold_trait_notifications():
            for name, value in values.items():
                if name == "group":
                    self.group = str(value)
                else:
                    setattr(self.values, name, value)

    def _render(self) -> None:
        query = json.dumps("?" + self.query)
        # The button builds the link from the page's own address (keeping presentation
        # mode, which the page's template owns); nothing is sent back.
        self.html.value = (
            f"<button class='sg-copy-link' onclick='navigator.clipboard.writeText("
            f"location.origin + location.pathname + {escape(query, quote=True)}"
            f" + (document.body.classList.contains(&quot;sg-present&quot;) ? &quot;&amp;present=1&quot; : &quot;&quot;))'>"
            f"copy link</button>"
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
               group_tab: bool = True) -> CrystallographicGroup:
    """The group a plane-group page starts on: the ``group`` key of ``params`` read as
    ``group_readings`` reads it, a space group included (``GroupState`` then keeps its plane
    explorers on ``default``). A number naming two groups is read as the plane group and
    the other reading named in ``notes``; an unknown key is reported in ``errors`` and
    ``default`` is shown. ``group_tab``: whether the page has a Group tab showing any group
    (else a space group is shown nowhere, and the note says so)."""
    key = params.get("group", default)
    try:
        readings = group_readings(key)
    except UnknownGroupError as exc:
        message = str(exc)
        errors.append(f"{message} Showing {default}." if message.endswith("?")
                      else f"{message}; showing {default}")
        return wallpaper_group(default)
    found = readings[0]
    where = ("type it in the Group tab, or choose it there" if group_tab
             else "the space-group dashboard shows it")
    if len(readings) > 1:
        notes.append(f"{key.strip()} names the plane group {found.common_symbol} (shown) and the "
                     f"space group {readings[1].symbol} ({where})")
    elif found.dim == 3:
        named = (f"{found.symbol} is a space group" if key.strip() == found.symbol
                 else f"{key.strip()[:40]} is the space group {found.symbol}")
        notes.append(f"{named}: the Group tab shows it, the plane explorers show {default}"
                     if group_tab else f"{named}, not a wallpaper group ({where}); this page "
                     f"shows {default}")
    return found
