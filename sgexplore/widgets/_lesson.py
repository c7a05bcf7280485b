"""A 50-minute class on wallpaper groups: short texts, figures and exercises whose answers
are checked in the page. Every answer is computed from the library, never typed in."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..basis import eigenvalues_of, invariant_basis
from ..groups import UnknownGroupError, all_wallpaper_groups, wallpaper_group
from ..orbifolds import orbifold
from ..render import plot_field, plot_fundamental_domain, short_lines
from ._base import side_by_side
from ._checklist import Checklist
from ._exercise import Exercise
from ._figure import FigureWidget
from ._transition import (
    breaking_figures,
    chosen_transition,
    conjugates_exercise,
    index_exercise,
    new_functions_exercise,
    transition_text,
)

FREQUENCY_CHOICES = ((0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (2, 1))
FREQUENCY_WINDOW = 3


def pattern_values(symbol: str, seed: int = 0, resolution: int = 96) -> np.ndarray:
    """A pattern with exactly the symmetry of ``symbol``: a random combination of its first
    invariant basis functions (the constant left out) on the grid."""
    basis = invariant_basis(symbol, n=12)
    weights = np.random.default_rng(seed).standard_normal(len(basis)) / (1 + np.arange(len(basis)))
    weights[0] = 0.0
    return np.asarray(basis.synthesize(weights, (resolution, resolution)))


def extinct_choices(symbol: str, choices=FREQUENCY_CHOICES) -> set[tuple[int, int]]:
    """The frequencies among ``choices`` that no invariant function of the group contains.

    A real basis function built from a complex orbit carries both the orbit and its
    conjugate (sine and cosine parts), but the basis lists the frequencies of one of the
    two: a frequency is present when it or its negative is listed.
    """
    g = wallpaper_group(symbol)
    window = np.array(choices, dtype=np.int64).reshape(-1, 2)
    bound = float(eigenvalues_of(window, g.default_lattice.metric).max(initial=0.0)) * 1.01 + 1e-9
    listed = invariant_basis(g, max_eigenvalue=bound).terms.frequencies
    present = {tuple(k) for k in listed.tolist()} | {tuple(k) for k in (-listed).tolist()}
    return {tuple(int(v) for v in k) for k in choices if tuple(k) not in present}


def extinction_cause(symbol: str, k: tuple[int, int]) -> tuple[str, Fraction] | None:
    """An operation x -> R x + t that fixes k (R^T k = k) with k.t not an integer, as a
    coordinate triplet, and k.t mod 1: the operation multiplies exp(2 pi i k.x) by
    exp(2 pi i k.t) != 1, so the group average of that wave vanishes. None when k survives."""
    g = wallpaper_group(symbol)
    k = np.asarray(k, dtype=np.int64)
    for op in g.operations:
        phase = int(k @ op.translation_numerator) % g.denominator
        if np.array_equal(op.rotation.T @ k, k) and phase:
            return op.xyz, Fraction(phase, g.denominator)
    return None


def _phase_text(phase: Fraction) -> str:
    return "-1" if phase == Fraction(1, 2) else f"exp(2 pi i {phase})"


@lru_cache(maxsize=None)
def conway_symbol(symbol: str) -> str:
    """The Conway symbol read off the orbifold's structure (handles, cone points, mirror
    boundaries with their corners, crosscaps), not from the catalogue."""
    return orbifold(wallpaper_group(symbol)).conway


def _normalised_conway(text: str) -> str:
    return (str(text).replace(" ", "").replace("\u00d7", "x").replace("\u2218", "o")
            .replace("X", "x").replace("O", "o"))


@lru_cache(maxsize=None)
def _structure_words(symbol: str) -> tuple[list[int], list[int]]:
    o = orbifold(wallpaper_group(symbol))
    return (tuple(sorted((n for _, n in o.cone_points), reverse=True)),
            tuple(sorted((n for _, n in o.corner_reflectors), reverse=True)))


def _orders(values: list[int]) -> str:
    return ", ".join(str(n) for n in values) if values else "none"


def _conway(symbol: str) -> Callable:
    g = wallpaper_group(symbol)
    expected = conway_symbol(symbol)
    by_symbol = {conway_symbol(h.common_symbol): h for h in all_wallpaper_groups()}
    cones, corners = _structure_words(symbol)

    def check(answer) -> tuple[bool, str]:
        typed = _normalised_conway(answer)
        if typed == expected:
            return True, (f"{expected}: cone points of order {_orders(cones)} (rotation centres on "
                          f"no mirror), corners of order {_orders(corners)} (where mirrors meet).")
        other = by_symbol.get(typed)
        if other is None:
            return False, ("That is not the Conway symbol of a wallpaper group. Write the orders of "
                           "the rotation centres no mirror passes through, then * and the orders "
                           "of the mirror corners (x for a crosscap, o for a handle).")
        other_cones, other_corners = _structure_words(other.common_symbol)
        on_mirrors = sorted(set(other_corners) & set(cones), reverse=True)
        off_mirrors = sorted(set(other_cones) & set(corners), reverse=True)
        hint = f"{typed} is the orbifold of {other.common_symbol}, not of {g.common_symbol}."
        if on_mirrors:
            n = on_mirrors[0]
            hint += (f" In {other.common_symbol} every {n}-fold centre lies on mirror lines, so "
                     f"{n} is a corner (after the *). Look at the figure: does a mirror edge "
                     f"pass through {g.common_symbol}'s {n}-fold point?")
        elif off_mirrors:
            n = off_mirrors[0]
            hint += (f" In {other.common_symbol} a {n}-fold centre lies on no mirror (a cone, "
                     f"before the *). Look at the figure: which mirror edges meet at "
                     f"{g.common_symbol}'s {n}-fold point?")
        else:
            hint += (" Count the rotation centres no mirror passes through (before *), then the "
                     "mirror corners, crosscaps (x) and handles (o).")
        return False, hint
    return check


def _identify(hidden: str) -> Callable:
    g = wallpaper_group(hidden)

    def check(answer) -> tuple[bool, str]:
        chosen = wallpaper_group(str(answer))
        if chosen == g:
            # Neither the Conway symbol nor the number of operations: they are the answers of
            # the next exercises (which may ask about this very group).
            return True, f"It is {g.common_symbol}."
        if chosen.point_group_order != g.point_group_order:
            more = "more" if chosen.point_group_order > g.point_group_order else "fewer"
            return False, (f"{chosen.common_symbol} has {more} point-group operations than the "
                           "pattern's group; look again for rotation centres, mirrors and glides.")
        elements = chosen.cell_elements
        return False, (f"{chosen.common_symbol} has as many point-group operations as the "
                       "pattern's group, but "
                       + ("it has mirror lines" if len(elements.mirror_lines) else "it has no mirror lines")
                       + (" and glide lines that are not mirrors" if len(elements.glide_lines)
                          else " and no other glide lines")
                       + (", and at some point all its rotations and mirrors meet (symmorphic)"
                          if chosen.is_symmorphic else
                          ", and no point lies on all its rotation centres and mirrors "
                          "(non-symmorphic)") + ": compare with the pattern.")
    return check


def orbit_size(symbol: str) -> int:
    """The number of points of a generic orbit in one cell."""
    return len(wallpaper_group(symbol).orbit(np.array([0.1234, 0.3456])))


def _orbit_size(symbol: str) -> Callable:
    expected = orbit_size(symbol)
    name = wallpaper_group(symbol).common_symbol

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            return True, f"{expected}: one point for each operation of {name} in the cell."
        return False, f"How many operations does {name} have per unit cell (centring included)?"
    return check


def _extinct(symbol: str) -> Callable:
    expected = extinct_choices(symbol)

    def check(answer) -> tuple[bool, str]:
        chosen = {tuple(int(v) for v in str(a).strip("()").split(",")) for a in answer}
        if chosen == expected:
            if not expected:
                return True, "None: no operation fixing one of these k gives it a phase."
            causes: dict[tuple[str, Fraction], list[tuple[int, int]]] = {}
            for k in sorted(expected):
                causes.setdefault(extinction_cause(symbol, k), []).append(k)
            return True, " ".join(
                f"k = {', '.join(map(str, ks))}: {op} fixes k and multiplies exp(2 pi i k.x) by "
                f"exp(2 pi i k.t) = {_phase_text(phase)}, so its average over the group is zero."
                for (op, phase), ks in causes.items())
        return False, ("Apply each operation with R^T k = k to exp(2 pi i (k1 x + k2 y)) and "
                       "average: which waves pick up a phase other than 1?")
    return check


def _generators_text(symbol: str) -> str:
    g = wallpaper_group(symbol)
    return ", ".join(f"(x, y) -> ({op.xyz.replace(',', ', ')})" for op in g.generators)


def identify_exercise(hidden: str) -> Exercise:
    symbols = [g.common_symbol for g in all_wallpaper_groups()]
    return Exercise("identify", "Which wallpaper group is the pattern above?",
                    widgets.Dropdown(options=symbols, value="p1", description="group"),
                    _identify(hidden))


def conway_exercise(symbol: str) -> Exercise:
    name = wallpaper_group(symbol).common_symbol
    return Exercise("conway", f"What is the orbifold (Conway) symbol of {name}? Write the "
                    "cone orders, then * and the corner orders (x for a crosscap, o for a handle).",
                    widgets.Text(placeholder="Conway symbol", description="symbol"), _conway(symbol))


def orbit_exercise(symbol: str) -> Exercise:
    name = wallpaper_group(symbol).common_symbol
    return Exercise("orbit", f"How many points does the orbit of a generic point of {name} "
                    "have in one cell?",
                    widgets.BoundedIntText(value=1, min=1, max=100, description="points"),
                    _orbit_size(symbol))


def extinct_exercise(symbol: str) -> Exercise:
    name = wallpaper_group(symbol).common_symbol
    labels = [f"({a}, {b})" for a, b in FREQUENCY_CHOICES]
    generators = _generators_text(symbol)
    operations = f"is generated by {generators} and the lattice" if generators else "has only translations"
    return Exercise("extinct", f"{name} {operations}. Which frequencies k carry no "
                    f"{name}-invariant function? (check all that apply)",
                    Checklist(options=labels, description="k"),
                    _extinct(symbol))


def lesson_exercises(pattern_group: str = "p4g", conway_group: str = "p4g",
                     orbit_group: str = "p6m", extinct_group: str = "pg") -> list[Exercise]:
    """The four exercises; each names the group it asks about (never its answer)."""
    return [identify_exercise(pattern_group), conway_exercise(conway_group),
            orbit_exercise(orbit_group), extinct_exercise(extinct_group)]


SECTIONS = [
    ("1. Symmetries of a pattern (10 min)",
     "A wallpaper pattern repeats along two directions (its lattice) and may also be unchanged "
     "by rotations (2-, 3-, 4- or 6-fold), mirrors and glides (a mirror followed by half a "
     "lattice step). There are exactly 17 combinations. Look at the pattern: where are the "
     "rotation centres? Are there mirror lines? Glide lines?"),
    ("2. Orbifolds and Conway symbols (15 min)",
     "Fold the plane up by its symmetry: every orbit becomes one point. The result is the "
     "orbifold. Rotation centres become cone points, mirrors become a boundary, mirror "
     "intersections become corners. Conway's symbol lists them: cone orders, then *, then corner "
     "orders (x for a cross-cap, o for a handle)."),
    ("3. Why glide groups lose frequencies (15 min)",
     "An invariant function is an average of plane waves exp(2 pi i k.x) over the group. A "
     "glide moves by half a lattice step, which multiplies some waves by -1: their averages "
     "vanish, and those frequencies (extinct, or systematic absences in diffraction) carry "
     "no invariant function."),
    ("4. Breaking the symmetry (10 min)",
     "When a crystal cools through a phase transition, its symmetry may drop from its group G "
     "to a subgroup H. The operations H has lost map one domain of the new phase onto another, "
     "and functions appear that are invariant under H but not under G. By Hermann's theorem a "
     "maximal subgroup keeps either all the translations of G (t) or its point group (k)."),
    ("5. Wrap-up (5 min)",
     "Open the main dashboard and check your answers with the Orbifold and Basis tabs: pick "
     "a group, click a point to see its orbit, and compare the spectra of a group with mirrors "
     "and of the group with glides in their place. The Group tab lists each group's maximal "
     "subgroups."),
]

# Deep-link parameter -> (the exercise's group, its default). The Conway exercise asks about
# another group than the pattern's: the fundamental domain it shows would identify the pattern.
LESSON_GROUPS = {"pattern": "p4g", "conway": "p31m", "orbit": "p6m", "extinct": "pg"}
# The transition of section 4, by default (deep link ``transition=G>H``, one maximal step).
TRANSITION = "p4m>p2mm"
GATED_NOTE = ("This part asks about the group of the pattern above: it appears once "
              "exercise 1 is answered.")


def _paragraph(text: str) -> widgets.HTML:
    return widgets.HTML(f"<p>{escape(text)}</p>")


def lesson_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The class as one page. Deep links: ``pattern`` (the hidden group of exercise 1),
    ``conway``, ``orbit`` and ``extinct`` (the groups the other exercises ask about), and
    ``transition`` (section 4's group and maximal subgroup, ``p4m>p2mm``).

    No exercise, figure or title shows an answer before it is given: the pattern's group is
    named nowhere until exercise 1 is answered, so a part about the same group as the pattern
    (a link may ask for that) appears only then, and the spectrum (the extinct exercise's
    answer) appears once that exercise is answered."""
    params = params or {}
    notices = []
    chosen = {}
    for key, default in LESSON_GROUPS.items():
        chosen[key] = default
        if key in params:
            try:
                chosen[key] = wallpaper_group(params[key]).common_symbol
            except UnknownGroupError as exc:
                notices.append(f"<div class='sg-error' style='color:#b00020'>{escape(str(exc))}; "
                               f"using {default} for {key}</div>")
    transition, refused = chosen_transition(params, TRANSITION, dim=2, max_steps=1)
    notices += refused
    spectrum = FigureWidget(frequency_figure(chosen["extinct"]))
    exercises = {e.key: e for e in lesson_exercises(chosen["pattern"], chosen["conway"],
                                                    chosen["orbit"], chosen["extinct"])}
    exercises.update((e.key, e) for e in (index_exercise(transition),
                                          conjugates_exercise(transition.steps[0]),
                                          new_functions_exercise(transition)))
    kept, new = breaking_figures(transition)
    exercises["extinct"].reveal_on_success(spectrum)
    g = wallpaper_group(chosen["pattern"])
    pattern = FigureWidget(plot_field(g, pattern_values(chosen["pattern"]), cells=3, overlays=(),
                                      title="a wallpaper pattern: which group?"))
    pattern.data[0].showscale = False
    domain = FigureWidget(domain_figure(chosen["conway"]))
    conway, extinct = chosen["conway"], chosen["extinct"]
    contents = {
        "conway": [_paragraph(f"The figure shows {conway}'s fundamental domain with its gluing: "
                              "thick edges are mirrors, edges of one colour are glued together."),
                   domain, exercises["conway"]],
        "orbit": [exercises["orbit"]],
        "extinct": [_paragraph(f"Once you have answered, the frequencies {extinct} keeps and "
                               "those it loses appear below the exercise."), exercises["extinct"]],
        "transition": [_paragraph(transition_text(transition)),
                       _paragraph(f"Below: a {transition.names[0]}-invariant function and a new "
                                  f"{transition.names[1]}-invariant one, over cells of "
                                  f"{transition.names[0]}."),
                       side_by_side((kept, "300px"), (new, "300px")), exercises["index"],
                       exercises["conjugates"], exercises["new-functions"]],
    }
    named = {**{key: [chosen[key]] for key in chosen}, "transition": transition.names}
    slots: dict[str, widgets.VBox] = {}
    for key, content in contents.items():
        if chosen["pattern"] in named[key]:
            slots[key] = widgets.VBox([_paragraph(GATED_NOTE)])
            slots[key].add_class("sg-gated")
            exercises["identify"].on_success(
                lambda slot=slots[key], content=content: setattr(slot, "children", content))
        else:
            slots[key] = widgets.VBox(content)
    parts = {0: [pattern, exercises["identify"]], 1: [slots["conway"], slots["orbit"]],
             2: [slots["extinct"]], 3: [slots["transition"]], 4: []}
    children = [widgets.HTML("".join(notices))]
    for index, (title, text) in enumerate(SECTIONS):
        children += [widgets.HTML(f"<h3>{escape(title)}</h3><p>{escape(text)}</p>"), *parts[index]]
    page = widgets.VBox(children)
    page.add_class("sg-lesson")
    page.exercises = exercises
    page.figures = {"pattern": pattern, "domain": domain, "spectrum": spectrum, "kept": kept,
                    "new": new}
    page.transition = transition
    return page


def domain_figure(symbol: str):
    """The fundamental domain and its gluing, titled without the Conway symbol (the
    answer of the exercise below it)."""
    figure = plot_fundamental_domain(orbifold(wallpaper_group(symbol)))
    figure.update_layout(title=short_lines(f"{wallpaper_group(symbol).common_symbol}: fundamental "
                                           "domain and gluing"))
    return figure


def frequency_figure(symbol: str):
    """Frequencies k = (k1, k2) in a small window: kept (an invariant function contains
    them) or extinct."""
    window = [(a, b) for a in range(-FREQUENCY_WINDOW, FREQUENCY_WINDOW + 1)
              for b in range(-FREQUENCY_WINDOW, FREQUENCY_WINDOW + 1)]
    extinct = extinct_choices(symbol, tuple(window))
    kept = [k for k in window if k not in extinct]
    figure = go.Figure([
        go.Scatter(x=[k[0] for k in kept], y=[k[1] for k in kept], mode="markers", name="kept",
                   marker={"size": 12, "color": "#1f77b4"}),
        go.Scatter(x=[k[0] for k in extinct], y=[k[1] for k in extinct], mode="markers",
                   name="extinct", marker={"size": 12, "color": "#d62728", "symbol": "x"}),
    ])
    figure.update_layout(title=f"frequencies of {symbol}: {len(extinct)} of {len(window)} extinct",
                         height=400, xaxis_title="k1", yaxis_title="k2", yaxis_scaleanchor="x",
                         # Legend below and no fixed width: the figure fits a 400 px phone.
                         legend={"orientation": "h", "y": -0.2}, margin={"l": 40, "r": 10})
    return figure
