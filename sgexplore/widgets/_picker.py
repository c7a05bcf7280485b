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


def _choices() -> list[str]:
    wallpaper = [f"{g.symbol}  ({g.conway}, plane group {g.number})" for g in all_wallpaper_groups()]
    space = [f"{g.symbol}  (space group {g.number})" for g in all_space_groups()]
    return wallpaper + space


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
        super().__init__([self.combobox, self.message, self.summary], **kwargs)
        self.combobox.observe(self._on_text, "value")
        self.state.observe(self._render, ["group", "error"])
        self.state.key = key
        self._render()

    def _on_text(self, change: dict) -> None:
        if change["new"].strip():
            self.state.key = change["new"]

    def _render(self, change: dict | None = None) -> None:
        if self.state.error:
            self.message.value = (
                f"<div class='sg-error' style='color:#b00020'>{escape(self.state.error)}</div>"
            )
        else:
            self.message.value = ""
        if self.state.group is not None:
            self.summary.value = group_summary_html(self.state.group)
