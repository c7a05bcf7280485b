"""The lesson's exercises: right answers accepted, wrong ones refused, answers computed by
independent means (orbits counted by brute force, extinct frequencies by averaging)."""

from __future__ import annotations

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
    for key, right, wrong in (("identify", "p4g", "p4m"), ("conway", "4*2", "*442"),
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
