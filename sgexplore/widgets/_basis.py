"""The Basis room: one invariant basis function over several cells, its spectrum and a
gallery, and what a maximal subgroup's broken symmetry lets in (``BasisModel`` and its view
``BasisExplorer``)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..basis import SymmetryBreaking, invariant_basis, symmetry_breaking
from ..groups import Lattice, SubgroupRelation
from ..limits import MAX_FUNCTIONS, MAX_RESOLUTION, MIN_RESOLUTION
from ..render import BARE, plot_field, plot_gallery, plot_spectrum
from ._base import GroupState, bounded, bounds, check_bounds, group_key, side_by_side, sync_figure
from ._checklist import Checklist
from ._figure import FigureWidget
from ._plane import DISPLAY_PIXELS, PlaneExplorer, PlaneGroupModel, download_links
from ._subgroups import find_relation, relation_key, relation_label


OVERLAYS = {"unit cells": "cell", "fundamental domain": "domain", "symmetry elements": "elements"}

#: A symmetry breaking is followed up to the level of the group's function number
#: BREAK_FUNCTIONS (counting from 1): every maximal subgroup of a plane group lets new
#: functions in below it, and the largest case (p4g to p4g at 3a,3b) takes 0.2 s.
BREAK_FUNCTIONS = 24


@lru_cache(maxsize=128)
def _breaking(relation: SubgroupRelation, matrix: bytes, bound: float) -> SymmetryBreaking:
    """``symmetry_breaking`` on the lattice whose matrix has these bytes, kept for the
    last 128 choices (the plane groups have 97 maximal subgroups): going back to a
    subgroup (or its lattice) costs nothing."""
    lattice = Lattice(np.frombuffer(matrix).reshape(2, 2))
    return symmetry_breaking(relation, bound, lattice)


class BasisModel(PlaneGroupModel):
    """One invariant basis function on a fractional grid, and a gallery of the first ones.

    Attributes (traits; the inputs also of ``PlaneGroupModel``: ``symbol``, ``group``,
    ``lattice``, ``error``):
        index (int): the function, by its place in the basis ordered by eigenvalue (0: the
            constant); 0 to ``MAX_FUNCTIONS - 1``. Default 1.
        resolution (int): grid points per cell side; ``MIN_RESOLUTION`` to
            ``MAX_RESOLUTION``. Default 256.
        gallery_size (int): how many functions ``gallery`` shows; 1 to 64. Default 8.
        field (ndarray or None): result, the (resolution, resolution) float values.
        eigenvalue (float): result, the Laplace eigenvalue of function ``index``.
        eigenvalues (ndarray): result, the eigenvalues of the functions computed.
        breaking (str): the maximal subgroup H of ``group`` to break the symmetry to, as
            ``relation_key`` names it (``""``: none). A new group resets it to ``""``.
        new_index (int): the new function shown, counted over the levels, lowest first
            (``SymmetryBreaking.new_level``); a new ``breaking`` resets it to 0.
        broken (SymmetryBreaking or None): result, G's basis inside H's, level by level up
            to the level of G's function ``BREAK_FUNCTIONS``; None without ``breaking``.
        new_field (ndarray or None): result, the (n, n) values of new function
            ``new_index`` at x_G = j / (n / period) on G's lattice: one period of the
            function, ``broken.period`` cells of G along each axis; None without ``breaking``.

    A value out of range is refused in ``error`` (``check_bounds``); the last field stays.

    Examples:
        >>> model = BasisModel("p4m", resolution=24)
        >>> [key for _, key in model.subgroup_choices][:3]
        ['p4', 'cmm', 'pmm']
        >>> model.breaking = "pmm"
        >>> model.broken.period, model.new_field.shape, model.new_levels[0][1:]
        (1, (24, 24), (1, 2, 0))
    """

    index = bounded(traitlets.Int(1, help="function index"), 0, MAX_FUNCTIONS - 1, "MAX_FUNCTIONS")
    resolution = bounded(traitlets.Int(256, help="grid resolution"), MIN_RESOLUTION,
                         MAX_RESOLUTION, "MAX_RESOLUTION")
    gallery_size = traitlets.Int(8, min=1, max=64, help="how many functions the gallery shows")
    field = traitlets.Any(help="the (resolution, resolution) values of function index")
    eigenvalue = traitlets.Float(0.0, help="the eigenvalue of function index")
    eigenvalues = traitlets.Any(help="the eigenvalues of the functions computed")
    breaking = traitlets.Unicode("", help="the maximal subgroup to break the symmetry to")
    new_index = bounded(traitlets.Int(0, help="the new function shown"), 0, MAX_FUNCTIONS - 1,
                        "MAX_FUNCTIONS")
    broken = traitlets.Any(None, help="G's basis inside the chosen subgroup's, or None")
    new_field = traitlets.Any(None, help="the values of the new function shown, or None")

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "index", "resolution", "breaking", "new_index"]

    def _quietly(self, **values) -> None:
        """Set inputs without a recomputation of their own: the change that sets them
        recomputes once for all."""
        was, self._resolving = self._resolving, True
        try:
            for name, value in values.items():
                setattr(self, name, value)
        finally:
            self._resolving = was

    @traitlets.observe("group")
    def _unbreak(self, change: dict) -> None:
        # a subgroup of the old group means nothing for the new one (old None: constructing)
        if change["old"] is not None:
            self._quietly(breaking="")

    @traitlets.observe("breaking")
    def _first_new(self, change: dict) -> None:
        self._quietly(new_index=0)

    @property
    def subgroup_choices(self) -> list[tuple[str, str]]:
        """(label, key) of each maximal subgroup of the group: ``relation_label`` (as the
        Group tab lists them) and ``relation_key`` (what ``breaking`` takes)."""
        return [(relation_label(r), relation_key(r)) for r in self.group.maximal_subgroups()]

    @property
    def new_levels(self) -> list[tuple[float, int, int, int]]:
        """(eigenvalue, new, total, first) for each level of ``broken`` with new functions:
        how many are new, how many functions H has there, and the number (``new_index``)
        of the first new one. Empty without ``breaking``."""
        rows, first = [], 0
        for level in self.broken.levels if self.broken is not None else ():
            if level.new:
                rows.append((level.eigenvalue, level.new, level.total, first))
            first += level.new
        return rows

    @property
    def breaking_summary(self) -> str:
        """One line: where the chosen subgroup's new functions first enter the spectrum."""
        b = self.broken
        if b is None:
            return ""
        lowest = self.new_levels[0] if self.new_levels else None
        h = f"{group_key(self.group)} \u2192 {group_key(b.relation.subgroup)}"
        if lowest is None:
            return f"{h}: no new functions up to lambda = {b.levels[-1].eigenvalue:.4g}"
        return (f"{h}: first new functions at lambda = {lowest[0]:.4g}, {lowest[1]} new of "
                f"{lowest[2]}; {b.new_count} new up to lambda = {b.levels[-1].eigenvalue:.4g}")

    def basis(self, n: int):
        return invariant_basis(self.group, n=n, lattice=self.lattice)

    def _compute(self) -> None:
        check_bounds(self, "resolution", "index", "new_index")
        basis = self.basis(max(self.index + 1, self.gallery_size, BREAK_FUNCTIONS))
        onehot = np.zeros(len(basis))
        onehot[self.index] = 1.0
        field = np.asarray(basis.synthesize(onehot, self.shape))
        broken = new_field = None
        if self.breaking:
            relation = find_relation(self.group, self.breaking)
            broken = _breaking(relation, self.lattice.matrix.tobytes(),
                               float(basis.eigenvalues[BREAK_FUNCTIONS - 1]))
            # n = period * per-cell points, at most MAX_RESOLUTION along each axis
            new_field = broken.new_on_grid(self.new_index,
                                           min(self.resolution, MAX_RESOLUTION // broken.period))
        self.broken, self.new_field = broken, new_field
        self.eigenvalues = np.asarray(basis.eigenvalues)
        self.eigenvalue = float(basis.eigenvalues[self.index])
        self.field = field  # last: views redraw on it and read the eigenvalues and the breaking

    def gallery(self, resolution: int = 64) -> np.ndarray:
        """(gallery_size, r, r) values of the first ``gallery_size`` functions."""
        basis = self.basis(self.gallery_size)
        return np.asarray(basis.synthesize(np.eye(len(basis)), (resolution, resolution)))


class BasisExplorer(PlaneExplorer):
    """One invariant basis function as a heatmap over several cells (by index, by level, or
    by clicking a level in the spectrum plot), with toggleable overlays, and a gallery.

    "break the symmetry to" a maximal subgroup H (``breaking``, a ``relation_key``): the
    spectrum marks the levels where H's new functions enter (open orange diamonds, how many are
    new), a line says where the first ones enter, and the heatmap shows a new function (by
    its number, or by a click on a marked level) over G's cells with G's symmetry elements,
    which it breaks. A new group resets the choice to none."""

    def __init__(self, group: str = "p4m", index: int = 1, resolution: int = 256,
                 cells: int = 2, state: GroupState | None = None, breaking: str = "") -> None:
        self.model = BasisModel(group, index=index, resolution=resolution, breaking=breaking)
        self._common(state)
        self.cells = widgets.IntSlider(value=cells, min=1, max=4, description="cells")
        self.index = widgets.BoundedIntText(value=index, **bounds(BasisModel, "index"), description="index",
                                            layout=widgets.Layout(width="12em"))
        self.index.add_class("sg-index")
        self.resolution = widgets.Dropdown(options=sorted({64, 128, 256, 512, 1024, resolution}),
                                           value=resolution, description="grid")
        self.overlays = Checklist(options=list(OVERLAYS), value=list(OVERLAYS), description="overlays")
        self.overlays.add_class("sg-overlays")
        # The label apart from the list: on a phone the list wraps under it at full width
        # (beside it, the longest labels were cut)
        self.breaking = widgets.Dropdown(options=self._choices(), value=self.model.breaking,
                                         tooltip="break the symmetry to a maximal subgroup",
                                         layout=widgets.Layout(width="auto", max_width="100%"))
        self.breaking.add_class("sg-breaking")
        self.new_index = widgets.BoundedIntText(value=0, min=0, max=0, description="new function",
                                                style={"description_width": "initial"},
                                                layout=widgets.Layout(width="11em"))
        self.new_index.add_class("sg-new-index")
        self._showing = "new" if self.model.broken is not None else "basis"
        self.shows = widgets.ToggleButtons(
            options=[("basis function", "basis"), ("new function", "new")], value=self._showing,
            style={"button_width": "auto"})
        self.shows.add_class("sg-shows")
        self.breaking_note = widgets.HTML()
        self.breaking_note.add_class("sg-breaking-note")
        self.gallery_button = widgets.Button(description="gallery of first 8")
        self.download_button = widgets.Button(description="prepare data (.npz, CSV)")
        self.download = widgets.HTML()
        self.figure = FigureWidget(self._figure())
        self._drawn = self._scene()
        self.spectrum = FigureWidget(self._spectrum())
        self.gallery = widgets.VBox()
        self.gallery.add_class("sg-gallery")
        for trace in self.spectrum.data:
            trace.on_click(self._on_spectrum_click)
        self.index.observe(lambda c: self._choose("basis", "index", c["new"]), "value")
        self.new_index.observe(lambda c: c["new"] != self.model.new_index
                               and self._choose("new", "new_index", c["new"]), "value")
        self.breaking.observe(lambda c: c["new"] != self.model.breaking
                              and self._update(lambda: self._break(c["new"])), "value")
        self.shows.observe(lambda c: c["new"] != self._showing
                           and self._update(lambda: self._show(c["new"], redraw=True)), "value")
        traitlets.dlink((self.model, "breaking"), (self.breaking, "value"))
        traitlets.dlink((self.model, "new_index"), (self.new_index, "value"))
        self.model.observe(self._new_group, "group")
        self.resolution.observe(lambda c: self._set("resolution", c["new"]), "value")
        self.cells.observe(lambda c: self._update(self._redraw), "value")
        self.overlays.observe(lambda c: self._update(self._redraw), "value")
        self.model.observe(self._redraw, ["field", "error"])
        self.gallery_button.on_click(self._show_gallery)
        self.download_button.on_click(self._prepare_download)
        controls = widgets.HBox([self.group_select, self.index, self.resolution, self.cells])
        breaking_row = widgets.HBox([widgets.HTML("break the symmetry to"), self.breaking,
                                     self.new_index, self.shows],
                                    layout=widgets.Layout(flex_flow="row wrap"))
        # The spectrum beside the heatmap where there is room: a click on a level changes a
        # plot in view (under it on a phone).
        super().__init__([controls, self.lattice_editor, self.overlays, breaking_row,
                          self.breaking_note, self.status,
                          side_by_side((self.figure, "480px"), (self.spectrum, "320px")),
                          widgets.HBox([self.gallery_button, self.download_button, self.download]),
                          self.gallery])
        self.add_class("sg-basis-explorer")
        self._breaking_controls()
        self._done()

    def _choices(self) -> list[tuple[str, str]]:
        return [("none", ""), *self.model.subgroup_choices]

    def _showing_new(self) -> bool:
        return self._showing == "new" and self.model.new_field is not None

    def _info(self) -> str:
        m = self.model
        if self._showing_new():
            level, _ = m.broken.new_level(m.new_index)
            return (f"new_{m.new_index} in {group_key(m.broken.relation.subgroup)}: "
                    f"lambda = {level.eigenvalue:.6g}")
        return f"phi_{m.index}: lambda = {m.eigenvalue:.6g}"

    def _shown_field(self) -> tuple[np.ndarray, int]:
        """What the heatmap shows, and the cells one period of it spans along each axis."""
        m = self.model
        if self._showing_new():
            return m.new_field, m.broken.period
        return (m.field if m.field is not None else np.zeros((8, 8))), 1

    def _figure(self, template=None) -> go.Figure:
        overlays = tuple(OVERLAYS[o] for o in self.overlays.value)
        values, period = self._shown_field()
        return plot_field(self.model.group, values, self.model.lattice, cells=self.cells.value,
                          overlays=overlays, title=self._info(), pixels=DISPLAY_PIXELS,
                          period=period, template=template)

    def _spectrum(self, template=None) -> go.Figure:
        m = self.model
        subgroup = relation_key(m.broken.relation) if m.broken is not None else ""
        return plot_spectrum(m.eigenvalues, None if self._showing_new() else m.index,
                             template=template, new_levels=m.new_levels, subgroup=subgroup)

    def _show(self, showing: str, redraw: bool = False) -> None:
        """Let the heatmap show the basis function or the new function (``"basis"`` or
        ``"new"``), the toggle saying so; ``redraw``: now (else the caller's change does)."""
        self._showing = showing
        self.shows.value = showing
        if redraw:
            self._redraw()

    def _choose(self, showing: str, trait: str, value: int) -> None:
        """Show the basis function ``index`` or the new function ``new_index`` ``value``."""
        def apply() -> None:
            shown = self._showing == showing
            self._show(showing)
            if getattr(self.model, trait) != value:
                setattr(self.model, trait, value)
            elif not shown:
                self._redraw()
        self._update(apply)

    def _break(self, key: str) -> None:
        self._show("new" if key else "basis")
        self.model.breaking = key

    def _new_group(self, change: dict) -> None:
        """The list follows the group (the model has reset the choice to none)."""
        self._show("basis", redraw=self._showing == "new")
        self.breaking.options = self._choices()
        self.breaking.value = self.model.breaking
        self._breaking_controls()

    def _breaking_controls(self) -> None:
        """The new function's number and the toggle only while a subgroup is chosen."""
        broken = self.model.broken
        display = "" if broken is not None else "none"
        self.new_index.layout.display = self.shows.layout.display = display
        if broken is not None:
            self.new_index.max = max(broken.new_count - 1, 0)
        summary = self.model.breaking_summary
        self.breaking_note.value = (
            f"<div>{escape(summary)}; <span style='color:#e67e22'>&#9671;</span> in the "
            "spectrum: click one to see a new function</div>" if summary else "")

    def _on_spectrum_click(self, trace, points, state) -> None:
        if not points.point_inds:
            return
        value = int(trace.customdata[points.point_inds[0]])
        box, showing, trait = ((self.index, "basis", "index") if trace.name == "levels"
                               else (self.new_index, "new", "new_index"))
        if box.value != value:
            box.value = value  # its observer shows it
        else:
            self._choose(showing, trait, value)

    def _scene(self) -> tuple:
        return (self.model.group, self.model.lattice, self.cells.value, tuple(self.overlays.value))

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error:
            return
        values, period = self._shown_field()
        self._redraw_field(values, self.cells.value, self._scene(), self._figure, period=period)
        sync_figure(self.spectrum, self._spectrum(BARE))
        self._breaking_controls()

    def _show_gallery(self, button=None) -> None:
        values = self.model.gallery()
        figure = plot_gallery(self.model.group, values, self.model.lattice,
                              eigenvalues=self.model.eigenvalues)
        self.gallery.children = [FigureWidget(figure)]

    def _prepare_download(self, button=None) -> None:
        m = self.model
        header = f"# {m.group.common_symbol} phi_{m.index}, eigenvalue {m.eigenvalue:.10g}\n"
        self.download.value = download_links(
            f"{m.group.common_symbol}_phi{m.index}",
            {"values": m.field, "lattice": m.lattice.matrix, "eigenvalue": np.array(m.eigenvalue)},
            {"value": m.field}, m.lattice.matrix, header)
