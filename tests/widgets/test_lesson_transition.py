"""The lessons' sections on breaking the symmetry: for every maximal subgroup of the 17 plane
groups and of 30 space groups, each exercise accepts the answer an independent computation
gives and refuses another, and no question or section text gives an answer. Independent:
the index from the operations and the cell (|G ops| |det P| / |H ops|), the conjugates by
conjugating H's operations exactly, the new functions at the lowest level by the character
formula (dim of X-invariant functions at a level = the mean over X's operations of
sum_{R^T k = k} exp(2 pi i k.t)), the splitting by cutting a generic orbit of G into H-orbits."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction
from html import unescape

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.widgets import lesson_dashboard, query_parameters, space_lesson_dashboard
from sgexplore.widgets._transition import (
    Transition,
    asked_split,
    breaking_figures,
    conjugates_exercise,
    index_exercise,
    new_functions_exercise,
    parse_transition,
    splitting_exercise,
    transition_text,
)

PLANE = [wallpaper_group(n) for n in range(1, 18)]
# test_symmetry_breaking's 30 groups but P2/m, Pmmm, Fmmm and P6/mmm (31 to 63 maximal
# subgroups each, a third of the time; their crystal systems stay covered)
SPACE = ("P1", "P-1", "P2_1", "P2_1/c", "Cm", "C2/c", "P2_12_12_1", "Pnma", "Immm", "P4",
         "P4/mmm", "P4_2/mnm", "I4/mmm", "I4_1/amd", "R3", "P-3m1", "R-3m", "P6_3", "P-6m2",
         "P6_3/mmc", "Pa-3", "P4_132", "Pm-3m", "Fm-3m", "Fd-3m", "Im-3m")


def _fr(matrix) -> np.ndarray:
    return np.array([[Fraction(v) for v in row] for row in matrix], dtype=object)


def _det(P) -> Fraction:
    m = _fr(P)
    if len(m) == 2:
        return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    return sum((-1) ** j * m[0, j] * _det(np.delete(m[1:], j, axis=1)) for j in range(3))


def _index(t) -> Fraction:
    """|G ops| |det P| / |H ops|: operations modulo each conventional lattice, centrings in."""
    return len(t.group.operations) * abs(_det(t.linear)) / len(t.subgroup.operations)


def _key(R, t, P_inv, centrings) -> tuple:
    """(R, t modulo H's lattice): t in H's coordinates, reduced mod 1 and its centrings."""
    u = P_inv @ t
    return (tuple(R.ravel()), min(tuple(v % 1 for v in u + c) for c in centrings))


def _conjugates(relation) -> int:
    """Distinct subgroups g H g^-1, g over G's operations and G's translations modulo H's."""
    P, p = _fr(relation.linear), np.array(relation.origin_shift, dtype=object)
    P_inv = np.array([[Fraction(v).limit_denominator(100) for v in row]
                      for row in np.linalg.inv(np.array(P, dtype=float))], dtype=object)
    assert (P @ P_inv == _fr(np.eye(len(P), dtype=int))).all()
    H, G = relation.subgroup, relation.group
    centrings = [np.array([Fraction(int(v), H.denominator) for v in op.translation_numerator],
                          dtype=object)
                 for op in H.operations if np.array_equal(op.rotation, np.eye(len(P)))]
    ops = []
    for op in H.operations:  # H's operations in G's coordinates: x_G = P x_H + p
        R = P @ _fr(op.rotation) @ P_inv
        t = P @ np.array([Fraction(int(v), H.denominator) for v in op.translation_numerator],
                         dtype=object) + p - R @ p
        ops.append((R, t))
    dim = len(P)
    span = max(1, max(Fraction(v).denominator for v in P_inv.ravel()))
    shifts = {}
    for l in itertools.product(range(span), repeat=dim):
        l = np.array([Fraction(v) for v in l], dtype=object)
        shifts.setdefault(_key(_fr(np.eye(dim, dtype=int)), l, P_inv, centrings), l)
    found = set()
    for g in G.operations:
        Rg = _fr(g.rotation)
        Rg_inv = _fr(np.rint(np.linalg.inv(np.array(Rg, dtype=float))).astype(int))
        for l in shifts.values():
            tg = np.array([Fraction(int(v), G.denominator) for v in g.translation_numerator],
                          dtype=object) + l
            found.add(frozenset(_key(Rg @ R @ Rg_inv, Rg @ t + tg - Rg @ R @ Rg_inv @ tg,
                                     P_inv, centrings) for R, t in ops))
    return len(found)


def _invariant_dimension(group, metric, level, frequencies, values) -> float:
    """The character formula: mean over the group's operations of the trace of its action
    on the plane waves of one level."""
    k = frequencies[np.abs(values - level) <= 1e-7 * max(level, 1.0)]
    total = 0.0
    for op in group.operations:
        fixed = np.all(k @ op.rotation == k, axis=1)
        total += np.exp(2j * np.pi * (k[fixed] @ op.translation_numerator) / group.denominator).sum()
    return float(np.real(total)) / len(group.operations)


def _frequencies(metric, bound):
    """Frequencies with k^T M^-1 k <= bound (in units of 4 pi^2) and their values."""
    radius = np.ceil(np.sqrt(bound * np.diag(metric))).astype(int)
    k = np.array(list(itertools.product(*(range(-r, r + 1) for r in radius))), dtype=np.int64)
    values = np.einsum("ki,ij,kj->k", k, np.linalg.inv(metric), k)
    keep = values <= bound * (1 + 1e-9)
    return k[keep], values[keep]


def _first_new(t) -> int:
    metric = t.group.default_lattice.metric
    sub_metric = t.P.T @ metric @ t.P
    bound = 1.0
    while True:
        kg, vg = _frequencies(metric, bound)
        kh, vh = _frequencies(sub_metric, bound)
        for level in np.unique(np.round(vh[vh > 1e-12], 9)):
            new = (_invariant_dimension(t.subgroup, sub_metric, level, kh, vh)
                   - _invariant_dimension(t.group, metric, level, kg, vg))
            if new > 0.5:
                return round(new)
        bound *= 2


def _distinct(points: np.ndarray) -> np.ndarray:
    """The points (generic, never rounded before an operation acts) once each on the torus."""
    keys = np.rint(np.asarray(points) * 1e6).astype(np.int64) % 10**6
    return np.asarray(points)[np.sort(np.unique(keys, axis=0, return_index=True)[1])]


def _positions_of_orbits(t, position) -> Counter:
    """A generic point of G's position, its G-orbit carried into H's cell and cut into
    H-orbits, each named by the H position (of its size) on whose set one of its points lies."""
    G, H = t.group, t.subgroup
    rng = np.random.default_rng(7)
    x = position.matrix @ rng.uniform(0.05, 0.45, G.dim) + position.offset
    orbit = np.array([op.rotation @ x + op.translation for op in G.operations]) % 1
    span = int(np.abs(t.P).sum(axis=1).max()) + 1
    shifts = np.array(list(itertools.product(range(-span, span + 1), repeat=G.dim)), dtype=float)
    points = _distinct(((orbit[:, None] + shifts[None]).reshape(-1, G.dim) - t.p)
                       @ np.linalg.inv(t.P).T % 1)
    assert len(points) == round(position.multiplicity * abs(np.linalg.det(t.P)))
    near = (np.array(list(itertools.product((-2, -1, 0, 1, 2), repeat=G.dim)), dtype=float))
    found = Counter()
    while len(points):
        images = _distinct(np.array([op.rotation @ points[0] + op.translation
                                     for op in H.operations]) % 1)
        diff = points[:, None] - images[None]
        points = points[~np.all(np.abs(diff - np.rint(diff)) < 1e-6, axis=-1).any(axis=1)]
        names = []
        for w in H.wyckoff_positions():
            if w.multiplicity != len(images):
                continue
            projector = np.eye(H.dim) - w.matrix @ np.linalg.pinv(w.matrix)
            offsets = (images[:, None] - w.offset + near[None]) @ projector.T
            if np.any(np.all(np.abs(offsets) < 1e-6, axis=-1)):
                names.append(w.letter)
        assert len(names) == 1, names
        found[names[0]] += 1
    return found


def _answered(exercise, value) -> bool:
    exercise.control.value = value
    return exercise.check()


def _check_transition(t, problems: list[str], conjugates: bool, splitting: bool) -> None:
    link = t.chain
    index = _index(t)
    if index != t.index or not _answered(index_exercise(t), int(index)) or \
            _answered(index_exercise(t), int(index) + 1):
        problems.append(f"{link}: index {t.index}, independently {index}")
    if conjugates:
        relation = t.steps[0]
        count = _conjugates(relation)
        exercise = conjugates_exercise(relation)
        if not _answered(exercise, count) or _answered(exercise, count + 1):
            problems.append(f"{link}: conjugates {relation.conjugates}, independently {count}")
    new = _first_new(t)
    exercise = new_functions_exercise(t)
    if not _answered(exercise, new) or _answered(exercise, new + 1):
        problems.append(f"{link}: new functions, independently {new}")
    texts = [transition_text(t), index_exercise(t).question, new_functions_exercise(t).question]
    if splitting:
        split = asked_split(t)
        expected = _positions_of_orbits(t, split.position)
        exercise = splitting_exercise(t)
        texts.append(exercise.question)
        multiplicity = {w.letter: w.multiplicity for w in t.subgroup.wyckoff_positions()}
        right = " + ".join(f"{multiplicity[letter]}{letter}"
                           for letter in sorted(expected.elements(), reverse=True))
        wrong = right + " a"
        if not _answered(exercise, right) or _answered(exercise, wrong):
            problems.append(f"{link}: splitting of {split.text}, independently {dict(expected)}")
    answers = [f"{index} domain states", "ratio of the point-group orders", ": at lambda",
               " -> ", "is normal in"]
    problems += [f"{link}: {a!r} in {text!r}" for text in texts for a in answers if a in text]


@pytest.mark.parametrize("group", PLANE, ids=[g.common_symbol for g in PLANE])
def test_wallpaper_section_for_every_maximal_subgroup(group):
    """Index, conjugates and new functions of every maximal subgroup, checked against the
    independent computations; p4m > pmm: 2, 1 and 1."""
    problems: list[str] = []
    for relation in group.maximal_subgroups():
        _check_transition(Transition((relation,)), problems, conjugates=True, splitting=False)
    assert not problems


@pytest.mark.parametrize("symbol", SPACE)
def test_space_section_for_every_maximal_subgroup(symbol):
    """Index, splitting and new functions of every maximal subgroup of a space group in
    each crystal system (the splitting where the index is at most 8: cubic isomorphic
    subgroups of index 27 took most of the time; tests/math/test_wyckoff_splitting.py covers
    the library's splitting up to index 9)."""
    problems: list[str] = []
    for relation in space_group(symbol).maximal_subgroups():
        _check_transition(Transition((relation,)), problems, conjugates=False,
                          splitting=relation.index <= 8)
    assert not problems


def test_the_default_transitions():
    """BaTiO3: Pm-3m > P4/mmm > P4mm has index 6 (3 orientations x 2 polarities), O at 3c
    splits into 2c + 1b, 2 new functions at |k| = 1 (cos 2 pi x + cos 2 pi y - 2 cos 2 pi z,
    sin 2 pi z); p4m > pmm: index 2, normal, 1 new function (cos 2 pi x - cos 2 pi y)."""
    t = parse_transition("Pm-3m>P4/mmm>P4mm", 3, 3)
    assert (_index(t), t.transformation, _first_new(t)) == (6, "a,b,c", 2)
    assert _positions_of_orbits(t, asked_split(t).position) == Counter({"b": 1, "c": 1})
    assert asked_split(t).text == "3c -> 2c + 1b"
    splitting = splitting_exercise(t)
    assert "3c of Pm-3m (O in the crystal above)" in splitting.question
    for right in ("1b 2c", "2c+1b", "b, c", "1b and 2C"):
        assert _answered(splitting, right), right
    for wrong in ("2c", "1b 2c 2c", "3c", "1c 2c", "x?"):
        assert not _answered(splitting, wrong), wrong
    index = index_exercise(t)
    assert _answered(index, 6) and "Pm-3m > P4/mmm is t, of index 3, with 3 conjugate" in \
        unescape(index.feedback.value)
    text = transition_text(t)
    assert "Ba at 1a, Ti at 1b, O at 3c" in text and "cubic lattice" in text
    w = parse_transition("p4m>p2mm", 2, 1)
    assert (_index(w), _conjugates(w.steps[0]), _first_new(w)) == (2, 1, 1)
    assert "square lattice" in transition_text(w) and "rectangular" in transition_text(w)


@pytest.mark.parametrize("link", ["p4m>p2mm", "p4m>p4g:a-b,a+b", "p4g>p4g"])
def test_breaking_figures_show_a_kept_and_a_new_function(link):
    """The new function is invariant under H and not under G (values on the plotted
    Cartesian grid compared at a point and its images), titles name no count."""
    kept, new = breaking_figures(parse_transition(link, 2, 1))
    for figure in (kept, new):
        z = np.asarray(figure.data[0].z, dtype=float)
        assert np.isfinite(z).all() and np.abs(z).max() > 0.1
        title = figure.layout.title.text.replace("<br>", " ")
        for symbol in link.replace(">", " ").replace(":", " ").split():
            title = title.replace(symbol.split(":")[0], "")
        assert not any(ch.isdigit() for ch in title), title
    assert "new" in new.layout.title.text


HOSTILE = ["", "9" * 400, "-7", "nan", "inf", "10**30", "\u202e\uff11\uff12\u00e9",
           "__import__('os')>p2", ">", "p4m>>pmm", "p4m", "p4m>p6m", "p4m>p4g",
           "p4m>pmm>pm", "Pm-3m>P4mm", "p4m>pmm" + ">p1" * 60]


@pytest.mark.parametrize("value", HOSTILE, ids=[f"{i}-{v[:12]}" for i, v in enumerate(HOSTILE)])
def test_a_hostile_transition_is_refused_with_a_message(value):
    """Both lessons' parameter: a message naming it, at most 40 characters of the value
    echoed, and the default used (the pages themselves in test_links_choose_the_transition)."""
    from sgexplore.widgets._transition import chosen_transition

    for dim, default, steps in ((2, "p4m>p2mm", 1), (3, "Pm-3m>P4/mmm>P4mm", 3)):
        transition, notices = chosen_transition({"transition": value}, default, dim, steps)
        assert len(notices) == 1 and "ignored transition=" in notices[0], value
        assert len(notices[0]) < 1200 and "9" * 41 not in notices[0]
        assert transition.chain == parse_transition(default, dim, steps).chain


def test_links_choose_the_transition():
    """'>' as typed or as a browser sends it (%3E); a chain of maximal steps in space."""
    page = lesson_dashboard(query_parameters("transition=p6m%3Ep31m"))
    assert page.children[0].value == "" and page.transition.chain == "p6m > p31m"
    assert "p6m" in page.exercises["index"].question
    space = space_lesson_dashboard({"transition": "Fm-3m>F432"})
    assert space.children[0].value == "" and space.transition.index == 2
    too_long = space_lesson_dashboard({"transition": "P1>P1>P1>P1>P1"})
    assert "ignored transition='P1>P1>P1>P1>P1': at most 3 steps" in unescape(too_long.children[0].value)
    assert too_long.transition.chain == "Pm-3m > P4/mmm > P4mm"
    hostile = lesson_dashboard({"transition": "__import__('os')>p2"})
    assert "ignored transition=" in hostile.children[0].value
    assert hostile.transition.chain == "p4m > pmm"
