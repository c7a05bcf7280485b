"""GroupPicker: choose any wallpaper or space group by number or symbol."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets

from ..groups import (
    CrystallographicGroup,
    UnknownGroupError,
    all_space_groups,
    all_wallpaper_groups,
    group,
)
from ..render import group_summary_html


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


class GroupState(traitlets.HasTraits):
    """The model: a key typed by the user, the group it names, or an error message."""

    key = traitlets.Unicode("")
    group = traitlets.Instance(CrystallographicGroup, allow_none=True)
    error = traitlets.Unicode("")

    @traitlets.observe("key")
    def _resolve(self, change: dict) -> None:
        text = change["new"].split("  (")[0].strip()
        try:
            resolved = group(text)
        except UnknownGroupError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.group = resolved


class GroupPicker(widgets.VBox):
    """A search-as-you-type group chooser with a summary card of the chosen group.

    Wallpaper groups are typed in lower case or as Conway symbols (``p4m``, ``*442``),
    space groups in upper case or as Hall symbols (``Fm-3m``, ``Hall:-F 4 2 3``).
    """

    def __init__(self, key: str = "p4mm", **kwargs) -> None:
        self.state = GroupState()
        self.combobox = widgets.Combobox(
            options=_choices(), placeholder="group symbol or number, e.g. p4m, *632, Fm-3m",
            description="Group", ensure_option=False, continuous_update=False,
            layout=widgets.Layout(width="32em"),
        )
        self.combobox.add_class("sg-group-input")
        self.message = widgets.HTML()
        self.message.add_class("sg-message")
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
        super().__init__([self.combobox, self.message, self.system, self.listing, self.summary],
                         **kwargs)
        self.combobox.observe(self._on_text, "value")
        self.system.observe(self._on_system, "value")
        self.listing.observe(self._on_listing, "value")
        self.state.observe(self._render, ["group", "error"])
        self.state.key = key
        self._render()

    def _on_text(self, change: dict) -> None:
        if change["new"].strip():
            self.state.key = change["new"]

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
        if self.state.group is None or change["new"] != _label(self.state.group):
            self.combobox.value = change["new"]

    def _show_in_listing(self, g: CrystallographicGroup) -> None:
        name = _system_name(g)
        self.system.value = f"{name} ({len(self._systems[name])})"
        if tuple(self.listing.options) != tuple(self._systems[name]):  # same system: no event
            self._on_system({"new": self.system.value})
        self.listing.value = _label(g)

    def _render(self, change: dict | None = None) -> None:
        if self.state.error:
            self.message.value = (
                f"<div class='sg-error' style='color:#b00020'>{escape(self.state.error)}</div>"
            )
        else:
            self.message.value = ""
        if self.state.group is not None:
            self.summary.value = group_summary_html(self.state.group)
            self._show_in_listing(self.state.group)
