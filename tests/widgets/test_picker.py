"""GroupPicker without a browser: search box, grouped list by lattice system, summary."""

from __future__ import annotations

import pytest

from sgexplore.groups import all_space_groups, all_wallpaper_groups
from sgexplore.widgets import GroupPicker
from sgexplore.widgets._picker import lattice_systems

# Numbers of groups per lattice system (International Tables A, tables 2.1.2.1 and 8.2.1.2).
ITA_COUNTS = {
    "plane groups: oblique": 2, "plane groups: rectangular": 7, "plane groups: square": 3,
    "plane groups: hexagonal": 5, "space groups: triclinic": 2, "space groups: monoclinic": 13,
    "space groups: orthorhombic": 59, "space groups: tetragonal": 68,
    "space groups: hexagonal": 45, "space groups: rhombohedral": 7, "space groups: cubic": 36,
}


def test_the_grouped_list_partitions_all_247_groups_as_in_the_tables():
    systems = lattice_systems()
    assert {name: len(labels) for name, labels in systems.items()} == ITA_COUNTS
    labels = [label for group_labels in systems.values() for label in group_labels]
    assert len(labels) == len(set(labels)) == 17 + 230
    for g in (*all_wallpaper_groups(), *all_space_groups()):
        listed = [name for name, group_labels in systems.items()
                  if any(label.startswith(g.symbol + "  (") for label in group_labels)]
        assert listed == [f"{'plane' if g.dim == 2 else 'space'} groups: {g.lattice_system}"], g.symbol


@pytest.fixture
def picker():
    return GroupPicker("p4m")


def test_browsing_a_lattice_system_lists_it_without_changing_the_group(picker):
    assert picker.listing.value.startswith("p4mm  (")
    cubic = next(option for option in picker.system.options if "cubic" in option)
    picker.system.value = cubic
    assert len(picker.listing.options) == 36 and picker.listing.value is None
    assert picker.state.group.symbol == "p4mm"


def test_choosing_from_the_list_sets_the_group_and_the_search_box(picker):
    picker.system.value = next(option for option in picker.system.options if "cubic" in option)
    picker.listing.value = picker.listing.options[4]
    assert picker.state.group.number == 199 and picker.combobox.value.startswith("I2_13")
    assert "199" in picker.summary.value


def test_typing_moves_the_list_to_the_group_and_bad_input_is_reported(picker):
    picker.combobox.value = "P2_1/c"
    assert picker.system.value == "space groups: monoclinic (13)"
    assert picker.listing.value.startswith("P2_1/c  (space group 14)")
    picker.combobox.value = "P7"
    assert "unknown group" in picker.message.value
    assert picker.state.group.number == 14  # the last valid group stays


@pytest.mark.parametrize("key", ["p2", "p1", "P1", "Fm-3m", "*632"])
def test_starting_in_any_system_lists_the_group(key):
    picker = GroupPicker(key)
    assert picker.listing.value == next(label for label in picker.listing.options
                                        if label.startswith(picker.state.group.symbol + "  ("))
