"""The Basis room: one invariant basis function over several cells, its spectrum and a
gallery (``BasisModel`` and its view ``BasisExplorer``)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..basis import invariant_basis
from ..limits import MAX_FUNCTIONS, MAX_RESOLUTION, MIN_RESOLUTION
from ..render import BARE, plot_field, plot_gallery, plot_spectrum
from ._base import GroupState, bounded, bounds, check_bounds, side_by_side
from ._checklist import Checklist
from ._figure import FigureWidget
from ._plane import DISPLAY_PIXELS, PlaneExplorer, PlaneGroupModel, download_links


OVERLAYS = {"unit cells": "cell", "fundamental domain": "domain", "symmetry elements": "elements"}


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

    A value out of range is refused in ``error`` (``check_bounds``); the last field stays.
    """

    index = bounded(traitlets.Int(1, help="function index"), 0, MAX_FUNCTIONS - 1, "MAX_FUNCTIONS")
    resolution = bounded(traitlets.Int(256, help="grid resolution"), MIN_RESOLUTION,
                         MAX_RESOLUTION, "MAX_RESOLUTION")
    gallery_size = traitlets.Int(8, min=1, max=64, help="how many functions the gallery shows")
    field = traitlets.Any(help="the (resolution, resolution) values of function index")
    eigenvalue = traitlets.Float(0.0, help="the eigenvalue of function index")
    eigenvalues = traitlets.Any(help="the eigenvalues of the functions computed")

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "index", "resolution"]

    def basis(self, n: int):
        return invariant_basis(self.group, n=n, lattice=self.lattice)

    def _compute(self) -> None:
        check_bounds(self, "resolution", "index")
        basis = self.basis(max(self.index + 1, self.gallery_size, 24))
        onehot = np.zeros(len(basis))
        onehot[self.index] = 1.0
        field = np.asarray(basis.synthesize(onehot, self.shape))
        self.eigenvalues = np.asarray(basis.eigenvalues)
        self.eigenvalue = float(basis.eigenvalues[self.index])
        self.field = field  # last: views redraw on it and read the eigenvalues

    def gallery(self, resolution: int = 64) -> np.ndarray:
        """(gallery_size, r, r) values of the first ``gallery_size`` functions."""
        basis = self.basis(self.gallery_size)
        return np.asarray(basis.synthesize(np.eye(len(basis)), (resolution, resolution)))


class BasisExplorer(PlaneExplorer):
    """One invariant basis function as a heatmap over several cells (by index, by level, or
    by clicking a level in the spectrum plot), with toggleable overlays, and a gallery."""

    def __init__(self, group: str = "p4m", index: int = 1, resolution: int = 256,
                 cells: int = 2, state: GroupState | None = None) -> None:
        self.model = BasisModel(group, index=index, resolution=resolution)
        self._common(state)
        self.cells = widgets.IntSlider(value=cells, min=1, max=4, description="cells")
        self.index = widgets.BoundedIntText(value=index, **bounds(BasisModel, "index"), description="index",
                                            layout=widgets.Layout(width="12em"))
        self.index.add_class("sg-index")
        self.resolution = widgets.Dropdown(options=sorted({64, 128, 256, 512, 1024, resolution}),
                                           value=resolution, description="grid")
        self.overlays = Checklist(options=list(OVERLAYS), value=list(OVERLAYS), description="overlays")
        self.overlays.add_class("sg-overlays")
        self.gallery_button = widgets.Button(description="gallery of first 8")
        self.download_button = widgets.Button(description="prepare data (.npz, CSV)")
        self.download = widgets.HTML()
        self.figure = FigureWidget(self._figure())
        self._drawn = self._scene()
        self.spectrum = FigureWidget(plot_spectrum(self.model.eigenvalues, self.model.index))
        self.gallery = widgets.VBox()
        self.gallery.add_class("sg-gallery")
        self.spectrum.data[0].on_click(self._on_spectrum_click)
        self.index.observe(lambda c: self._set("index", c["new"]), "value")
        self.resolution.observe(lambda c: self._set("resolution", c["new"]), "value")
        self.cells.observe(lambda c: self._update(self._redraw), "value")
        self.overlays.observe(lambda c: self._update(self._redraw), "value")
        self.model.observe(self._redraw, ["field", "error"])
        self.gallery_button.on_click(self._show_gallery)
        self.download_button.on_click(self._prepare_download)
        controls = widgets.HBox([self.group_select, self.index, self.resolution, self.cells])
        # The spectrum beside the heatmap where there is room: a click on a level changes a
        # plot in view (under it on a phone).
        super().__init__([controls, self.lattice_editor, self.overlays, self.status,
                          side_by_side((self.figure, "480px"), (self.spectrum, "320px")),
                          widgets.HBox([self.gallery_button, self.download_button, self.download]),
                          self.gallery])
        self.add_class("sg-basis-explorer")
        self._done()

    def _info(self) -> str:
        return f"phi_{self.model.index}: lambda = {self.model.eigenvalue:.6g}"

    def _figure(self, template=None) -> go.Figure:
        overlays = tuple(OVERLAYS[o] for o in self.overlays.value)
        field = self.model.field if self.model.field is not None else np.zeros((8, 8))
        return plot_field(self.model.group, field, self.model.lattice, cells=self.cells.value,
                          overlays=overlays, title=self._info(), pixels=DISPLAY_PIXELS,
                          template=template)


    def _on_spectrum_click(self, trace, points, state) -> None:
        if points.point_inds:
            self.index.value = int(trace.customdata[points.point_inds[0]])

    def _scene(self) -> tuple:
        return (self.model.group, self.model.lattice, self.cells.value, tuple(self.overlays.value))

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error:
            return
        self._redraw_field(self.model.field, self.cells.value, self._scene(), self._figure)
        spectrum = plot_spectrum(self.model.eigenvalues, self.model.index, template=BARE).data[0]
        shown = self.spectrum.data[0]
        with self.spectrum.batch_update():
            if shown.x != spectrum.x:
                shown.x, shown.y, shown.customdata = spectrum.x, spectrum.y, spectrum.customdata
            shown.marker.color = spectrum.marker.color

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
