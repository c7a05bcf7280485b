"""The checkbox multiple choice used by the lessons' exercises in place of a ctrl-click list."""

from __future__ import annotations

import pytest
import traitlets

from sgexplore.widgets._checklist import Checklist


def test_value_follows_the_boxes_in_option_order():
    choice = Checklist(options=["a", "b", "c"], description="k")
    assert choice.value == () and [b.description for b in choice.boxes] == ["a", "b", "c"]
    choice.boxes[2].value = True
    choice.boxes[0].value = True
    assert choice.value == ("a", "c")
    choice.boxes[2].value = False
    assert choice.value == ("a",)


def test_setting_the_value_checks_exactly_those_boxes_and_refuses_strangers():
    choice = Checklist(options=["a", "b", "c"])
    choice.value = ("c", "b")
    assert choice.value == ("b", "c") and [b.value for b in choice.boxes] == [False, True, True]
    with pytest.raises(traitlets.TraitError, match="not an option: z"):
        choice.value = ("z",)
    assert choice.value == ("b", "c")


def test_new_options_keep_the_checked_ones_that_remain():
    choice = Checklist(options=["a", "b"], value=("b",))
    choice.options = ("b", "c")
    assert choice.value == ("b",) and [b.value for b in choice.boxes] == [True, False]
    assert choice.children[-2:] == tuple(choice.boxes)


def test_the_lessons_ask_with_checkboxes_not_ctrl_click():
    from sgexplore.widgets._lesson import extinct_exercise
    from sgexplore.widgets._lesson_space import absent_exercise, vertex_exercise

    for exercise in (extinct_exercise("pg"), absent_exercise("P2_1/c"), vertex_exercise("Fm-3m")):
        assert isinstance(exercise.control, Checklist)
        assert "ctrl" not in exercise.question
