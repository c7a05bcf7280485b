"""The space-group lesson, headless: answers computed by sgexplore and checked against
independent counts, no answer shown before it is given, deep links."""

from __future__ import annotations


import numpy as np
import pytest

from sgexplore import space_group
from sgexplore.widgets import space_lesson_dashboard
from sgexplore.widgets._lesson_space import (
    REFLECTIONS,
    absent_reflections,
    copies_in_cell,
    vertex_point_groups,
)


@pytest.fixture(scope="module")
def lesson():
    return space_lesson_dashboard({})


def _brute_force_absent(symbol: str) -> set[tuple[int, int, int]]:
    """k is absent when the group average of exp(2 pi i k.x) over an orbit vanishes at a
    few generic points (the structure factor of one atom in the general position)."""
    g = space_group(symbol)
    points = np.random.default_rng(1).random((3, 3))
    absent = set()
    for k in REFLECTIONS:
        total = 0.0
        for x in points:
            images = np.array([op.rotation @ x + op.translation for op in g.operations])
            total += abs(np.exp(2j * np.pi * images @ np.array(k)).sum())
        if total < 1e-9:
            absent.add(k)
    return absent


@pytest.mark.parametrize("symbol", ["P2_1/c", "C2/c", "Pnma", "Fm-3m", "P6_3/mmc", "Ia-3d",
                                    "P2_12_12_1", "P1"])
def test_answers_agree_with_independent_counts(symbol):
    assert set(absent_reflections(symbol)) == _brute_force_absent(symbol)
    g = space_group(symbol)
    # Copies: the cell's volume over the asymmetric unit's.
    assert copies_in_cell(symbol) == round(1 / g.fundamental_domain.measure)


def test_exercises_check_answers_and_reveal_only_when_right(lesson):
    text = " ".join(getattr(w, "value", "") for w in _all_widgets(lesson) if hasattr(w, "value")
                    and isinstance(getattr(w, "value"), str))
    for answer in ("m-3m, -43m", "-43m, m-3m", "chi", "Sohncke", "4 copies of C2/c"):
        assert answer not in text
    titles = [f.layout.title.text for f in lesson.figures.values()]
    assert not any("chi" in t or "Sohncke" in t or " of 8 " in t for t in titles)
    copies = lesson.exercises["copies"]
    copies.control.value = 4
    assert not copies.check() and "centred" in copies.feedback.value
    copies.control.value = 8
    assert copies.check() and "8: 4 point operations" in copies.feedback.value
    absent = lesson.exercises["absent"]
    absent.control.value = ("(0, 1, 0)", "(0, 2, 0)")
    assert not absent.check() and "(0, 2, 0) is not absent" in absent.feedback.value
    absent.control.value = ("(0, 1, 0)", "(0, 0, 1)", "(1, 0, 1)")
    assert absent.check() and "screw" in absent.feedback.value and "glide" in absent.feedback.value
    orbifold = lesson.exercises["orbifold"]
    orbifold.control.value = 2
    assert not orbifold.check()
    orbifold.control.value = 4
    assert orbifold.check() and "-1" in orbifold.feedback.value
    vertex = lesson.exercises["vertex"]
    assert vertex.revealed.children == ()
    vertex.control.value = ("m-3m", "4/mmm")
    assert not vertex.check() and vertex.revealed.children == ()
    vertex.control.value = tuple(sorted(vertex_point_groups("Fm-3m")))
    assert vertex.check() and vertex.revealed.children == (lesson.figures["vertex"],)
    labels = [t for t in lesson.figures["vertex"].data if t.name == "singular vertices"][0].text
    assert set(labels) == {"m-3m", "mmm", "-43m"}


def test_tiling_figure_draws_on_load_and_is_not_the_exercise_group(lesson):
    meshes = [t for t in lesson.figures["tiling"].data if t.type == "mesh3d"]
    assert len(meshes) == 4  # P2_1/c; the exercise asks about C2/c
    other = space_lesson_dashboard({"copies": "P2_1/c"})
    assert len([t for t in other.figures["tiling"].data if t.type == "mesh3d"]) == 2  # P-1


def test_deep_links_choose_the_groups_and_report_unknown_ones():
    page = space_lesson_dashboard({"copies": "Fm-3m", "absent": "62", "vertex": "Q9"})
    assert "Fm-3m" in page.exercises["copies"].question
    assert "Pnma" in page.exercises["absent"].question
    assert "using Fm-3m for vertex" in page.children[0].value
    page.exercises["copies"].control.value = 192
    assert page.exercises["copies"].check()


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)
