"""The space-group lesson, headless: answers computed by sgexplore and checked against
independent counts, no answer shown before it is given, deep links."""

from __future__ import annotations


import numpy as np
import pytest

import itertools
import re
from fractions import Fraction

from sgexplore import space_group
from sgexplore.groups import all_space_groups
from sgexplore.orbifolds import orbifold
from sgexplore.widgets import space_lesson_dashboard
from sgexplore.widgets._lesson_space import (
    REFLECTIONS,
    absent_reflections,
    copies_in_cell,
    orbifold_answer,
    vertex_point_groups,
    vertex_section_text,
)

SPACE_GROUPS = all_space_groups()
SPACE_IDS = [g.symbol for g in SPACE_GROUPS]


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
    assert orbifold.check() and "4, with local group -1." in orbifold.feedback.value
    vertex = lesson.exercises["vertex"]
    assert vertex.revealed.children == ()
    vertex.control.value = ("m-3m", "4/mmm")
    assert not vertex.check() and vertex.revealed.children == ()
    vertex.control.value = tuple(sorted(vertex_point_groups("Fm-3m")))
    assert vertex.check() and vertex.revealed.children == (lesson.figures["vertex"],)
    labels = [t for t in lesson.figures["vertex"].data if t.name == "singular vertices"][0].hovertext
    assert {h.split(" / ")[0] for h in labels} == {"m-3m", "mmm", "-43m"}


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


# ---- every text of sections 4 and 5 and of the absent exercise, for all 230 groups ----

_SHIFTS = np.array(list(itertools.product((-2, -1, 0, 1, 2), repeat=3)), dtype=np.int64)


def _brute_force_kinds(g) -> dict:
    """The point-fixing elements from the operations alone, exactly (integers over 24): a
    coset R x + t + l of order n holds a pure rotation (det +1) or a mirror (n = 2, det -1)
    when some lattice shift l gives sum_i R^i (t + l) = 0 (that member fixes a point);
    R = -I is an inversion; any other det -1 operation is a rotoinversion -m, m the order
    of -R."""
    orders, mirrors, inversions, rotoinversions = set(), False, False, set()
    for op in g.operations:
        r = op.rotation.astype(np.int64)
        n = next(k for k in range(1, 7) if np.array_equal(np.linalg.matrix_power(r, k), np.eye(3)))
        if n == 1:
            continue
        det = round(np.linalg.det(r))
        total = sum(np.linalg.matrix_power(r, i) for i in range(n))
        fixes = bool(np.any(np.all((op.translation_numerator + 24 * _SHIFTS) @ total.T == 0, axis=1)))
        if det == 1 and fixes:
            orders.add(n)
        elif det == -1 and np.array_equal(r, -np.eye(3)):
            inversions = True
        elif det == -1 and n == 2:
            mirrors |= fixes
        elif det == -1:
            m = next(k for k in range(1, 7) if np.array_equal(np.linalg.matrix_power(-r, k), np.eye(3)))
            rotoinversions.add(f"-{m}")
    return {"orders": orders, "mirrors": mirrors, "inversions": inversions,
            "rotoinversions": rotoinversions}


@pytest.mark.parametrize("g", SPACE_GROUPS, ids=SPACE_IDS)
def test_vertex_section_names_exactly_the_groups_elements(g):
    """Section 5 names the rotation orders, mirrors, inversion centres and rotoinversions
    the group has (computed from its operations, not from cell_elements), nothing else, and
    neither the vertices' point groups nor whether there are any (the exercise's answers).
    P6_3/mmc: orders 2 and 3, no 4."""
    kinds = _brute_force_kinds(g)
    text = vertex_section_text(g.symbol)
    assert text.startswith(g.symbol + " has ")
    found = re.search(r"rotation axes of orders? (\d(?:(?:, | and )\d)*)", text)
    if found:
        assert {int(n) for n in re.findall(r"\d", found.group(1))} == kinds["orders"]
    else:
        assert not kinds["orders"] and "rotation axes of" not in text
    head = text.split(".")[0]
    assert ("mirror planes" in head and "no rotation axes, mirror planes" not in head) == kinds["mirrors"]
    assert ("inversion centres" in head and "inversion centres or" not in head) == kinds["inversions"]
    assert set(re.findall(r"-[346](?= |,)", head)) == kinds["rotoinversions"]
    # The rotoinversions are elements the section names (-3 points); no point group else.
    elements_named = re.sub(r"(-\d(, | and )?)+ rotoinversion points", "", text)
    for point_group in vertex_point_groups(g.symbol):
        assert f" {point_group} " not in elements_named
    assert "Decide from the figure below where such points lie, if anywhere" in text


@pytest.mark.parametrize("g", SPACE_GROUPS, ids=SPACE_IDS)
def test_orbifold_answer_for_every_group(g):
    """The answer names the number of singular vertices and their point groups (never an
    empty list), and says there are no singular edges exactly when the group has no pure
    rotation axis (found from the operations). P2_1_2_1_2_1: "0: no point ..."."""
    o = orbifold(g)
    text = orbifold_answer(g.symbol)
    count = len(o.singular_vertices)
    assert text.startswith(f"{count}, with local group" if count else "0: no point of")
    assert not re.search(r"group\(?s?\)? ?\.", text)
    for v in o.singular_vertices:
        assert v.local_group.hermann_mauguin in text
    assert ("no singular edges" in text) == (not _brute_force_kinds(g)["orders"])
    hidden = orbifold_answer(g.symbol, local_groups=False)
    assert not [v for v in o.singular_vertices if f" {v.local_group.hermann_mauguin}" in hidden]


@pytest.mark.parametrize("g", SPACE_GROUPS, ids=SPACE_IDS)
def test_absent_answer_for_every_group(g):
    """The absent reflections are those whose orbit sums vanish (brute force), and each
    explanation's operation fixes k with the stated k.t modulo 1 (not 0)."""
    from sgexplore.groups import Operation

    absent = absent_reflections(g.symbol)
    assert set(absent) == _brute_force_absent(g.symbol)
    for k, (_, xyz, phase) in absent.items():
        op = Operation.from_xyz(xyz)
        assert tuple(op.rotation.T @ np.array(k)) == k
        assert Fraction(int(np.array(k) @ op.translation_numerator), 24) % 1 == phase != 0


# ---- no answer shown before it is given, on pages a link can make ----

def _visible_text(widget) -> str:
    """Every text the page shows: HTML, feedback, figure titles, trace names, labels and
    hover texts (controls' option lists left out: they offer, they do not answer)."""
    texts = []
    for w in _all_widgets(widget):
        if hasattr(w, "layout") and hasattr(w, "data") and hasattr(w, "batch_update"):
            texts.append(str(w.layout.title.text))
            for t in w.data:
                texts += [str(t.name), str(getattr(t, "text", "")), str(getattr(t, "hovertext", "")),
                          str(getattr(t, "hovertemplate", ""))]
        elif type(w).__name__ in ("HTML", "Label", "HTMLMath"):
            texts.append(w.value)
    return "\n".join(texts)


def _right_answer(page, key, groups):
    from sgexplore.widgets._transition import asked_split, first_new_level

    if key == "index":
        return page.transition.index
    if key == "splitting":
        return " ".join(f"{w.multiplicity}{w.letter}" for w in asked_split(page.transition).parts)
    if key == "new-functions":
        return first_new_level(page.transition)[1].new
    g = groups[key]
    if key == "copies":
        return copies_in_cell(g)
    if key == "absent":
        return tuple(f"({a}, {b}, {c})" for a, b, c in sorted(absent_reflections(g)))
    if key == "orbifold":
        return len(orbifold(space_group(g)).singular_vertices)
    return tuple(sorted(vertex_point_groups(g)))


def _leaks(key, groups, page) -> list[str]:
    from sgexplore.widgets._transition import asked_split

    if key == "index":
        return [f"{page.transition.index} domain states", "ratio of the point-group"]
    if key == "splitting":
        return [asked_split(page.transition).text.split(" -> ")[1], " -> "]
    if key == "new-functions":
        return [": at lambda"]
    g = space_group(groups[key])
    if key == "copies":
        n = copies_in_cell(g.symbol)
        return [f"{n} copies of {g.symbol}", f"{n}: {len(g.coset_representatives)} point operation"]
    if key == "absent":
        return ["absent because of"]
    if key == "orbifold":
        return [orbifold_answer(g.symbol).split(" ")[0] + (" with local" if
                orbifold(g).singular_vertices else " no point of")]
    return [f"local group{s} {hm}" for hm in vertex_point_groups(g.symbol) for s in ("", "s")] + \
        [f"'{hm}'" for hm in vertex_point_groups(g.symbol)]


SPACE_LINKS = [{}, {"orbifold": "Fm-3m", "vertex": "Fm-3m", "transition": "Fm-3m>Fm-3m:3a,3b,3c"},
               *({k: s for k in ("copies", "absent", "orbifold", "vertex")}
                 for s in ("P-1", "P2_12_12_1", "P6_3/mmc", "Fm-3m"))]


@pytest.mark.parametrize("link", SPACE_LINKS, ids=lambda d: "&".join(f"{k}={v}" for k, v in d.items()) or "default")
def test_no_answer_before_it_is_given(link):
    """Answer the exercises one by one (in two orders); before an exercise is answered,
    its answer is printed nowhere on the page: not in a text, a title, a label or a hover
    (checked again after each other answer)."""
    from sgexplore.widgets._lesson_space import LESSON_GROUPS

    groups = {**LESSON_GROUPS, **link}
    keys = [*LESSON_GROUPS, "index", "splitting", "new-functions"]
    for order in (keys, keys[::-1]):
        page = space_lesson_dashboard(link)
        answered = set()
        for key in [None, *order]:
            if key is not None:
                exercise = page.exercises[key]
                exercise.control.value = _right_answer(page, key, groups)
                assert exercise.check(), key
                answered.add(key)
            shown = _visible_text(page)
            for other in set(keys) - answered:
                for leak in _leaks(other, groups, page):
                    assert leak not in shown, (key, other, leak)
