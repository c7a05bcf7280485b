"""GroupPicker: choose any wallpaper or space group by number or symbol."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..groups import (
    CrystallographicGroup,
    UnknownGroupError,
    all_space_groups,
    all_wallpaper_groups,
)
from ..render import (
    BARE,
    GENERAL_POINT_2D,
    GENERAL_POINT_3D,
    diagram_plane_basis,
    group_summary_html,
    plot_general_positions,
)
from ._base import GroupState, describe_readings, group_readings, sync_figure
from ._figure import FigureWidget
from ._subgroups import SubgroupTable


def _label(g: CrystallographicGroup) -> str:
    if g.dim == 2:
        return f"{g.symbol}  ({g.conway}, plane group {g.number})"
    return f"{g.symbol}  (space group {g.number})"


def _choices() -> list[str]:
    return [_label(g) for g in (*all_wallpaper_groups(), *all_space_groups())]


def _system_name(g: CrystallographicGroup) -> str:
    return f"{'plane' if g.dim == 2 else 'space'} groups: {g.lattice_system}"


def lattice_systems() -> dict[str, list[str]]:
    """The grouped list: each lattice system (plane groups first, then space groups, in
    the order of their first group number) with the labels of its groups, by number."""
    systems: dict[str, list[str]] = {}
    for g in (*all_wallpaper_groups(), *all_space_groups()):
        systems.setdefault(_system_name(g), []).append(_label(g))
    return systems


class GroupPicker(widgets.VBox):
    """A search-as-you-type group chooser with a summary card of the chosen group.

    Wallpaper groups are typed in lower case or as Conway symbols (``p4m``, ``*442``),
    space groups in upper case or as Hall symbols (``Fm-3m``, ``Hall:-F 4 2 3``), and
    either by number: 18-230 are space groups; 1-17 name a plane group and a space group,
    both offered (the plane group first).

    The chosen group is ``state.group`` (a ``GroupState``, the dashboard's when given); the
    box shows it, a refused key is reported in ``message`` and leaves it as it was.
    """

    def __init__(self, key: str = "p4mm", state: GroupState | None = None, **kwargs) -> None:
        self.state = state if state is not None else GroupState()
        self.error = ""  # why the last key typed was refused
        self._ambiguous = ""  # the two groups the last number typed names
        self.combobox = widgets.Combobox(
            options=_choices(), placeholder="group symbol or number, e.g. p4m, *632, Fm-3m",
            description="Group", ensure_option=False, continuous_update=False,
            layout=widgets.Layout(width="32em"),
        )
        self.combobox.add_class("sg-group-input")
        self.message = widgets.HTML()
        self.message.add_class("sg-message")
        # A number naming a plane group and a space group: both readings, one click apart.
        self.readings = widgets.ToggleButtons(options=[], description="read as",
                                              layout=widgets.Layout(display="none"),
                                              style={"button_width": "auto"})
        self.readings.add_class("sg-group-readings")
        self.summary = widgets.HTML()
        self.summary.add_class("sg-summary")
        self._systems = lattice_systems()
        self.system = widgets.Dropdown(
            options=[f"{name} ({len(labels)})" for name, labels in self._systems.items()],
            description="Browse", layout=widgets.Layout(width="32em"))
        self.system.add_class("sg-lattice-system")
        self.listing = widgets.Select(rows=8, layout=widgets.Layout(width="32em"))
        self._browsing = False
        self.listing.add_class("sg-group-list")
        self.point: np.ndarray | None = None
        self.orbit_info = widgets.HTML()
        self.orbit_info.add_class("sg-orbit-info")
        self.diagram = FigureWidget(go.Figure())
        self.diagram.add_class("sg-general-position")
        self.subgroups = SubgroupTable(self.state)
        super().__init__([self.combobox, self.message, self.readings, self.system, self.listing,
                          self.diagram, self.orbit_info, self.summary, self.subgroups], **kwargs)
        self.combobox.observe(self._on_text, "value")
        self.system.observe(self._on_system, "value")
        self.listing.observe(self._on_listing, "value")
        self.readings.observe(self._on_reading, "value")
        self.state.observe(self._render, "group")
        # The box shows the current group, wherever it was chosen.
        traitlets.dlink((self.state, "group"), (self.combobox, "value"), transform=_label)
        self.combobox.value = key
        self._render()

    def _on_text(self, change: dict) -> None:
        text = change["new"].split("  (")[0].strip()
        if not text or change["new"] == _label(self.state.group):
            return  # the box showing the group, not a key typed
        try:
            readings = group_readings(text)
        except UnknownGroupError as exc:
            self.error = str(exc)
            self._show_message()
            return
        self.error = ""
        self.readings.options = [(_label(g), g) for g in readings] if len(readings) > 1 else []
        self.readings.layout.display = None if len(readings) > 1 else "none"
        self._ambiguous = describe_readings(text, readings) if len(readings) > 1 else ""
        if len(readings) > 1:
            self.readings.value = readings[0]
        self.state.group = readings[0]
        self._show_message()
        self.combobox.value = _label(self.state.group)  # also when the group was shown already

    def _on_reading(self, change: dict) -> None:
        if change["new"] is not None:
            self.state.group = change["new"]

    def _show_message(self) -> None:
        if self.error:
            self.message.value = f"<div class='sg-error' style='color:#b00020'>{escape(self.error)}</div>"
        elif self._ambiguous:
            self.message.value = f"<div class='sg-note sg-two-readings'>{escape(self._ambiguous)}</div>"
        else:
            self.message.value = ""

    def _on_system(self, change: dict) -> None:
        """Browsing a lattice system lists its groups; it does not change the group."""
        name = change["new"].rsplit(" (", 1)[0]
        current = self.state.group
        self._browsing = True
        try:
            self.listing.options = self._systems[name]
            self.listing.value = (_label(current) if current is not None
                                  and _system_name(current) == name else None)
        finally:
            self._browsing = False

    def _on_listing(self, change: dict) -> None:
        if self._browsing or not change["new"]:
            return
        if change["new"] != _label(self.state.group):
            self.combobox.value = change["new"]

    def _show_in_listing(self, g: CrystallographicGroup) -> None:
        name = _system_name(g)
        self.system.value = f"{name} ({len(self._systems[name])})"
        if tuple(self.listing.options) != tuple(self._systems[name]):  # same system: no event
            self._on_system({"new": self.system.value})
        self.listing.value = _label(g)

    def _render(self, change: dict | None = None) -> None:
        if change is not None:
            if change["new"] not in [g for _, g in self.readings.options]:
                # Chosen elsewhere (another tab, the list, a symbol): not one of two readings.
                self.readings.options, self._ambiguous = [], ""
                self.readings.layout.display = "none"
            self.error = ""
            self._show_message()
        # Everything is computed before anything is shown, so that the card, the diagram,
        # the list and the link change together (the diagram lagged the card by seconds).
        summary = group_summary_html(self.state.group)
        # Drawn once per group: the explicit first render finds it drawn already.
        redraw = change is not None or not self.diagram.data
        if redraw:
            self.point = None
            figure = self._diagram()
        self.summary.value = summary
        self._show_in_listing(self.state.group)
        if redraw:
            self._draw_diagram(figure)

    def _diagram(self) -> go.Figure:
        """ITA's general-position diagram (or the orbit of the clicked point) over an
        invisible layer that catches clicks anywhere in the cell; without a template, as
        only the live diagram (which keeps its own) is updated with it."""
        g = self.state.group
        base = plot_general_positions(g, point=self.point, template=BARE)
        xs = np.concatenate([t.x for t in base.data if t.x is not None and len(t.x)]).astype(float)
        ys = np.concatenate([t.y for t in base.data if t.y is not None and len(t.y)]).astype(float)
        xs, ys = xs[np.isfinite(xs)], ys[np.isfinite(ys)]
        gx = np.linspace(xs.min(), xs.max(), 90)
        gy = np.linspace(ys.min(), ys.max(), 90)
        layer = go.Heatmap(x=gx, y=gy, z=np.zeros((len(gy), len(gx))), showscale=False,
                           colorscale=[[0, "white"], [1, "white"]], name="click a point",
                           hovertemplate="click to see the orbit of this point<extra></extra>")
        figure = go.Figure([layer, *base.data], base.layout)
        # The plot takes the page's width (a phone's 400 px included), at most 640 px.
        figure.update_layout(autosize=True)
        return figure

    def _draw_diagram(self, figure: go.Figure | None = None) -> None:
        sync_figure(self.diagram, figure if figure is not None else self._diagram())
        self.diagram.data[0].on_click(self._on_diagram_click)
        self._describe_orbit()

    def _describe_orbit(self) -> None:
        g = self.state.group
        point = self.point if self.point is not None else np.array(
            GENERAL_POINT_2D if g.dim == 2 else GENERAL_POINT_3D)
        site = g.site_symmetry(point)
        coordinates = ", ".join(f"{v:.3f}" for v in point)
        self.orbit_info.value = (
            f"<div class='sg-orbit' data-points='{site.multiplicity}'>Orbit of ({coordinates}): "
            f"{site.multiplicity} point{'s' if site.multiplicity > 1 else ''} in the cell, Wyckoff position "
            f"{site.multiplicity}{escape(site.letter)} (site symmetry {escape(site.symbol)}). "
            "<small>Click the diagram to choose another point; a comma marks a mirror image "
            "(det R = -1)" + ("; heights are z along c" if g.dim == 3 else "") + ".</small></div>")

    def _on_diagram_click(self, trace, points, state) -> None:
        if not points.xs:
            return
        g = self.state.group
        xy = np.linalg.solve(diagram_plane_basis(g), [points.xs[0], points.ys[0]])
        point = np.mod(xy, 1.0) if g.dim == 2 else np.mod(np.r_[xy, GENERAL_POINT_3D[2]], 1.0)
        self.select_point(point)

    def select_point(self, point) -> None:
        """Draw the orbit of ``point`` (fractional): coordinates within 1/100 of a multiple
        of 1/12 snap to it, so that a click can land on a rotation centre or a mirror."""
        point = np.asarray(point, dtype=float)
        snapped = np.round(point * 12) / 12
        point = np.mod(np.where(np.abs(point - snapped) < 0.01, snapped, point), 1.0)
        self.point = point
        self._draw_diagram()
