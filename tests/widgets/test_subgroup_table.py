"""The Group tab's subgroup table without a browser: closed, it computes nothing; opened, its
buttons walk down to a maximal subgroup and up to a minimal supergroup."""

from __future__ import annotations

from sgexplore import wallpaper_group
from sgexplore.widgets import GroupPicker


def test_walk_down_and_up_the_subgroup_graph():
    picker = GroupPicker("p4m")
    table = picker.subgroups
    assert table.down.children == ()
    table.selected_index = 0
    labels = [b.description for b in table.down.children]
    assert labels[:3] == ["[2] t p4 (a,b)", "[2] t cmm (a-b,a+b)", "[2] t pmm (a,b)"]
    assert any(label.startswith("[2] kI p4m") for label in labels)
    table.down.children[2].click()
    assert picker.state.group == wallpaper_group("p2mm")
    ups = {b.description.split(" (")[0] for b in table.up.children}
    assert "[2] t p4m" in ups
    next(b for b in table.up.children if b.description.startswith("[2] t p4m")).click()
    assert picker.state.group == wallpaper_group("p4mm")


def test_space_groups_list_subgroups_only():
    picker = GroupPicker("Pm-3m")
    picker.subgroups.selected_index = 0
    assert any(b.description.startswith("[3] t P4/mmm x3") for b in picker.subgroups.down.children)
    assert picker.subgroups.up.children == ()
