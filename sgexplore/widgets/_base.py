"""What every explorer shares: the dashboard's group (``GroupState``) and the reading of a
typed group key, the status line, the figure sync, and the base of the state models."""

from __future__ import annotations

import threading

import logging
import time
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..groups import (
    CrystallographicGroup,
    LimitError,
    SgexploreError,
    UnknownGroupError,
    all_wallpaper_groups,
    group,
    space_group,
    wallpaper_group,
)
from ._figure import FigureWidget

log = logging.getLogger(__name__)

#: What a model reports as a message: sgexplore's refusals. Anything else is a bug, shown as
#: an internal error with its traceback in the log.
EXPECTED_ERRORS = (SgexploreError,)

#: The 17 wallpaper groups by their common (short) symbols, in ITA order.
SYMBOLS = [g.common_symbol for g in all_wallpaper_groups()]


def group_key(g: CrystallographicGroup) -> str:
    """The key a deep link names ``g`` by: the short symbol of a plane group (``p4m``), the
    Hermann-Mauguin symbol of a space group (``Fm-3m``)."""
    return g.common_symbol if g.dim == 2 else g.symbol


def group_readings(text: str) -> tuple[CrystallographicGroup, ...]:
    """Every group a typed key can name: one for a symbol; for a bare number, the space
    group of that number and, from 1 to 17, first the plane group of that number too.

    Raises:
        UnknownGroupError: no group has that symbol or number.

    Examples:
        >>> [g.symbol for g in group_readings("12")]
        ['p4gm', 'C2/m']
        >>> [g.symbol for g in group_readings(" 225 ")], group_readings("p4m")[0].symbol
        (['Fm-3m'], 'p4mm')
    """
    stripped = str(text).strip()
    if stripped.isdecimal():
        number = int(stripped)
        if 1 <= number <= 17:
            return wallpaper_group(number), space_group(number)
        if 18 <= number <= 230:
            return (space_group(number),)
        raise UnknownGroupError(f"no group has number {stripped[:12]}: plane groups are "
                                "numbered 1-17, space groups 1-230")
    return (group(stripped),)


def space_group_for(text: str) -> CrystallographicGroup:
    """The space group a key typed on a space-group page names: a symbol, or a number
    1-230 (on this page 1-17 are space groups too).

    Raises:
        UnknownGroupError: no space group by that name, saying so when it names a plane group.

    Examples:
        >>> space_group_for("12").symbol, space_group_for("Fm-3m").number
        ('C2/m', 225)
    """
    try:
        return space_group(str(text).strip())
    except UnknownGroupError as exc:
        try:
            other = group(str(text).strip())
        except UnknownGroupError:
            raise exc from None
        if other.dim == 2:
            key = str(text).strip()[:40]
            what = ("is a plane group" if key in (other.symbol, other.common_symbol)
                    else f"is the plane group {other.common_symbol}")
            raise UnknownGroupError(f"{key} {what}: this page shows the 230 space groups (the "
                                    "main dashboard shows plane groups)") from None
        return other


def describe_readings(text: str, readings: tuple[CrystallographicGroup, ...]) -> str:
    """What a number naming two groups means, and how to choose the other one."""
    plane, space = readings
    return (f"{text.strip()} names two groups: the plane group {plane.common_symbol} "
            f"({plane.conway}) and the space group {space.symbol}; type the symbol (or choose "
            "below) to see the other")


class GroupState(traitlets.HasTraits):
    """The one group of a dashboard: every tab, model, group control and the deep link
    follow it through traitlets links, so a group chosen anywhere is shown everywhere.

    Attributes:
        group (CrystallographicGroup): the group the dashboard shows; its Group tab and deep
            link name it. Default: p4mm.
        plane (str): the wallpaper group (short symbol, one of ``SYMBOLS``) that the plane
            explorers show: ``group`` when it is a plane group, else the last plane group
            (a space group leaves them where they were). Default: ``"p4m"``. Setting it sets
            ``group`` to that plane group.

    Examples:
        >>> state = GroupState()
        >>> state.plane = "p6m"
        >>> state.group.symbol
        'p6mm'
        >>> state.group = space_group("Fm-3m")
        >>> state.plane
        'p6m'
    """

    group = traitlets.Instance(CrystallographicGroup,
                               help="the group the dashboard shows (any dimension)")
    plane = traitlets.Enum(SYMBOLS, default_value="p4m",
                           help="the wallpaper group the plane explorers show (short symbol)")

    def __init__(self, group: CrystallographicGroup | str = "p4m", **kwargs) -> None:
        start = group if isinstance(group, CrystallographicGroup) else group_readings(group)[0]
        super().__init__(group=start, **kwargs)
        if start.dim == 2:
            self.plane = start.common_symbol
        super().observe(self._plane_follows, "group")

    def observe(self, handler, names=traitlets.All, type="change") -> None:
        """As ``HasTraits.observe``, but ``plane`` follows ``group`` after every other
        observer of ``group``: what shows the group itself (the Group tab's card and
        diagram, the link) changes first, and its messages are on their way to the page
        while the plane explorers recompute (a plane group new to the kernel took them
        1-2 s, and the Group tab waited for it)."""
        super().observe(handler, names=names, type=type)
        if handler != self._plane_follows and (
                names is traitlets.All or "group" in ([names] if isinstance(names, str) else names)):
            super().unobserve(self._plane_follows, "group")
            super().observe(self._plane_follows, "group")

    def _plane_follows(self, change: dict) -> None:
        if change["new"].dim == 2:
            self.plane = change["new"].common_symbol

    @traitlets.observe("plane")
    def _group_follows(self, change: dict) -> None:
        if self.group.dim != 2 or self.group.common_symbol != change["new"]:
            self.group = wallpaper_group(change["new"])


def finite(name: str, values: np.ndarray) -> np.ndarray:
    """``values``, or a refusal when any is NaN or infinite: a figure of NaN is no answer."""
    bad = int(np.size(values) - np.count_nonzero(np.isfinite(values)))
    if bad:
        raise SgexploreError(f"the {name} is not finite at {bad:,} of {np.size(values):,} grid "
                             "points (the numbers overflow); use values of moderate size")
    return values


def status_html(error: str, busy: bool = False, info: str = "", ms: float = 0.0,
                 updates: int = 0) -> str:
    if error:
        return f"<div class='sg-error' style='color:#b00020'>{escape(error)}</div>"
    if busy:
        return "<div class='sg-busy' style='color:#8a6d00'>computing…</div>"
    return (f"<div class='sg-ready' data-ms='{ms:.1f}' data-updates='{updates}' "
            f"style='color:#2e7d32'>{escape(info)}"
            + (f" <small>({ms:.0f} ms)</small>" if ms else "") + "</div>")


def group_dropdown(symbol: str) -> widgets.Dropdown:
    dropdown = widgets.Dropdown(options=SYMBOLS, value=symbol, description="Group",
                                layout=widgets.Layout(width="14em"))
    dropdown.add_class("sg-group-select")
    return dropdown


def sync_figure(widget: FigureWidget, fresh: go.Figure) -> None:
    """Make a long-lived FigureWidget show ``fresh`` in one batch, changing as little as it
    can: each trace is updated in place where the trace at its position has the same type
    (a property the fresh trace lacks is reset, except ``visible`` of a trace whose name is
    unchanged: a trace the visitor hid in the legend stays hidden), and only traces beyond
    that are removed or added. Replacing traces costs far more in the browser than updating
    them (a 3D scene: 3 s against 0.4 s for seven traces, in headless Chromium on two
    cores). The widget keeps its template, so ``fresh`` is best built with
    ``template=BARE`` (``sgexplore.render.BARE``), which skips plotly's default template.

    Examples:
        >>> from sgexplore.render import BARE
        >>> widget = FigureWidget(go.Figure(go.Scatter(y=[0, 1], name="line", mode="lines")))
        >>> sync_figure(widget, go.Figure(go.Scatter(y=[2, 3], name="dots"), layout={"template": BARE}))
        >>> widget.data[0].y, widget.data[0].name, widget.data[0].mode
        ((2, 3), 'dots', None)
        >>> widget.layout.template.layout.font.color
        '#2a3f5f'
    """
    old, new = widget.data, fresh.data
    keep = 0
    while keep < min(len(old), len(new)) and old[keep].type == new[keep].type:
        keep += 1
    with widget.batch_update():
        if keep < len(old):
            widget.data = old[:keep]
        for before, after in zip(widget.data, new):
            values = after.to_plotly_json()
            for key in before.to_plotly_json():
                if key not in values and key not in ("type", "uid") and not (
                        key == "visible" and before.name == after.name):
                    values[key] = None
            before.update(values, overwrite=True)
        if keep < len(new):
            widget.add_traces(list(new[keep:]))
        layout = fresh.layout.to_plotly_json()
        layout.pop("template", None)
        widget.layout.update(layout, overwrite=True)


def close_widgets(*replaced: widgets.Widget) -> None:
    """Close widgets a view no longer shows, with their layouts, styles and children: a
    closed model leaves the kernel's widget state, which a page that (re)loads receives
    whole (JupyterLab and Notebook 7 wait 4 s for it).

    Examples:
        >>> box = widgets.VBox([widgets.HTML("old")])
        >>> close_widgets(box)
        >>> box.comm is None and box.children[0].layout.comm is None
        True
    """
    for widget in replaced:
        for child in getattr(widget, "children", ()):
            close_widgets(child)
        for part in (getattr(widget, "layout", None), getattr(widget, "style", None), widget):
            if isinstance(part, widgets.Widget):
                part.close()


def side_by_side(*cells: tuple[widgets.Widget, str]) -> widgets.HBox:
    """Widgets side by side where there is room, one under another where there is not (a
    phone): each ``(widget, basis)`` grows from its CSS flex basis (e.g. ``"340px"``), is
    never narrower than 280 px nor wider than the row. The widget takes its cell's width (a
    column box stretches it), so an autosized plot grows back when the window widens again
    (as a row's item it kept the width it had drawn at)."""
    return widgets.HBox(
        [widgets.Box([widget], layout=widgets.Layout(flex=f"1 1 {basis}", flex_flow="column",
                                                     min_width="280px", max_width="100%"))
         for widget, basis in cells],
        layout=widgets.Layout(flex_flow="row wrap"))


class StatusLine:
    """The status line of an explorer: busy while a change is applied, then the result
    (``_info``) or the model's error, with the time the update took."""

    status: widgets.HTML
    last_update_ms: float = 0.0
    updates: int = 0  # changes applied so far (sliders send while dragged, see below)

    def _update(self, apply) -> None:
        """Show the busy indicator, apply a change (the model recomputes and the figure
        redraws synchronously), then show the result or the error and the time taken.

        Sliders update while dragged. ipywidgets' front end keeps at most one change per
        control in flight and, while the kernel is busy with it, keeps only the latest
        value, which it sends when the kernel is idle: a fast drag costs a few updates, not
        one per position, and always ends on the last position.

        A refusal (``SgexploreError``) raised by the change becomes the model's error; any
        other exception is a bug: logged with its traceback, shown as an internal error."""
        self._begin()
        try:
            apply()
        except EXPECTED_ERRORS as exc:
            self.model.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug: the page says so, the log has it all
            log.exception("internal error in %s", type(self).__name__)
            self.model.error = internal_error(exc)
        self._end()

    def _begin(self, change: dict | None = None) -> None:
        self._started = time.perf_counter()
        self.status.value = status_html("", busy=True)

    def _end(self, change: dict | None = None) -> None:
        self.last_update_ms = 1000 * (time.perf_counter() - self._started)
        self.updates += 1
        self._done()

    def _follow(self, state: GroupState, name: str, *targets: tuple) -> None:
        """Link ``state.name`` to each (object, trait) of ``targets``: a change anywhere
        (a control here, another tab) reaches all, timed in the status line like an update."""
        state.observe(self._begin, name)
        for target in targets:
            traitlets.link((state, name), target)
        state.observe(self._end, name)

    def _done(self) -> None:
        self.status.value = status_html(self.model.error, info=self._info(),
                                         ms=self.last_update_ms, updates=self.updates)

    def _info(self) -> str:
        raise NotImplementedError


def bounded(trait: traitlets.TraitType, low: float, high: float, cap: str = "") -> traitlets.TraitType:
    """``trait`` carrying its inclusive range (and the ``sgexplore.limits`` constant that
    sets it): a model refuses a value outside with ``check_bounds``, and a view's control
    takes its ``min`` and ``max`` from ``bounds`` instead of repeating the numbers."""
    return trait.tag(low=low, high=high, cap=cap)


def bounds(model: type[traitlets.HasTraits], name: str) -> dict[str, float]:
    """The ``min`` and ``max`` of a control for the trait ``name`` of ``model``: its
    ``bounded`` range, or the ``min`` and ``max`` of a bounded ``Int`` or ``Float``.

    Examples:
        >>> class Model(traitlets.HasTraits):
        ...     index = bounded(traitlets.Int(1, help="the function index"), 0, 9)
        >>> bounds(Model, "index")
        {'min': 0, 'max': 9}
    """
    trait = model.class_traits()[name]
    if "low" in trait.metadata:
        return {"min": trait.metadata["low"], "max": trait.metadata["high"]}
    return {"min": trait.min, "max": trait.max}


def check_bounds(model: traitlets.HasTraits, *names: str) -> None:
    """Refuse (``LimitError``) a bounded trait of ``model`` outside its range (NaN included),
    naming the trait, the range and the limit behind it."""
    for name in names:
        trait = model.traits()[name]
        low, high, cap = (trait.metadata[k] for k in ("low", "high", "cap"))
        value = getattr(model, name)
        if not low <= value <= high:
            where = f" (sgexplore.limits.{cap})" if cap else ""
            raise LimitError(f"{trait.help} must be between {low} and {high}{where}, got {value}")


class RecomputingModel(traitlets.HasTraits):
    """A model whose results come from ``_compute``: a refusal (``SgexploreError``) becomes
    ``error`` as it is; any other exception is a bug, logged with its traceback and shown
    as an internal error. The results keep their last good values either way.

    Attributes:
        error (str): why the last computation gave no result; ``""`` after a good one.
    """

    error = traitlets.Unicode("", help="why the last computation gave no result ('' if it did)")

    def recompute(self) -> None:
        try:
            self._compute()
        except EXPECTED_ERRORS as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug: the page says so, the log has it all
            log.exception("internal error in %s", type(self).__name__)
            self.error = internal_error(exc)
        else:
            self.error = ""

    def _compute(self) -> None:
        raise NotImplementedError


def internal_error(exc: BaseException) -> str:
    """The message a page shows for an exception that is not a refusal (a bug)."""
    return (f"internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
            "sgexplore, the details are in the server's log")


def warm_in_background(model) -> threading.Thread:
    """Start ``model.warm_up()`` (compiling a view's click path) in a thread and return it;
    warming is best effort, since the real calls report their own errors."""
    def run() -> None:
        try:
            model.warm_up()
        except Exception:  # noqa: BLE001 - best effort, see above
            pass
    thread = threading.Thread(target=run, daemon=False)
    thread.start()
    return thread
