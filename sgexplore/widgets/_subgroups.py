"""SubgroupTable: the maximal subgroups (and, for plane groups, minimal supergroups) of the
dashboard's group as buttons that walk down and up the group-subgroup graph."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..groups import CrystallographicGroup, SgexploreError, SubgroupRelation
from ._base import GroupState, group_key


def _name(g) -> str:
    return g.common_symbol if g.dim == 2 and g.common_symbol != g.symbol else g.symbol


def relation_label(r: SubgroupRelation, up: bool = False) -> str:
    """E.g. ``'[2] t p4 (a,b)'``; ``up`` names the supergroup instead, with the
    transformation from its setting to this group's."""
    kind = r.kind + ("I" if r.isomorphic else "")
    other = r.group if up else r.subgroup
    conj = f" x{r.conjugates}" if r.conjugates > 1 else ""
    return f"[{r.index}] {kind} {_name(other)}{conj} ({r.transformation})"


def relation_key(r: SubgroupRelation) -> str:
    """The name a deep link gives the maximal subgroup ``r`` of ``r.group``: the
    subgroup's symbol (``group_key``), followed by ``:`` and the transformation where
    another class of the group's maximal subgroups has the same type.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> [relation_key(r) for r in wallpaper_group("p4g").maximal_subgroups()]
        ['p4', 'cmm', 'pgg', 'p4g']
        >>> relation_key(wallpaper_group("p4m").maximal_subgroups()[-1])
        'p4m:a-b,a+b;1/2,1/2'
    """
    name = group_key(r.subgroup)
    same = sum(group_key(s.subgroup) == name for s in r.group.maximal_subgroups())
    return name if same == 1 else f"{name}:{r.transformation}"


def find_relation(group: CrystallographicGroup, key: str) -> SubgroupRelation:
    """The maximal subgroup of ``group`` that ``key`` names: ``relation_key``'s name, the
    subgroup's full symbol in place of the short one (``p2mm`` for ``pmm``), or any
    subgroup as ``symbol:transformation``.

    Raises:
        SgexploreError: ``key`` names no maximal subgroup of ``group``, or several (the
            message lists the keys of all of them).

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> find_relation(wallpaper_group("p4m"), "p2mm").transformation
        'a,b'
        >>> find_relation(wallpaper_group("p4m"), "p2")
        Traceback (most recent call last):
        ...
        sgexplore.groups._errors.SgexploreError: p2 is not a maximal subgroup of p4m; its maximal subgroups are p4, cmm, pmm, p4g:a-b,a+b, p4g:a-b,a+b;1/2,1/2, p4m:a-b,a+b, p4m:a-b,a+b;1/2,1/2
    """
    symbol, _, transformation = str(key).strip().partition(":")
    relations = group.maximal_subgroups()
    found = [r for r in relations if symbol in (r.subgroup.symbol, group_key(r.subgroup))
             and transformation in ("", r.transformation)]
    if len(found) == 1:
        return found[0]
    keys = ", ".join(relation_key(r) for r in (found or relations))
    if found:
        raise SgexploreError(f"{symbol} names {len(found)} maximal subgroups of "
                             f"{group_key(group)}: {keys}")
    raise SgexploreError(f"{str(key).strip()[:40]} is not a maximal subgroup of "
                         f"{group_key(group)}; its maximal subgroups are {keys}")


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
