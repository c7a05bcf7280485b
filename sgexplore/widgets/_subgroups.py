"""SubgroupTable: the maximal subgroups (and, for plane groups, minimal supergroups) of the
dashboard's group as buttons that walk down and up the group-subgroup graph."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..groups import SubgroupRelation
from ._base import GroupState


def _name(g) -> str:
    return g.common_symbol if g.dim == 2 and g.common_symbol != g.symbol else g.symbol


def relation_label(r: SubgroupRelation, up: bool = False) -> str:
    """E.g. ``'[2] t p4 (a,b)'``; ``up`` names the supergroup instead, with the
    transformation from its setting to this group's."""
    kind = r.kind + ("I" if r.isomorphic else "")
    other = r.group if up else r.subgroup
    conj = f" x{r.conjugates}" if r.conjugates > 1 else ""
    return f"[{r.index}] {kind} {_name(other)}{conj} ({r.transformation})"


class SubgroupTable(widgets.Accordion):
    """A closed accordion on the Group tab: opened, it lists the group's maximal subgroups
    (index, kind t/k, I for isomorphic, number of conjugates, transformation) as buttons that
    make the subgroup the dashboard's group, and for plane groups the minimal supergroups as
    buttons that walk up. Nothing is computed until it is opened (space groups take a second).
    """

    def __init__(self, state: GroupState) -> None:
        self.state = state
        self.down = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.up = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.note = widgets.HTML()
        self._shown = None
        box = widgets.VBox([widgets.HTML("<b>maximal subgroups</b> (click to walk down)"),
                            self.down, widgets.HTML("<b>minimal supergroups</b> (click to walk up)"),
                            self.up, self.note])
        super().__init__([box], selected_index=None)
        self.set_title(0, "Subgroups and supergroups")
        self.add_class("sg-subgroups")
        self.observe(self._render, "selected_index")
        state.observe(self._render, "group")

    def _render(self, change: dict | None = None) -> None:
        g = self.state.group
        if self.selected_index is None or g is None or self._shown == g:
            return
        self._shown = g
        self.down.children = [self._button(r, r.subgroup, up=False) for r in g.maximal_subgroups()]
        if g.dim == 2:
            self.up.children = [self._button(r, r.group, up=True) for r in g.minimal_supergroups()]
            self.note.value = ""
        else:
            self.up.children = []
            self.note.value = ("<i>minimal supergroups of space groups: "
                               f"{escape('sgexplore.space_group(...).minimal_supergroups()')}"
                               " (computes every group's subgroups once)</i>")

    def _button(self, r: SubgroupRelation, target, up: bool) -> widgets.Button:
        button = widgets.Button(description=relation_label(r, up), tooltip=(
            f"{r.group.symbol} > {r.subgroup.symbol}, index {r.index}, {r.conjugates} conjugate(s)"),
            layout=widgets.Layout(width="auto"))
        button.add_class("sg-walk-up" if up else "sg-walk-down")
        button.on_click(lambda _: setattr(self.state, "group", target))
        return button
