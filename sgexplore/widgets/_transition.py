"""The lessons' sections on a real transition G -> H: a chain of maximal subgroups chosen by a
deep link (``transition=p4m>pmm``, ``transition=Pm-3m>P4/mmm>P4mm``), and exercises on the
index, the conjugate subgroups, the Wyckoff splitting and the new invariant functions. Every
sentence, hint and answer comes from the subgroup records, ``wyckoff_splitting`` and
``symmetry_breaking``; none is shown before it is given."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from html import escape
from math import prod

import ipywidgets as widgets
import numpy as np

from ..basis import BrokenLevel, SymmetryBreaking, invariant_basis, symmetry_breaking
from ..groups import SgexploreError, SubgroupRelation, space_group, wallpaper_group, wyckoff_splitting
from ..render import plot_field, short_lines
from ._base import group_key as name
from ._exercise import Exercise
from ._figure import FigureWidget
from ._subgroups import find_relation

SEPARATOR = ">"  # a browser sends it as %3E; both reach the kernel as '>'
MAX_LINK = 120
# A crystal each lesson's default transition is about: the parent group's number, the
# subgroup's number, the story, and atoms at points of the parent (their Wyckoff letters
# are computed, not typed).
MATERIALS = {
    (221, 99): ("Barium titanate, BaTiO3, is a cubic perovskite above about 120 \u00b0C. "
                "Cooled below, its Ti and O atoms shift along one cube axis: the crystal becomes "
                "tetragonal and ferroelectric (a polarisation appears along that axis).",
                (("Ba", (0, 0, 0)), ("Ti", (0.5, 0.5, 0.5)), ("O", (0, 0.5, 0.5)))),
}


class TransitionError(SgexploreError):
    """A ``transition=`` link that names no chain of maximal subgroups."""


@dataclass(frozen=True, eq=False)
class Transition:
    """G = G_0 > G_1 > ... > G_n = H, each a maximal subgroup of the one before, composed.
    It has the fields ``symmetry_breaking`` and ``wyckoff_splitting`` read from a relation.

    Attributes:
        steps: the subgroup records, G_0's first.
    """

    steps: tuple[SubgroupRelation, ...]

    @property
    def group(self):
        return self.steps[0].group

    @property
    def subgroup(self):
        return self.steps[-1].subgroup

    @property
    def index(self) -> int:
        return prod(step.index for step in self.steps)

    @property
    def kinds(self) -> set[str]:
        return {step.kind for step in self.steps}

    @cached_property
    def linear(self) -> tuple[tuple[Fraction, ...], ...]:
        """H's basis in G's: P_1 P_2 ... P_n (exact)."""
        P = np.array(self.steps[0].linear, dtype=object)
        for step in self.steps[1:]:
            P = P @ np.array(step.linear, dtype=object)
        return tuple(tuple(Fraction(v) for v in row) for row in P)

    @cached_property
    def origin_shift(self) -> tuple[Fraction, ...]:
        """H's origin in G's coordinates: p_1 + P_1 p_2 + P_1 P_2 p_3 + ... (exact)."""
        P = np.array(self.steps[0].linear, dtype=object)
        p = np.array(self.steps[0].origin_shift, dtype=object)
        for step in self.steps[1:]:
            p = p + P @ np.array(step.origin_shift, dtype=object)
            P = P @ np.array(step.linear, dtype=object)
        return tuple(Fraction(v) for v in p)

    # (P, p) as floats and in ITA A1's form, read from linear and origin_shift as a
    # relation's are
    P = SubgroupRelation.P
    p = SubgroupRelation.p
    transformation = SubgroupRelation.transformation

    @property
    def names(self) -> list[str]:
        return [name(self.group)] + [name(step.subgroup) for step in self.steps]

    @property
    def chain(self) -> str:
        """``'Pm-3m > P4/mmm > P4mm'``."""
        return " > ".join(self.names)

    @property
    def cell_ratio(self) -> Fraction:
        """H's primitive cell volume over G's (centrings counted)."""
        # det P has denominators of at most 6^3 (cell changes of ITA's tables): the float
        # determinant names it exactly
        det = Fraction(float(np.linalg.det(np.array(self.linear, dtype=float)))).limit_denominator(1000)
        return abs(det) * len(self.group.centring_translations) / len(self.subgroup.centring_translations)


def parse_transition(text: str, dim: int, max_steps: int) -> Transition:
    """The chain a ``transition=`` link names: a group of dimension ``dim`` (symbol or
    number), then '>' and each next group as the explorer's links name a maximal subgroup
    (``find_relation``: ``pmm``, or ``p4g:a-b,a+b`` where two classes share a type), at most
    ``max_steps`` steps. Raises ``SgexploreError`` (an unknown group included) with a
    message for the page.

    Examples:
        >>> parse_transition("p4m>p2mm", 2, 1).chain
        'p4m > pmm'
        >>> parse_transition("Pm-3m>P4mm", 3, 3)
        Traceback (most recent call last):
        ...
        sgexplore.groups._errors.SgexploreError: P4mm is not a maximal subgroup of Pm-3m; its maximal subgroups are P-43m, P432, Pm-3, P4/mmm, R-3m, Fm-3c:2a,2b,2c, Fm-3c:2a,2b,2c;1/2,1/2,1/2, Fm-3m:2a,2b,2c, Fm-3m:2a,2b,2c;1/2,1/2,1/2, Im-3m:2a,2b,2c, Im-3m:2a,2b,2c;1/2,-1/2,1/2, Pm-3m
    """
    example = "p4m>p2mm" if dim == 2 else "Pm-3m>P4/mmm>P4mm"
    if len(text) > MAX_LINK:
        raise TransitionError(f"a transition is at most {MAX_LINK} characters")
    parts = [part.strip() for part in text.split(SEPARATOR)]
    if len(parts) < 2 or not all(parts):
        raise TransitionError(f"write a group, '{SEPARATOR}' and one of its maximal subgroups, "
                              f"e.g. {example}")
    if len(parts) - 1 > max_steps:
        raise TransitionError(f"at most {max_steps} step{'s' if max_steps > 1 else ''} "
                              f"(e.g. {example})")
    current = (wallpaper_group if dim == 2 else space_group)(parts[0])
    steps = []
    for part in parts[1:]:
        steps.append(find_relation(current, part))
        current = steps[-1].subgroup
    return Transition(tuple(steps))


def chosen_transition(params: dict[str, str], default: str, dim: int,
                      max_steps: int) -> tuple[Transition, list[str]]:
    """The link's transition, or the default with a message when it is refused."""
    if "transition" in params:
        text = params["transition"]
        try:
            return parse_transition(text, dim, max_steps), []
        except SgexploreError as exc:
            return parse_transition(default, dim, max_steps), [
                f"<div class='sg-error' style='color:#b00020'>ignored transition="
                f"{escape(repr(text[:40]))}: {escape(str(exc)[:300])}; using {escape(default)}</div>"]
    return parse_transition(default, dim, max_steps), []


# ---- what the lessons compute about a transition ----

@lru_cache(maxsize=32)
def _first_new(steps: tuple[SubgroupRelation, ...]) -> tuple[SymmetryBreaking, BrokenLevel]:
    transition = Transition(steps)
    bound = 4 * np.pi**2
    # A proper subgroup always lets some function in; a chiral cubic F subgroup only at
    # |k|^2 = 35 (k = (1, 3, 5)).
    while bound < 4 * np.pi**2 * 4096:
        broken = symmetry_breaking(transition, max_eigenvalue=bound)
        level = next((lv for lv in broken.levels if lv.new), None)
        if level is not None:
            return broken, level
        bound *= 2
    raise RuntimeError(f"no new invariant function of {transition.chain} found")


def first_new_level(transition: Transition) -> tuple[SymmetryBreaking, BrokenLevel]:
    """The symmetry breaking up to, and the level of, the lowest eigenvalue where H has
    invariant functions that G has not."""
    return _first_new(transition.steps)


@lru_cache(maxsize=32)
def _asked_split(steps: tuple[SubgroupRelation, ...]):
    splits = wyckoff_splitting(Transition(steps))
    by_multiplicity = sorted(splits, key=lambda s: (s.position.multiplicity, s.position.letter))
    return next((s for s in by_multiplicity if len(s.parts) > 1), by_multiplicity[0])


def asked_split(transition: Transition):
    """The Wyckoff position of G the splitting exercise asks about, with its split: the one
    of lowest multiplicity that splits into more than one position of H (else G's 1a-like
    position of lowest multiplicity)."""
    return _asked_split(transition.steps)


def material(transition: Transition) -> tuple[str, list[tuple[str, object]]] | None:
    """The story of a real crystal with this parent and final group, and its atoms with the
    Wyckoff positions of G they sit at."""
    key = (transition.group.number, transition.subgroup.number)
    if key not in MATERIALS or transition.group.dim != 3:
        return None
    story, atoms = MATERIALS[key]
    return story, [(atom, transition.group.site_symmetry(np.array(x, dtype=float)).wyckoff)
                   for atom, x in atoms]


def _label(position) -> str:
    return f"{position.multiplicity}{position.letter}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _level_text(value: float) -> str:
    return f"lambda = 4 pi^2 x {value / (4 * np.pi**2):.4g}"


def _fraction_vector(values) -> str:
    return "(" + ", ".join(str(Fraction(float(v)).limit_denominator(48)) for v in values) + ")"


def kind_text(transition: Transition) -> str:
    """What kind of subgroup H is, in words, without its index."""
    G, H = (name(g) for g in (transition.group, transition.subgroup))
    if transition.kinds == {"t"}:
        return (f"{H} keeps every translation of {G} and loses point operations (a "
                "translationengleiche, t, subgroup)")
    if transition.kinds == {"k"}:
        return (f"{H} keeps the point group of {G} and loses translations: its cell is larger, a "
                "superstructure (a klassengleiche, k, subgroup)")
    return (f"{H} loses both point operations and translations of {G} (t and k steps: "
            + "; ".join(f"{name(s.group)} > {name(s.subgroup)} is {s.kind}" for s in transition.steps)
            + ")")


def lattice_text(transition: Transition) -> str:
    old, new = transition.group.lattice_system, transition.subgroup.lattice_system
    if old == new:
        return f"The lattice stays {new}."
    return (f"The cell may now distort: {name(transition.group)} needs {_article(old)} {old} "
            f"lattice, {name(transition.subgroup)} allows {_article(new)} {new} one.")


def transition_text(transition: Transition) -> str:
    """The section's text: the chain, its kind and lattice, and the crystal it is about;
    no index, conjugate count, splitting or count of new functions (the answers)."""
    story = material(transition)
    head = ""
    if story is not None:
        text, atoms = story
        head = (text + " In " + name(transition.group) + ": "
                + ", ".join(f"{atom} at {_label(w)}" for atom, w in atoms) + ". ")
    steps = len(transition.steps)
    chain = (f"{transition.chain}: {'a maximal subgroup' if steps == 1 else f'{steps} steps, each to a maximal subgroup'}. ")
    return (head + chain + kind_text(transition) + ". " + lattice_text(transition)
            + " The new invariant functions (invariant under "
            f"{name(transition.subgroup)}, orthogonal to those of {name(transition.group)}) are "
            "what the broken symmetry lets in: the order parameter of the transition enters the "
            "spectrum at the lowest level where they appear.")


# ---- exercises ----

def _index(transition: Transition) -> Callable:
    G, H = name(transition.group), name(transition.subgroup)
    expected = transition.index
    points = transition.group.point_group_order // transition.subgroup.point_group_order
    cells = transition.cell_ratio
    steps = "; ".join(
        f"{name(s.group)} > {name(s.subgroup)} is {s.kind}, of index {s.index}, with "
        + (f"{s.conjugates} conjugate subgroups" if s.conjugates > 1 else "no other conjugate")
        for s in transition.steps)

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            return True, (f"{expected}: [{G} : {H}] = {points} (ratio of the point-group orders) "
                          f"x {cells} (ratio of the primitive cell volumes). Cooled through the "
                          f"transition, a crystal can form {expected} domain states, one for each "
                          f"coset of {H} in {G}. " + (f"Step by step: {steps}." if
                                                      len(transition.steps) > 1 else ""))
        return False, (f"[{G} : {H}] is the ratio of the point-group orders times the ratio of "
                       f"the primitive cell volumes. {kind_text(transition)}.")
    return check


def index_exercise(transition: Transition) -> Exercise:
    G, H = name(transition.group), name(transition.subgroup)
    return Exercise("index", f"What is the index [{G} : {H}], the number of cosets of {H} in "
                    f"{G} (each coset is one domain state of the low-symmetry crystal)?",
                    widgets.BoundedIntText(value=1, min=1, max=10**6, description="index"),
                    _index(transition))


def _conjugates(relation: SubgroupRelation) -> Callable:
    G, H = name(relation.group), name(relation.subgroup)
    expected = relation.conjugates
    if expected == 1:
        why = (f"every operation of {G} maps {H} onto itself ({H} is normal in {G}): all domain "
               "states have the same symmetry group, set differently in the crystal")
    elif relation.kind == "t":
        why = (f"the point operations {G} has and {H} lacks turn {H} into {expected} differently "
               "oriented subgroups: the orientation states")
    else:
        why = (f"the translations {G} has and {H} lacks shift {H} onto {expected} subgroups "
               "with other origins: antiphase domains")

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            return True, f"{expected}: {why}."
        move = ("its point operations that are not in" if relation.kind == "t" else
                "its translations that are not in")
        return False, (f"Conjugate {H} by {move} {H} (g H g^-1) and count the different "
                       "subgroups you get, the first one included.")
    return check


def conjugates_exercise(relation: SubgroupRelation) -> Exercise:
    G, H = name(relation.group), name(relation.subgroup)
    return Exercise("conjugates", f"Conjugating {H} by the operations of {G} (g H g^-1) gives "
                    f"subgroups of the same type. How many different ones are there, {H} "
                    "included?",
                    widgets.BoundedIntText(value=1, min=1, max=10**6, description="subgroups"),
                    _conjugates(relation))


def _new_functions(transition: Transition) -> Callable:
    G, H = name(transition.group), name(transition.subgroup)
    broken, level = first_new_level(transition)
    expected = level.new
    # a frequency of the new functions in G's reciprocal basis: k = P^-T k' (fractional for
    # a superstructure)
    weights = np.abs(level.new_functions).sum(axis=0)
    strongest = broken.sub_basis.frequency_orbits[int(level.functions[np.argmax(weights)])]
    sub_k = np.concatenate([strongest.frequencies, -strongest.frequencies])
    k = max(map(tuple, np.round(np.linalg.solve(np.array(transition.linear, dtype=float).T,
                                             sub_k.T).T, 9) + 0.0))

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            return True, (f"{expected}: at {_level_text(level.eigenvalue)}, {H} has {level.total} "
                          f"invariant function{'s' if level.total > 1 else ''}, {level.kept} of "
                          f"them {G}'s; the new ones contain frequencies such as k = "
                          f"{_fraction_vector(k)} (in {G}'s reciprocal basis).")
        return False, (f"Go up the levels of {H}'s invariant functions from the lowest, and at "
                       f"each compare their number with {G}'s: where is the first difference?")
    return check


def new_functions_exercise(transition: Transition) -> Exercise:
    G, H = name(transition.group), name(transition.subgroup)
    return Exercise("new-functions", f"Going from {G} to {H}, new invariant functions appear "
                    f"({H}-invariant, orthogonal to every {G}-invariant one). At the lowest "
                    "eigenvalue level where any appear, how many are there?",
                    widgets.BoundedIntText(value=0, min=0, max=10**6, description="functions"),
                    _new_functions(transition))


_PART = re.compile(r"^(\d+)?([A-Za-z])$")


def read_positions(text: str, letters: dict[str, int]) -> list[tuple[int | None, str]]:
    """Wyckoff positions written as '1b 2c', '2c + 1b', 'b, c' or '1b and 2c': (multiplicity
    or None, letter) each. ``letters``: the subgroup's letters and multiplicities.

    Examples:
        >>> read_positions("2c+1b", {"a": 1, "b": 1, "c": 2})
        [(2, 'c'), (1, 'b')]
    """
    parts = []
    for token in re.split(r"[\s,;+&]+|\band\b", str(text).strip()):
        if not token:
            continue
        found = _PART.match(token)
        if found is None:
            raise SgexploreError(f"cannot read {token[:20]!r}: write each position as its "
                             "multiplicity and letter")
        letter = found.group(2)
        if letter not in letters and letter.lower() in letters:
            letter = letter.lower()
        parts.append((int(found.group(1)) if found.group(1) else None, letter))
    return parts


def _splitting(transition: Transition) -> Callable:
    G, H = name(transition.group), name(transition.subgroup)
    split = asked_split(transition)
    letters = {w.letter: w.multiplicity for w in transition.subgroup.wyckoff_positions()}
    expected = Counter(w.letter for w in split.parts)
    answer = " + ".join(_label(w) for w in split.parts)
    total = sum(w.multiplicity for w in split.parts)

    def check(text) -> tuple[bool, str]:
        given = read_positions(text, letters)
        unknown = sorted({letter for _, letter in given if letter not in letters})
        if unknown:
            return False, f"{H} has no Wyckoff position {', '.join(unknown)}."
        wrong = [f"{m}{letter}" for m, letter in given if m is not None and m != letters[letter]]
        if wrong:
            return False, (f"{', '.join(wrong)}: the multiplicity does not match "
                           f"{H}'s position of that letter.")
        if Counter(letter for _, letter in given) == expected:
            return True, (f"{_label(split.position)} -> {answer}: the {G}-orbit of a point of "
                          f"{_label(split.position)} holds {total} points of {H}'s cell, in "
                          f"{len(split.parts)} {H}-orbits.")
        return False, (f"Take a point of {_label(split.position)} ({split.position.coordinates}), "
                       f"its images under {G}, written in {H}'s cell, and cut them into "
                       f"{H}-orbits; name each orbit by its site symmetry in {H}.")
    return check


def splitting_exercise(transition: Transition) -> Exercise:
    G, H = name(transition.group), name(transition.subgroup)
    split = asked_split(transition)
    expected = Counter(w.letter for w in split.parts)
    labels = [_label(w) for w in sorted(transition.subgroup.wyckoff_positions(),
                                       key=lambda w: w.letter)]
    # a format example that is not the answer
    example = " ".join(labels[:2]) if Counter(x[-1] for x in labels[:2]) != expected else labels[0]
    story = material(transition)
    atoms = [atom for atom, w in (story[1] if story else []) if w.letter == split.position.letter]
    at = f" ({_and(atoms)} in the crystal above)" if atoms else ""
    return Exercise("splitting", f"Into which Wyckoff positions of {H} does position "
                    f"{_label(split.position)} of {G}{at} split? Write each as multiplicity and "
                    f"letter, in any order (like {example}); a letter may repeat.",
                    widgets.Text(placeholder="positions", description="positions"),
                    _splitting(transition))


# ---- the wallpaper lesson's figure ----

def breaking_figures(transition: Transition, resolution: int = 48) -> tuple[object, object]:
    """Two plane figures over G's cells: a G-invariant function (at the level where the new
    ones enter, else G's lowest non-constant one) and a new H-invariant function there (not
    G-invariant), H's function evaluated at x_H = P^-1 (x_G - p). Titles name no count."""
    G, H = name(transition.group), name(transition.subgroup)
    broken, level = first_new_level(transition)
    period = broken.period
    same = np.flatnonzero(np.isclose(broken.basis.eigenvalues, level.eigenvalue, rtol=1e-9))
    # G may have nothing at that level (a superstructure's first new level lies lower)
    basis = broken.basis if len(same) else invariant_basis(transition.group, n=2)
    mine = int(same[0]) if len(same) else 1
    kept = np.asarray(basis.on_grid((resolution, resolution), cells=period))[..., mine]
    # the first new function of all: the lowest level with new ones is this one
    new = broken.new_on_grid(0, resolution)
    where = "" if len(same) else " (lowest level)"
    figures = []
    for group, values, title in (
            (transition.group, kept, f"{G}-invariant{where}"),
            (transition.group, new, f"new: {H}-, not {G}-invariant")):
        figure = plot_field(group, values, cells=max(2, period), overlays=("cell",),
                            period=period)
        figure.update_layout(title=short_lines(title), height=360,
                             margin={"l": 10, "r": 10, "b": 10, "t": 50})
        figure.data[0].showscale = False
        figures.append(FigureWidget(figure))
    return figures[0], figures[1]
