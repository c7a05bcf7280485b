"""A 50-minute class on wallpaper groups: short texts, figures and exercises whose answers
are checked in the page. Every answer is computed from the library, never typed in."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import numpy as np

from ..groups import UnknownGroupError, all_wallpaper_groups, wallpaper_group
from ._figure import FigureWidget

FREQUENCY_CHOICES = ((0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (2, 1))


class Exercise(widgets.VBox):
    """A question, an answer control, a "check" button and feedback. ``check`` maps the
    control's value to (correct, explanation)."""

    def __init__(self, key: str, question: str, control: widgets.ValueWidget,
                 check: Callable[[object], tuple[bool, str]]) -> None:
        self.key, self.control, self._check = key, control, check
        self.button = widgets.Button(description="check", button_style="info")
        self.feedback = widgets.HTML()
        self.feedback.add_class("sg-feedback")
        self.button.on_click(lambda b: self.check())
        super().__init__([widgets.HTML(f"<b>Exercise.</b> {question}"),
                          widgets.HBox([control, self.button]), self.feedback])
        self.add_class("sg-exercise")
        self.add_class(f"sg-exercise-{key}")

    def check(self) -> bool:
        try:
            correct, explanation = self._check(self.control.value)
        except (ValueError, UnknownGroupError) as exc:
            correct, explanation = False, str(exc)
        colour, verdict = ("#2e7d32", "Correct.") if correct else ("#b00020", "Not yet.")
        self.feedback.value = (f"<div class='sg-{'right' if correct else 'wrong'}' "
                               f"style='color:{colour}'>{verdict} {escape(explanation)}</div>")
        return correct


def pattern_values(symbol: str, seed: int = 0, resolution: int = 96) -> np.ndarray:
    """A pattern with exactly the symmetry of ``symbol``: a random combination of its first
    invariant basis functions (the constant left out) on the grid."""
    from ..basis import invariant_basis

    basis = invariant_basis(symbol, n=12)
    weights = np.random.default_rng(seed).standard_normal(len(basis)) / (1 + np.arange(len(basis)))
    weights[0] = 0.0
    return np.asarray(basis.synthesize(weights, (resolution, resolution)))


def extinct_choices(symbol: str, choices=FREQUENCY_CHOICES) -> set[tuple[int, int]]:
    """The frequencies among ``choices`` that no invariant function of the group contains."""
    from ..basis import invariant_basis

    bound = max((2 * np.pi) ** 2 * (a * a + b * b) for a, b in choices) * 4
    present = {tuple(k) for k in invariant_basis(symbol, max_eigenvalue=bound).terms.frequencies.tolist()}
    return {k for k in choices if k not in present}


def _identify(hidden: str) -> Callable:
    g = wallpaper_group(hidden)

    def check(answer) -> tuple[bool, str]:
        chosen = wallpaper_group(str(answer))
        if chosen == g:
            return True, (f"It is {g.common_symbol} ({g.conway}), with {g.point_group_order} "
                          "point-group operations.")
        return False, (f"{chosen.common_symbol} has {chosen.point_group_order} point-group operations; "
                       "look again for rotation centres, mirrors and glides.")
    return check


def _conway(symbol: str) -> Callable:
    expected = wallpaper_group(symbol).conway

    def check(answer) -> tuple[bool, str]:
        typed = str(answer).replace(" ", "").replace("x", "×").replace("o", "∘")
        if typed == expected or typed == expected.replace("×", "x"):
            return True, (f"{expected}: a cone point of order 4 and a mirror boundary with one "
                          "corner of angle pi/2.")
        return False, "Count the rotation centres no mirror passes through (before *), then the mirror corners."
    return check


def _orbit_size(symbol: str) -> Callable:
    g = wallpaper_group(symbol)
    expected = len(g.orbit(np.array([0.1234, 0.3456])))

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            return True, f"{expected}: one point for each operation of the point group."
        return False, "How many operations does the point group of p6m have?"
    return check


def _extinct(symbol: str) -> Callable:
    expected = extinct_choices(symbol)

    def check(answer) -> tuple[bool, str]:
        chosen = {tuple(int(v) for v in str(a).strip("()").split(",")) for a in answer}
        if chosen == expected:
            return True, ("The glide (x, y) -> (-x, y + 1/2) turns exp(2 pi i k.x) with k = (0, m) "
                          "into itself times exp(pi i m): for odd m the average over the group is zero.")
        return False, "Apply the glide to exp(2 pi i (k1 x + k2 y)) and average: which terms cancel?"
    return check


def lesson_exercises(pattern_group: str = "p4g") -> list[Exercise]:
    symbols = [g.common_symbol for g in all_wallpaper_groups()]
    labels = [f"({a}, {b})" for a, b in FREQUENCY_CHOICES]
    return [
        Exercise("identify", "Which wallpaper group is the pattern above?",
                 widgets.Dropdown(options=symbols, value="p1", description="group"),
                 _identify(pattern_group)),
        Exercise("conway", "What is the orbifold (Conway) symbol of p4g? Type e.g. 4*2 or *442.",
                 widgets.Text(placeholder="Conway symbol", description="symbol"), _conway("p4g")),
        Exercise("orbit", "How many points does the orbit of a generic point of p6m have in one cell?",
                 widgets.BoundedIntText(value=1, min=1, max=100, description="points"),
                 _orbit_size("p6m")),
        Exercise("extinct", "pg has the glide (x, y) -> (-x, y + 1/2). Which frequencies k carry "
                 "no pg-invariant function? (select all; ctrl/cmd-click)",
                 widgets.SelectMultiple(options=labels, rows=len(labels), description="k"),
                 _extinct("pg")),
    ]


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
     "orders (x for a cross-cap, o for a handle). The figure shows p4g's fundamental domain with "
     "its gluing."),
    ("3. Why glide groups lose frequencies (15 min)",
     "An invariant function is an average of plane waves exp(2 pi i k.x) over the group. A "
     "glide moves by half a lattice step, which multiplies some waves by -1: their averages "
     "vanish, and those frequencies (extinct, or systematic absences in diffraction) carry "
     "no invariant function. The spectrum below shows which frequencies pg keeps."),
    ("4. Wrap-up (10 min)",
     "Open the main dashboard and check your answers with the Orbifold and Basis tabs: pick "
     "a group, click a point to see its orbit, and compare the spectra of pm, pg and pmg."),
]


def lesson_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The class as one page. Deep link: ``pattern`` (the hidden group of exercise 1)."""
    from ..orbifold import orbifold
    from ..render import plot_field, plot_fundamental_domain

    params = params or {}
    notice = ""
    hidden = "p4g"
    if "pattern" in params:
        try:
            hidden = wallpaper_group(params["pattern"]).common_symbol
        except UnknownGroupError as exc:
            notice = f"<div class='sg-error' style='color:#b00020'>{escape(str(exc))}; using p4g</div>"
    exercises = {e.key: e for e in lesson_exercises(hidden)}
    g = wallpaper_group(hidden)
    pattern = FigureWidget(plot_field(g, pattern_values(hidden), cells=3, overlays=(),
                                      title="a wallpaper pattern: which group?"))
    pattern.data[0].showscale = False
    domain = FigureWidget(plot_fundamental_domain(orbifold(wallpaper_group("p4g"))))
    spectrum = FigureWidget(_frequency_figure("pg"))
    parts = {0: [pattern, exercises["identify"]], 1: [domain, exercises["conway"], exercises["orbit"]],
             2: [spectrum, exercises["extinct"]], 3: []}
    children = [widgets.HTML(notice)]
    for index, (title, text) in enumerate(SECTIONS):
        children += [widgets.HTML(f"<h3>{escape(title)}</h3><p>{escape(text)}</p>"), *parts[index]]
    page = widgets.VBox(children)
    page.add_class("sg-lesson")
    page.exercises = exercises
    return page


def _frequency_figure(symbol: str):
    """Frequencies k = (k1, k2) in a small window: kept (an invariant function contains
    them) or extinct."""
    import plotly.graph_objects as go

    window = [(a, b) for a in range(-3, 4) for b in range(-3, 4)]
    extinct = extinct_choices(symbol, tuple(window))
    kept = [k for k in window if k not in extinct]
    figure = go.Figure([
        go.Scatter(x=[k[0] for k in kept], y=[k[1] for k in kept], mode="markers", name="kept",
                   marker={"size": 12, "color": "#1f77b4"}),
        go.Scatter(x=[k[0] for k in extinct], y=[k[1] for k in extinct], mode="markers",
                   name="extinct", marker={"size": 12, "color": "#d62728", "symbol": "x"}),
    ])
    figure.update_layout(title=f"frequencies of {symbol}", height=360, width=420,
                         xaxis_title="k1", yaxis_title="k2", yaxis_scaleanchor="x")
    return figure
