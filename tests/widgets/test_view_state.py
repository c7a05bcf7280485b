"""Each view shows its own controls and says what it shows: the space-group page's Orbifold
view hides the isosurface controls, and the main dashboard's plane tabs say when the page's
group is a space group (they keep the last plane group)."""

from __future__ import annotations

from sgexplore.groups import space_group, wallpaper_group
from sgexplore.widgets import explorer_dashboard, space_group_dashboard


def test_space_orbifold_view_shows_only_its_own_controls():
    page = space_group_dashboard({"group": "P2_12_12_1"})
    explorer = page.explorer
    scene = (explorer.mode, explorer.index, explorer.seed, explorer.level, explorer.slice_axis,
             explorer.slice)
    assert all(c.layout.display is None for c in scene)
    explorer.tabs.selected_index = 1
    assert all(c.layout.display == "none" for c in scene)
    assert explorer.group_box.layout.display is None  # the group is chosen in either view
    explorer.tabs.selected_index = 0
    assert all(c.layout.display is None for c in scene)
    opened = space_group_dashboard({"view": "orbifold"}).explorer
    assert all(c.layout.display == "none" for c in (opened.level, opened.index))


def test_plane_tabs_say_when_the_group_is_a_space_group():
    page = explorer_dashboard({"group": "p4g", "tab": "2"})
    note = page.children[2].children[0]
    assert "sg-plane-note" in note._dom_classes and note.value == ""
    page.state.group = space_group("Fm-3m")
    assert "<b>Fm-3m</b> is a space group" in note.value and "<b>p4g</b>" in note.value
    page.tabs.selected_index = 0  # the Group tab shows Fm-3m itself
    assert note.value == ""
    page.tabs.selected_index = 3
    assert "<b>p4g</b>" in note.value
    page.state.group = wallpaper_group("p6m")
    assert note.value == ""
    linked = explorer_dashboard({"group": "Ia-3d", "tab": "1"}).children[2].children[0]
    assert "<b>Ia-3d</b> is a space group" in linked.value and "<b>p4m</b>" in linked.value
