"""The lesson's exercises: right answers accepted, wrong ones refused, answers computed by
independent means (orbits counted by brute force, extinct frequencies by averaging)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sgexplore.groups import all_wallpaper_groups, wallpaper_group
from sgexplore.widgets import lesson_dashboard
from sgexplore.widgets._lesson import FREQUENCY_CHOICES, extinct_choices, pattern_values


@pytest.fixture(scope="module")
def lesson():
    return lesson_dashboard({})


def _extinct_by_averaging(symbol: str, k) -> bool:
    """Average exp(2 pi i k.(R x + t)) over the group at random points: zero iff extinct."""
    g = wallpaper_group(symbol)
    x = np.random.default_rng(0).random((20, 2))
    total = sum(np.exp(2j * np.pi * (x @ np.asarray(op.rotation, dtype=float).T
                                     + np.asarray(op.translation, dtype=float)) @ np.asarray(k))
                for op in g.operations)
    return bool(np.abs(total).max() < 1e-9)


@pytest.mark.parametrize("symbol", ["pg", "pmg", "pgg", "p4g", "cm", "p2"])
def test_extinct_frequencies_agree_with_group_averaging(symbol):
    expected = {k for k in FREQUENCY_CHOICES if _extinct_by_averaging(symbol, k)}
    assert extinct_choices(symbol) == expected


def test_exercises_accept_right_answers_and_refuse_wrong_ones(lesson):
    e = lesson.exercises
    for key, right, wrong in (("identify", "p4g", "p4m"), ("conway", "3*3", "*333"),
                              ("orbit", 12, 6), ("extinct", ("(0, 1)", "(0, 3)"), ("(0, 1)",))):
        e[key].control.value = wrong
        assert not e[key].check() and "sg-wrong" in e[key].feedback.value
        e[key].control.value = right
        assert e[key].check() and "sg-right" in e[key].feedback.value


def test_orbit_answer_is_the_point_group_order():
    g = wallpaper_group("p6m")
    assert len(g.orbit(np.array([0.1234, 0.3456]))) == g.point_group_order == 12


@pytest.mark.parametrize("g", all_wallpaper_groups(), ids=[g.symbol for g in all_wallpaper_groups()])
def test_every_pattern_has_exactly_its_groups_symmetry(g):
    """The pattern of exercise 1 is invariant under its group's operations (at random
    points, exactly evaluated) and is what the page shows (the grid synthesis)."""
    from sgexplore import invariant_basis

    basis = invariant_basis(g, n=12)
    weights = np.random.default_rng(0).standard_normal(12) / (1 + np.arange(12))
    weights[0] = 0.0
    field = lambda x: np.asarray(basis(x)) @ weights  # noqa: E731
    x = np.random.default_rng(1).random((30, 2))
    for op in g.operations:
        moved = x @ np.asarray(op.rotation, dtype=float).T + np.asarray(op.translation, dtype=float)
        np.testing.assert_allclose(field(moved), field(x), atol=1e-9)
    values = pattern_values(g.common_symbol, resolution=16)
    np.testing.assert_allclose(values, np.asarray(basis.synthesize(weights, (16, 16))), atol=1e-6)


def test_deep_link_chooses_the_pattern():
    page = lesson_dashboard({"pattern": "p6m"})
    page.exercises["identify"].control.value = "p6m"
    assert page.exercises["identify"].check()
    bad = lesson_dashboard({"pattern": "nope"})
    assert "unknown" in bad.children[0].value


# ---- every figure and exercise of the lesson, for all 17 groups, against independent data ----

GROUPS = all_wallpaper_groups()
IDS = [g.common_symbol for g in GROUPS]
# Conway's orbifold symbols (Conway, Burgiel & Goodman-Strauss, The Symmetries of Things, 2008).
CONWAY = {"p1": "o", "p2": "2222", "pm": "**", "pg": "xx", "cm": "*x", "pmm": "*2222",
          "pmg": "22*", "pgg": "22x", "cmm": "2*22", "p4": "442", "p4m": "*442", "p4g": "4*2",
          "p3": "333", "p3m1": "*333", "p31m": "3*3", "p6": "632", "p6m": "*632"}
WINDOW = [(a, b) for a in range(-3, 4) for b in range(-3, 4)]


def _extinct_by_orbit_sums(g, frequencies) -> set[tuple[int, int]]:
    """k is extinct iff the group average of exp(2 pi i k.x) is zero: for every image
    k' = R^T k, the phases exp(2 pi i k.t) of the operations sending k to k' sum to zero."""
    k = np.array(frequencies, dtype=np.int64)  # (K, 2)
    rotations = np.array([op.rotation for op in g.operations])  # (n, 2, 2)
    translations = np.array([op.translation for op in g.operations])  # (n, 2)
    images = np.einsum("nji,kj->kni", rotations, k)  # R^T k
    phases = np.exp(2j * np.pi * (k @ translations.T))  # (K, n)
    extinct = set()
    for i, key in enumerate(frequencies):
        sums: dict[tuple, complex] = {}
        for image, phase in zip(map(tuple, images[i]), phases[i]):
            sums[image] = sums.get(image, 0) + phase
        if all(abs(v) < 1e-9 for v in sums.values()):
            extinct.add(tuple(key))
    return extinct


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_frequency_figure_marks_exactly_the_extinct_frequencies(g):
    """The figure of section 3 for every group: its extinct markers are the frequencies of
    the 7 x 7 window whose orbit sums vanish (pg: (0, +-1), (0, +-3); p1: none)."""
    from sgexplore.widgets._lesson import frequency_figure

    figure = frequency_figure(g.common_symbol)
    kept, extinct = ({(int(x), int(y)) for x, y in zip(t.x, t.y)} for t in figure.data)
    expected = _extinct_by_orbit_sums(g, WINDOW)
    assert extinct == expected
    assert kept == set(WINDOW) - expected
    assert f"{len(expected)} of 49 extinct" in figure.layout.title.text


def test_frequency_figure_of_pg_and_p1():
    from sgexplore.widgets._lesson import frequency_figure

    pg = frequency_figure("pg").data[1]
    assert sorted(zip(pg.x, pg.y)) == [(0, -3), (0, -1), (0, 1), (0, 3)]
    assert len(frequency_figure("p1").data[1].x) == 0


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_conway_exercise_for_every_group(g):
    """The answer is read off the orbifold (compared with Conway's table), accepted when
    typed, every other group's symbol refused with a hint naming that group, and the
    answer is printed nowhere before it is answered: not in the question, not in the
    figure title."""
    from sgexplore.orbifolds import orbifold
    from sgexplore.widgets._lesson import conway_exercise, conway_symbol, domain_figure

    answer = CONWAY[g.common_symbol]
    assert conway_symbol(g.common_symbol) == answer
    exercise = conway_exercise(g.common_symbol)
    symbols = [c for c in CONWAY.values() if len(c) > 1]
    assert not [c for c in symbols if c in exercise.question]
    exercise.control.value = answer.replace("x", "\u00d7")
    assert exercise.check()
    for other, wrong in CONWAY.items():
        if wrong != answer:
            exercise.control.value = wrong
            assert not exercise.check()
            assert f"orbifold of {other}," in exercise.feedback.value
    title = domain_figure(g.common_symbol).layout.title.text
    assert "=" not in title and not [c for c in symbols if c in title]
    assert orbifold(g).conway not in title.split()


def test_conway_hint_tells_p4m_from_p4g():
    from sgexplore.widgets._lesson import conway_exercise

    exercise = conway_exercise("p4g")
    exercise.control.value = "*442"
    assert not exercise.check()
    text = exercise.feedback.value
    assert "p4m" in text and "4-fold centre lies on mirror" in text and "4*2" not in text


def test_lesson_page_prints_no_answer_before_it_is_answered():
    """The default page: the domain figure is of another group than the pattern's (p4g's
    domain would identify the pattern) and its title does not name the Conway symbol, and
    the spectrum (the extinct exercise's answer) appears only once that exercise is
    answered right."""
    lesson = lesson_dashboard({})
    domain = lesson.figures["domain"]
    assert domain.layout.title.text.replace("<br>", " ") == "p31m: fundamental domain and gluing"
    assert "p4g" not in _visible_text(lesson)
    assert "3*3" not in lesson.exercises["conway"].question
    extinct = lesson.exercises["extinct"]
    assert extinct.revealed.children == ()
    extinct.control.value = ("(0, 1)",)
    extinct.check()
    assert extinct.revealed.children == ()
    extinct.control.value = ("(0, 1)", "(0, 3)")
    assert extinct.check()
    assert extinct.revealed.children == (lesson.figures["spectrum"],)


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_orbit_exercise_for_every_group(g):
    from sgexplore.widgets._lesson import orbit_exercise

    x = np.array([0.1234, 0.3456])
    images = np.mod(np.array([op.rotation @ x + op.translation for op in g.operations]), 1.0)
    expected = len({tuple(np.round(p, 9)) for p in images})
    exercise = orbit_exercise(g.common_symbol)
    exercise.control.value = expected
    assert exercise.check()
    exercise.control.value = expected + 1
    assert not exercise.check()


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_extinct_exercise_for_every_group(g):
    """The right set (orbit sums) is accepted, a set with one choice toggled is refused,
    and the explanation names, for each extinct k, an operation that fixes k with a
    fractional phase k.t."""
    from sgexplore.groups import Operation
    from sgexplore.widgets._lesson import extinct_exercise, extinction_cause

    expected = _extinct_by_orbit_sums(g, FREQUENCY_CHOICES)
    exercise = extinct_exercise(g.common_symbol)
    exercise.control.value = tuple(f"({a}, {b})" for a, b in sorted(expected))
    assert exercise.check()
    toggled = expected ^ {(0, 1)}
    exercise.control.value = tuple(f"({a}, {b})" for a, b in sorted(toggled))
    assert not exercise.check()
    for k in FREQUENCY_CHOICES:
        cause = extinction_cause(g.common_symbol, k)
        assert (cause is not None) == (k in expected)
        if cause is not None:
            op = Operation.from_xyz(cause[0])
            assert tuple(op.rotation.T @ np.array(k)) == k
            assert (np.array(k) @ op.translation) % 1 == pytest.approx(float(cause[1]))
            assert 0 < cause[1] < 1


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_identify_exercise_for_every_group(g):
    from sgexplore.widgets._lesson import identify_exercise

    exercise = identify_exercise(g.common_symbol)
    exercise.control.value = g.common_symbol
    assert exercise.check()
    # Its feedback does not give away the Conway exercise's answer (the same group by default).
    answer = re.escape(CONWAY[g.common_symbol])
    assert not re.search(rf"(?<![\w*]){answer}(?![\w*])", exercise.feedback.value)
    for other in GROUPS:
        if other != g:
            exercise.control.value = other.common_symbol
            assert not exercise.check()
            same = other.point_group_order == g.point_group_order
            assert ("as many point-group operations as the pattern" in exercise.feedback.value) == same


def test_deep_links_choose_every_exercise_group():
    page = lesson_dashboard({"conway": "p31m", "orbit": "p4g", "extinct": "pmg", "orbifold": "x"})
    e = page.exercises
    assert "p31m" in e["conway"].question and "p4g" in e["orbit"].question
    assert e["extinct"].question.startswith("pmg ")
    assert page.figures["domain"].layout.title.text.replace("<br>", " ") == "p31m: fundamental domain and gluing"
    assert page.figures["spectrum"].layout.title.text.startswith("frequencies of pmg")
    bad = lesson_dashboard({"extinct": "p7"})
    assert "using pg for extinct" in bad.children[0].value


# ---- no answer shown before it is given, on the default page and on pages links make ----

def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def _visible_text(page) -> str:
    """Every text the page shows now: HTML (questions, feedback, sections, notices), figure
    titles, axis titles, trace names, labels and hovers (the controls' option lists left
    out: they offer every group, they do not answer)."""
    texts = []
    for w in _all_widgets(page):
        if hasattr(w, "batch_update") and hasattr(w, "data"):
            texts += [str(w.layout.title.text), str(w.layout.xaxis.title.text),
                      str(w.layout.yaxis.title.text)]
            for t in w.data:
                texts += [str(t.name), str(getattr(t, "text", "")),
                          str(getattr(t, "hovertemplate", ""))]
        elif type(w).__name__ in ("HTML", "Label", "HTMLMath"):
            texts.append(w.value)
    return "\n".join(texts)


def _answers(groups) -> dict:
    from sgexplore.widgets._lesson import extinct_choices, orbit_size

    return {"identify": groups["pattern"], "conway": CONWAY[groups["conway"]],
            "orbit": orbit_size(groups["orbit"]),
            "extinct": tuple(f"({a}, {b})" for a, b in sorted(extinct_choices(groups["extinct"])))}


def _transition_answers(transition) -> dict:
    from sgexplore.widgets._transition import first_new_level

    return {"index": transition.index, "conjugates": transition.steps[0].conjugates,
            "new-functions": first_new_level(transition)[1].new}


def _leaked(key, groups, page, text) -> bool:
    """Whether ``text`` gives exercise ``key``'s answer: the pattern's group named, the
    Conway symbol written as a symbol, the orbit's size as a count of points or
    operations, the spectrum (or its extinct count) shown."""
    if key == "identify":
        return bool(re.search(rf"(?<![\w]){re.escape(groups['pattern'])}(?![\w])", text))
    if key == "conway":
        # The notation's explanation says what o means; that names no group's symbol.
        text = text.replace("o for a handle", "")
        return bool(re.search(rf"(?<![\w*]){re.escape(CONWAY[groups['conway']])}(?![\w*])", text))
    if key == "orbit":
        n = _answers(groups)["orbit"]
        return bool(re.search(rf"(?<![\w/.-]){n}(: one point| points?\b| point-group operations"
                              rf"| operations)", text))
    if key == "index":
        n = page.transition.index
        return bool(re.search(rf"(?<![\w.]){n} domain states|ratio of the point-group", text))
    if key == "conjugates":
        n = page.transition.steps[0].conjugates
        return bool(re.search(rf"(?<![\w.]){n}: (every operation|the point operations|the "
                              r"translations)|is normal in", text))
    if key == "new-functions":
        return ": at lambda" in text
    return any(w is page.figures["spectrum"] for w in _all_widgets(page)) or "of 49 extinct" in text


KEYS = ("identify", "conway", "orbit", "extinct", "index", "conjugates", "new-functions")
# Pages differ only in which exercises ask about the pattern's group: the default page and
# each exercise on it alone, in both answer orders; all four on one group, for all 17 (there
# every other exercise waits for exercise 1, so one order covers it).
LINKS = [*(pytest.param(link, order, id=f"{name}-{'forward' if order == KEYS else 'reverse'}")
           for name, link in (("default", {}), ("orbit=pattern", {"pattern": "p6m", "orbit": "p6m"}),
                              ("extinct=pattern", {"pattern": "pg", "extinct": "pg"}),
                              ("conway=pattern", {"pattern": "cm", "conway": "cm"}),
                              ("transition=pattern", {"pattern": "pgg", "transition": "p4g>pgg"}))
           for order in (KEYS, KEYS[::-1])),
         *(pytest.param({"pattern": s, "conway": s, "orbit": s, "extinct": s}, KEYS, id=f"all={s}")
           for s in IDS)]


@pytest.mark.parametrize("link, order", LINKS)
def test_no_answer_before_it_is_given(link, order):
    """Answer the exercises one at a time in ``order`` (an exercise hidden until exercise 1
    is answered is skipped until it appears; section 4 waits for it when its transition
    names the pattern's group): before an exercise is answered, no text,
    title, label or hover on the page gives its answer, checked on load and after every
    answer."""
    from sgexplore.widgets._lesson import LESSON_GROUPS

    groups = {**LESSON_GROUPS, **link}
    page = lesson_dashboard(link)
    answers = {**_answers(groups), **_transition_answers(page.transition)}
    answered: list[str] = []
    while True:
        text = _visible_text(page)
        for key in set(KEYS) - set(answered):
            assert not _leaked(key, groups, page, text), (answered, key)
        shown = {id(w) for w in _all_widgets(page)}
        todo = [k for k in order if k not in answered and id(page.exercises[k]) in shown]
        if not todo:
            break
        exercise = page.exercises[todo[0]]
        exercise.control.value = answers[todo[0]]
        assert exercise.check(), todo[0]
        answered.append(todo[0])
    assert sorted(answered) == sorted(KEYS)
