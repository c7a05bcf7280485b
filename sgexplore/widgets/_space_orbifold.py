"""The Orbifold view of the space-group dashboard: the asymmetric unit with its gluing and
singular set, the facts of R^3/G beside it, and the asymmetric unit's copies filling the
unit cell one operation at a time."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np

from ..groups import SgexploreError, SpaceGroup, space_group
from ..orbifolds import embedding_dimension, orbifold
from ..render import BARE, plot_asu_tiling, plot_space_orbifold
from ._base import side_by_side, sync_figure
from ._figure import FigureWidget

#: px: the 3D scenes' share of a row, with the facts (28em) or the slice (440 px) beside
#: them at 1280 px; on a narrower screen each takes the row's width (figures follow their box).
SCENE_WIDTH = 700


def embedding_dimension_text(group: SpaceGroup) -> str:
    """The measured embedding dimension, or the reason there is none to show (the table,
    filled by ``scripts/embedding_dimensions.py``, covers the default setting of each group)."""
    try:
        return str(embedding_dimension(group))
    except SgexploreError as error:
        return f"not available: {error}"


def orbifold_facts_html(group: SpaceGroup) -> str:
    """The orbifold's invariants and structure as an HTML block: chi, Sohncke or not,
    boundary components, singular edges by order and local group, singular vertices with
    their point groups, the glued face pairs with their operations, and the embedding
    dimension."""
    o = orbifold(group)
    by_order: dict[int, int] = {}
    for edge in o.singular_edges:
        by_order[edge.order] = by_order.get(edge.order, 0) + 1
    edges = ", ".join(f"{count} of order {order}" for order, count in sorted(by_order.items())) or "none"
    local = ", ".join(f"{n} &times; {escape(hm)}" for hm, n in o.singular_edge_counts().items())
    vertices = "".join(
        f"<li class='sg-orbifold-vertex'>{escape(v.local_group.hermann_mauguin)} "
        f"({escape(v.local_group.schoenflies)}, order {v.local_group.order}) at "
        f"{escape(_point(v.points[0]))}</li>" for v in o.singular_vertices) or "<li>none</li>"
    pairs = []  # numbered as plot_space_orbifold's legend numbers them
    for i, face in enumerate(o.faces):
        if face.kind == "mirror" or face.partner < i:
            continue
        what = ("folded onto itself" if face.kind == "folded"
                else f"faces {i + 1} and {face.partner + 1} glued")
        pairs.append(f"<li class='sg-gluing-pair'>pair {len(pairs) + 1}: {what} by "
                     f"<code>{escape(face.operation)}</code> ({escape(face.symbol)})</li>")
    mirrors = sum(f.kind == "mirror" for f in o.faces)
    chi = o.euler_characteristic
    return (
        "<div class='sg-orbifold-facts' style='line-height:1.5'>"
        f"<h4>{escape(group.symbol)} (No. {group.number}): R<sup>3</sup>/G</h4>"
        "<table style='border-collapse:collapse'>"
        f"<tr><td style='white-space:nowrap;padding-right:1em;vertical-align:top'>Euler characteristic &chi;</td><td class='sg-chi'>{chi}</td></tr>"
        f"<tr><td style='white-space:nowrap;padding-right:1em;vertical-align:top'>orientation</td><td class='sg-sohncke'>"
        f"{'Sohncke (orientation preserving)' if o.sohncke else 'not Sohncke (some operations reverse orientation)'}"
        "</td></tr>"
        f"<tr><td style='white-space:nowrap;padding-right:1em;vertical-align:top'>boundary components</td><td class='sg-boundaries'>{o.boundaries}"
        f" ({mirrors} mirror face{'s' if mirrors != 1 else ''})</td></tr>"
        f"<tr><td style='white-space:nowrap;padding-right:1em;vertical-align:top'>singular edges</td><td class='sg-edge-counts'>{edges}"
        + (f" <small>({local})</small>" if local else "") + "</td></tr>"
        f"<tr><td style='white-space:nowrap;padding-right:1em;vertical-align:top'>embedding dimension</td><td class='sg-embedding-dimension'>"
        f"{escape(embedding_dimension_text(group))}</td></tr>"
        "</table>"
        f"<b>singular vertices</b><ul>{vertices}</ul>"
        f"<b>glued faces</b> ({len(pairs)})<ul class='sg-gluing'>{''.join(pairs) or '<li>none</li>'}</ul>"
        "</div>")


def _point(p) -> str:
    return "(" + ", ".join(str(c) for c in p) + ")"


class SpaceOrbifoldView(widgets.VBox):
    """The orbifold R^3/G of one space group: the asymmetric unit drawn with its gluing
    (``plot_space_orbifold``), the orbifold's facts beside it, and a stepper with play
    button that adds the images of the asymmetric unit one operation at a time until they
    fill the cell (``plot_asu_tiling``)."""

    def __init__(self, group: SpaceGroup | str = "Fm-3m") -> None:
        self.group = group if isinstance(group, SpaceGroup) else space_group(group)
        self.figure = FigureWidget()
        self.figure.layout.height = 650
        self.facts = widgets.HTML()
        self.facts.add_class("sg-orbifold-facts-box")
        self.tiling = FigureWidget()
        self.tiling.layout.height = 650
        self.steps = widgets.IntSlider(value=1, min=1, max=1, description="copies",
                                       continuous_update=True, layout=widgets.Layout(width="24em"))
        self.steps.add_class("sg-tiling-steps")
        self.play = widgets.Play(value=1, min=1, max=1, interval=700, description="play")
        widgets.jslink((self.play, "value"), (self.steps, "value"))
        self.step_label = widgets.HTML()
        self.step_label.add_class("sg-tiling-label")
        self.steps.observe(lambda change: self._show_steps(), "value")
        self.tiling_box = widgets.Box([self.tiling], layout=widgets.Layout(width="100%"))
        super().__init__([
            widgets.HTML("<p>The asymmetric unit is the orbifold once its faces are glued: faces of "
                         "one colour are glued by the operation named on hover, grey faces are "
                         "mirrors (the boundary), thick lines are rotation axes (singular edges, "
                         "coloured by order), labelled points are singular vertices with their "
                         "point group.</p>"),
            side_by_side((self.figure, f"{SCENE_WIDTH}px"), (self.facts, "28em")),
            widgets.HTML("<p><b>The tiling.</b> Each operation moves the asymmetric unit to a "
                         "copy; cut at the cell faces and moved back by lattice vectors, the "
                         "copies fill the unit cell exactly once.</p>"),
            widgets.HBox([self.play, self.steps, self.step_label],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.tiling_box,
        ], layout=widgets.Layout(width="100%"))
        self.add_class("sg-space-orbifold")
        self.set_group(self.group)

    def set_group(self, group: SpaceGroup | str) -> None:
        """Show another space group (the stepper starts again at one copy)."""
        self.group = group if isinstance(group, SpaceGroup) else space_group(group)
        sync_figure(self.figure, plot_space_orbifold(orbifold(self.group), template=BARE))
        self.facts.value = orbifold_facts_html(self.group)
        count = len(self.group.operations)
        with self.steps.hold_trait_notifications():
            self.steps.value = 1
            self.steps.max = self.play.max = count
        self._show_steps()

    @property
    def count(self) -> int:
        """The number of copies in a full cell (|G/T|, centring included)."""
        return len(self.group.operations)

    def _show_steps(self) -> None:
        """The tiling shows the copies so far, and only those: Fm-3m's 192 meshes sent and
        drawn hidden made each group change and the first view take seconds; a step adds
        (or removes) meshes and changes the opacity of the one that was newest."""
        steps = min(self.steps.value, self.count)
        sync_figure(self.tiling, plot_asu_tiling(self.group, steps=steps, template=BARE))
        newest = [t for t in self.tiling.data if t.type == "mesh3d"][-1].name.split(": ", 1)[1]
        self.step_label.value = (f"<span class='sg-tiling-step' data-steps='{steps}' "
                                 f"data-count='{self.count}'>{steps} of {self.count} copies; "
                                 f"newest: <code>{escape(newest)}</code></span>")

    def visible_copies(self) -> int:
        """How many copies the tiling figure shows now."""
        return int(np.sum([t.visible is not False for t in self.tiling.data if t.type == "mesh3d"]))


def space_group_tabs(explorer) -> widgets.Tab:
    """The two views of a ``SpaceGroupExplorer``: its isosurface scene and slice (side by
    side, wrapping on narrow screens), and the Orbifold view, built when first shown and
    following the explorer's group after that."""
    # Side by side where there is room, one under the other on a phone; each figure takes
    # its cell's width (its legend included), drawn when first shown and following the box.
    isosurfaces = side_by_side((explorer.surface, f"{SCENE_WIDTH}px"), (explorer.plane, "440px"))
    # The Orbifold view fills its box when first shown: the tabs' children never change (a
    # new children list re-rendered the tab bar and dropped a click made meanwhile).
    orbifold_box = widgets.VBox([widgets.HTML("<i>loading…</i>")], layout=widgets.Layout(width="100%"))
    tabs = widgets.Tab([isosurfaces, orbifold_box], layout=widgets.Layout(width="100%"))
    tabs.set_title(0, "Isosurfaces")
    tabs.set_title(1, "Orbifold")
    tabs.add_class("sg-space-tabs")
    tabs.orbifold = None

    def show(change: dict | None = None) -> None:
        if tabs.selected_index == 1 and tabs.orbifold is None:
            tabs.orbifold = SpaceOrbifoldView(explorer.model.group)
            placeholder = orbifold_box.children[0]
            orbifold_box.children = [tabs.orbifold]
            placeholder.close()

    def follow(change: dict) -> None:
        if tabs.orbifold is not None and change["new"] is not tabs.orbifold.group:
            tabs.orbifold.set_group(change["new"])

    tabs.observe(show, "selected_index")
    explorer.model.observe(follow, "group")
    return tabs


VIEWS = ("isosurfaces", "orbifold")
