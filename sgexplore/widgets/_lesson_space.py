"""A 50-minute class from the plane to space: the asymmetric unit and its copies, screw axes
and glide planes and the reflections they extinguish, and the orbifolds of P2_1/c and Fm-3m.
Every answer is computed from the library, never typed in, and none is shown before it is
given."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from html import escape

import ipywidgets as widgets
import numpy as np

from ..groups import DENOMINATOR, UnknownGroupError, space_group
from ..groups._operations import rotation_order
from ..orbifolds import orbifold
from ..render import plot_asu_tiling, plot_asymmetric_unit, plot_space_orbifold, short_lines
from ._checklist import Checklist
from ._figure import FigureWidget
from ._transition import (
    chosen_transition,
    index_exercise,
    new_functions_exercise,
    splitting_exercise,
    transition_text,
)
from ._exercise import Exercise

# Reflections offered in the extinction exercise: axial rows, zones and general ones, so that
# screw axes (rows), glide planes (zones) and centrings (everything) all show.
REFLECTIONS = ((1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 2, 0), (0, 0, 2), (1, 0, 1), (1, 1, 0),
               (1, 1, 1))
CAUSES = ("centring", "glide", "screw")
# Point groups offered in the vertex exercise (the chosen group's own are always added).
POINT_GROUPS = ("-1", "2/m", "222", "mmm", "32", "-3", "-3m", "-4", "4/mmm", "-42m", "23",
                "m-3", "432", "-43m", "m-3m", "6/mmm")

# Deep-link parameter -> the group its exercise asks about, by default.
LESSON_GROUPS = {"copies": "C2/c", "absent": "P2_1/c", "orbifold": "P2_1/c", "vertex": "Fm-3m"}
# Section 6's transition, by default: BaTiO3's cubic to tetragonal ferroelectric transition,
# two maximal steps (P4mm is not maximal in Pm-3m). Deep link ``transition=G>H`` (<= 3 steps).
TRANSITION = "Pm-3m>P4/mmm>P4mm"


def copies_in_cell(symbol: str) -> int:
    """How many copies of the asymmetric unit fill the (conventional) unit cell: one per
    operation modulo the lattice, centring translations included."""
    return len(space_group(symbol).operations)


def absent_reflections(symbol: str, choices=REFLECTIONS) -> dict[tuple[int, int, int], tuple[str, str, Fraction]]:
    """The reflections among ``choices`` that the group extinguishes, each with its cause
    (centring, glide or screw), the coordinate triplet of an operation x -> R x + t
    responsible (R^T k = k) and k.t modulo 1 (not 0: the operation multiplies the wave by
    exp(2 pi i k.t))."""
    g = space_group(symbol)
    extinct, cause, operation = g.systematic_absences(list(choices))
    absent = {}
    for k, e, c, o in zip(choices, extinct.tolist(), cause.tolist(), operation.tolist()):
        if e:
            op = g.operations[o]
            phase = Fraction(int(np.asarray(k) @ op.translation_numerator) % DENOMINATOR, DENOMINATOR)
            absent[tuple(k)] = (CAUSES[c], op.xyz, phase)
    return absent


def element_kinds(symbol: str) -> dict[str, object]:
    """What meets the cell of the group and fixes points: the orders of its rotation axes
    (screws left out), whether it has mirror planes and inversion centres, and the
    rotoinversion points (-3, -4, -6) it has."""
    g = space_group(symbol)
    e = g.cell_elements
    # Every kind of rotoinversion, also one sharing its point with a higher one (-3 at
    # P6/m's -6 points): the elements list only the highest at each point.
    rotoinversions = {f"-{rotation_order(-r)}" for r in g.rotations
                      if round(np.linalg.det(r)) == -1 and rotation_order(r) > 2}
    return {"orders": sorted(int(n) for n in set(e.axis_orders.tolist()) - {1}),
            "mirrors": bool(np.any(e.plane_mirror)),
            "inversions": len(e.inversion_centres) > 0,
            "rotoinversions": sorted(rotoinversions)}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def elements_phrase(symbol: str) -> str:
    """The point-fixing elements of the group in words ("rotation axes of orders 2, 3 and 4,
    mirror planes and inversion centres"), or "" when it has none."""
    kinds = element_kinds(symbol)
    words = []
    if kinds["orders"]:
        orders = [str(n) for n in kinds["orders"]]
        words.append(f"rotation axes of order{'s' if len(orders) > 1 else ''} {_and(orders)}")
    if kinds["mirrors"]:
        words.append("mirror planes")
    if kinds["inversions"]:
        words.append("inversion centres")
    if kinds["rotoinversions"]:
        words.append(f"{_and(kinds['rotoinversions'])} rotoinversion points")
    return _and(words) if words else ""


def vertex_section_text(symbol: str) -> str:
    """Section 5's text, from the group's own elements. It names no point group and does
    not say whether there are vertices: those are the exercise's answers."""
    name = space_group(symbol).symbol
    phrase = elements_phrase(symbol)
    ending = ("Decide from the figure below where such points lie, if anywhere; once you have "
              "answered, the orbifold appears with its singular vertices labelled.")
    if not phrase:
        return (f"{name} has no rotation axes, mirror planes, inversion centres or rotoinversion "
                "points: its operations other than the identity (screws, glides, translations) "
                "move every point. A singular vertex of the orbifold is a point fixed by a point "
                "group that fixes no line through it. " + ending)
    kinds = element_kinds(symbol)
    lines = [w for w, present in (("axes", kinds["orders"]), ("mirror planes", kinds["mirrors"]))
             if present]
    points = [w for w, present in (("an inversion centre", kinds["inversions"]),
                                   ("a rotoinversion point", kinds["rotoinversions"])) if present]
    where = ", and ".join(([f"where {' and '.join(lines)} meet"] if lines else [])
                         + ([f"at {' or '.join(points)}"] if points else []))
    return (f"{name} has {phrase}. {where[0].upper()}{where[1:]}, a point may be fixed by a point "
            "group that fixes no line through it: a singular vertex of the orbifold. " + ending)


def vertex_point_groups(symbol: str) -> set[str]:
    """The point groups (Hermann-Mauguin) at the singular vertices of the group's orbifold."""
    return {v.local_group.hermann_mauguin for v in orbifold(space_group(symbol)).singular_vertices}


def _label(k) -> str:
    return "(" + ", ".join(str(int(v)) for v in k) + ")"


def _copies(symbol: str) -> Callable:
    g = space_group(symbol)
    expected = copies_in_cell(symbol)
    points = len(g.coset_representatives)
    centrings = len(g.centring_translations)

    def check(answer) -> tuple[bool, str]:
        if int(answer) == expected:
            times = (f" times {centrings} centring translations" if centrings > 1 else
                     " (a primitive cell: no centring translations)")
            return True, (f"{expected}: {points} point operation{'s' if points > 1 else ''} "
                          f"(ITA's (0,0,0)+ set){times}; each moves the asymmetric unit "
                          "to a copy, and the copies fill the cell once.")
        if int(answer) == points and centrings > 1:
            return False, (f"{g.symbol} is centred ({g.symbol[0]}): each point operation comes "
                           "again shifted by every centring translation.")
        return False, (f"Count the operations of {g.symbol} in one cell: its point group's "
                       "operations, then times the number of lattice points in the cell.")
    return check


def _absent(symbol: str) -> Callable:
    expected = absent_reflections(symbol)
    name = space_group(symbol).symbol

    def check(answer) -> tuple[bool, str]:
        chosen = {tuple(int(v) for v in str(a).strip("()").split(",")) for a in answer}
        if chosen == set(expected):
            if not expected:
                return True, "None of these: no centring, screw or glide gives them a phase."
            return True, " ".join(
                f"{_label(k)}: absent because of a {cause} ({op} fixes k and shifts by t with "
                f"k.t = {phase} mod 1, so the waves of an orbit cancel)."
                for k, (cause, op, phase) in sorted(expected.items()))
        wrong = sorted(chosen - set(expected))
        missing = len(set(expected) - chosen)
        hint = (f"{', '.join(map(_label, wrong))} {'is' if len(wrong) == 1 else 'are'} not absent. "
                if wrong else "")
        return False, (hint + (f"{missing} absent reflection(s) not chosen yet. " if missing else "")
                       + f"For each hkl, find the operations of {name} with R^T k = k and compute "
                       "k.t: a value that is not an integer extinguishes the reflection.")
    return check


def orbifold_answer(symbol: str, local_groups: bool = True) -> str:
    """The orbifold exercise's explanation: its singular vertices with their local groups
    (left out with ``local_groups=False``: the vertex exercise's answer when it asks about
    the same group) and its singular edges, each sentence from the group's orbifold and
    elements."""
    g = space_group(symbol)
    o = orbifold(g)
    count = len(o.singular_vertices)
    edges = len(o.singular_edges)
    if count and not local_groups:
        text = f"{count}."
    elif count:
        groups = _and(sorted({v.local_group.hermann_mauguin for v in o.singular_vertices}))
        text = f"{count}, with local group{'s' if ' ' in groups else ''} {groups}."
    else:
        text = f"0: no point of {g.symbol} is fixed by a point group that fixes only that point."
    if edges:
        text += (f" Its singular set also has {edges} edge{'s' if edges > 1 else ''}: "
                 + ("rotation axes, whose points are" if edges > 1 else "a rotation axis, whose "
                    "points are") + " each fixed by a rotation.")
    else:
        moving = [w for w, present in (("screw axes", any(g.cell_elements.axis_screws)),
                                       ("glide planes", not np.all(g.cell_elements.plane_mirror)))
                  if present]
        text += (f" It has no singular edges: {g.symbol} has no rotation axes"
                 + (f" (its {_and(moving)} move every point)." if moving else "."))
    return text


def _orbifold_vertices(symbol: str, local_groups: bool = True) -> Callable:
    expected = len(orbifold(space_group(symbol)).singular_vertices)
    answer = orbifold_answer(symbol, local_groups)

    def check(answer_given) -> tuple[bool, str]:
        if int(answer_given) == expected:
            return True, answer
        return False, ("Count the labelled points of the figure: each is one class of points "
                       "whose stabiliser fixes only that point (points glued by the group count once).")
    return check


def _vertex(symbol: str) -> Callable:
    expected = vertex_point_groups(symbol)
    name = space_group(symbol).symbol
    phrase = elements_phrase(symbol)
    where = (f"where the {phrase} of {name} meet or sit" if phrase else
             f"{name} has no element that fixes a point")

    def check(answer) -> tuple[bool, str]:
        chosen = set(answer)
        if chosen == expected:
            if not expected:
                return True, (f"None: {where}, so no point has a stabiliser fixing only it.")
            return True, (f"{_and(sorted(expected))}: {where}, the stabiliser of the point is "
                          "that point group.")
        return False, (f"Look {where} in the asymmetric unit: the stabiliser of such a point is "
                       "the point group. "
                       + (f"{', '.join(sorted(chosen - expected))}: not at a vertex of {name}."
                          if chosen - expected else ""))
    return check


def copies_exercise(symbol: str) -> Exercise:
    name = space_group(symbol).symbol
    return Exercise("copies", f"How many copies of the asymmetric unit of {name} fill its "
                    "(conventional) unit cell?",
                    widgets.BoundedIntText(value=1, min=1, max=192, description="copies"),
                    _copies(symbol))


def absent_exercise(symbol: str) -> Exercise:
    g = space_group(symbol)
    operations = "; ".join(op.xyz for op in g.coset_representatives[1:])
    return Exercise("absent", f"{g.symbol} has the operations x,y,z; {operations} (and the "
                    "lattice). Which reflections hkl are systematically absent? (check all "
                    "that apply)",
                    Checklist(options=[_label(k) for k in REFLECTIONS], description="hkl"),
                    _absent(symbol))


def orbifold_exercise(symbol: str, local_groups: bool = True) -> Exercise:
    """``local_groups=False``: the explanation does not name the vertices' point groups."""
    name = space_group(symbol).symbol
    return Exercise("orbifold", f"How many singular vertices (points with a finite stabiliser "
                    f"fixing only them, counted once per orbit) has the orbifold of {name}?",
                    widgets.BoundedIntText(value=0, min=0, max=100, description="vertices"),
                    _orbifold_vertices(symbol, local_groups))


def vertex_exercise(symbol: str) -> Exercise:
    name = space_group(symbol).symbol
    options = sorted(set(POINT_GROUPS) | vertex_point_groups(symbol), key=lambda s: (len(s), s))
    return Exercise("vertex", f"Which point groups sit at the singular vertices of the orbifold "
                    f"of {name}? (check all that apply)",
                    Checklist(options=options, description="groups"),
                    _vertex(symbol))


def tiling_figure(symbol: str = "P2_1/c"):
    """The copies of the asymmetric unit of the teaching example filling its cell."""
    figure = plot_asu_tiling(symbol)
    figure.update_layout(height=650)  # as wide as the page (a phone included)
    return figure


def orbifold_figure(symbol: str, title: str, vertex_labels: bool = True):
    """The asymmetric unit with its gluing, titled without the orbifold's facts (the
    answers of the exercises); ``vertex_labels=False`` leaves the vertices' point groups out
    (marked, not named)."""
    figure = plot_space_orbifold(orbifold(space_group(symbol)))
    figure.update_layout(title=title, height=600)
    if not vertex_labels:
        figure.update_traces(selector={"name": "singular vertices"}, text=None, hovertext=None,
                             mode="markers", hovertemplate="singular vertex<extra></extra>")
    return figure


def elements_figure(symbol: str):
    """The asymmetric unit with the symmetry elements that meet it (axes by order, mirror
    planes, inversion centres, rotoinversion points; glide planes and screw axes, which fix
    no point, hidden until clicked): the picture to read the vertex exercise from. Clipped
    to the asymmetric unit, Fm-3m's elements no longer fill the view (the whole cell's
    planes made it a solid mass)."""
    figure = plot_asymmetric_unit(space_group(symbol), within_asymmetric_unit=True)
    figure.update_traces(selector={"name": "glide planes"}, visible="legendonly")
    figure.update_traces(selector={"name": "screw axes"}, visible="legendonly")
    figure.update_layout(title=short_lines(f"{space_group(symbol).symbol}: the asymmetric unit "
                                           "and the symmetry elements meeting it"), height=600)
    return figure


SECTIONS = [
    ("1. From the plane to space (5 min)",
     "A wallpaper group repeats a pattern along two lattice directions; a space group along "
     "three. Rotations become rotation axes, mirror lines mirror planes, glide lines glide "
     "planes; two things are new: screw axes (a rotation followed by a shift along the axis) "
     "and inversion centres. There are 230 space groups."),
    ("2. The asymmetric unit and its copies (10 min)",
     "The asymmetric unit is a smallest piece of the cell from which the group rebuilds "
     "everything. Each operation moves it to a copy; cut at the cell faces and moved back by "
     "lattice vectors, the copies fill the cell exactly once. The figure shows the {copies_shown} "
     "copies of {example} (click legend entries to hide copies; the Orbifold tab of the space-group "
     "dashboard adds them one at a time)."),
    ("3. Screw axes, glide planes and absent reflections (15 min)",
     "A 2_1 screw along b maps (x, y, z) to (-x, y + 1/2, -z): on the row 0k0 of reciprocal "
     "space it multiplies exp(2 pi i k y) by exp(pi i k), which is -1 for odd k, so those "
     "reflections cancel. A glide plane does the same for a whole zone of reflections, and a "
     "centring for all reflections failing its parity rule. These systematic absences are how "
     "crystallographers read screws and glides off a diffraction pattern."),
    ("4. The orbifold of {orbifold} (10 min)",
     "Glue the faces of the asymmetric unit as the group identifies them: the result is the "
     "orbifold R^3/G. In the figure faces of one colour are glued (hover names the operation), "
     "grey faces would be mirrors (the boundary), thick lines rotation axes and labelled points "
     "the singular vertices."),
    ("5. The orbifold of {vertex} (10 min)", "{vertex_text}"),
    ("6. Breaking the symmetry: {chain} (10 min)", "{transition_text}"),
]


def _chosen_groups(params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    chosen, notices = {}, []
    for key, default in LESSON_GROUPS.items():
        chosen[key] = default
        if key in params:
            try:
                chosen[key] = space_group(params[key]).symbol
            except UnknownGroupError as exc:
                notices.append(f"<div class='sg-error' style='color:#b00020'>{escape(str(exc))}; "
                               f"using {default} for {key}</div>")
    return chosen, notices


def space_lesson_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The class as one page. Deep links: ``copies``, ``absent``, ``orbifold`` and ``vertex``
    (the space groups the four exercises ask about; defaults C2/c, P2_1/c, P2_1/c, Fm-3m) and
    ``transition`` (section 6's chain of maximal subgroups, ``Pm-3m>P4/mmm>P4mm``)."""
    chosen, notices = _chosen_groups(params or {})
    transition, refused = chosen_transition(params or {}, TRANSITION, dim=3, max_steps=3)
    notices += refused
    # The tiling shown is of another group than the copies exercise's, whose answer it would be.
    example = "P2_1/c" if chosen["copies"] != "P2_1/c" else "P-1"
    # The orbifold exercise's figure and explanation would name the vertex exercise's answer
    # (the vertices' point groups) if both ask about one group.
    distinct = chosen["orbifold"] != chosen["vertex"]
    exercises = {e.key: e for e in (copies_exercise(chosen["copies"]),
                                    absent_exercise(chosen["absent"]),
                                    orbifold_exercise(chosen["orbifold"], distinct),
                                    vertex_exercise(chosen["vertex"]),
                                    index_exercise(transition), splitting_exercise(transition),
                                    new_functions_exercise(transition))}
    figures = {
        "tiling": FigureWidget(tiling_figure(example)),
        "orbifold": FigureWidget(orbifold_figure(
            chosen["orbifold"], f"{chosen['orbifold']}: the asymmetric unit and its gluing",
            vertex_labels=distinct)),
        "elements": FigureWidget(elements_figure(chosen["vertex"])),
        "vertex": FigureWidget(orbifold_figure(
            chosen["vertex"], f"{chosen['vertex']}: the orbifold with its singular vertices")),
    }
    exercises["vertex"].reveal_on_success(figures["vertex"])
    parts = {0: [], 1: [figures["tiling"], exercises["copies"]], 2: [exercises["absent"]],
             3: [figures["orbifold"], exercises["orbifold"]],
             4: [figures["elements"], exercises["vertex"]],
             5: [exercises["index"], exercises["splitting"], exercises["new-functions"]]}
    format_keys = {**chosen, "example": example, "copies_shown": copies_in_cell(example),
                   "vertex_text": vertex_section_text(chosen["vertex"]),
                   "chain": " -> ".join(transition.names),
                   "transition_text": transition_text(transition)}
    children = [widgets.HTML("".join(notices))]
    for index, (title, text) in enumerate(SECTIONS):
        children += [widgets.HTML(f"<h3>{escape(title.format(**format_keys))}</h3>"
                                  f"<p>{escape(text.format(**format_keys))}</p>"),
                     *[_scrolling_box(w) if isinstance(w, FigureWidget) else w for w in parts[index]]]
    children.append(widgets.HTML(
        "<h3>Wrap-up</h3><p>Open the space-group dashboard (space_groups.ipynb) and its "
        "Orbifold tab: compare P2_1/c, P6_3/mmc and Ia-3d, and play the copies filling the "
        "cell.</p>"))
    page = widgets.VBox(children, layout=widgets.Layout(max_width="100%"))
    page.add_class("sg-lesson")
    page.add_class("sg-space-lesson")
    page.exercises = exercises
    page.figures = figures
    page.transition = transition
    return page


def _scrolling_box(figure: FigureWidget) -> widgets.Box:
    return widgets.Box([figure], layout=widgets.Layout(max_width="100%", overflow_x="auto",
                                                       overflow_y="hidden"))

