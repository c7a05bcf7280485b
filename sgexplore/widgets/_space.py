"""The space-group room: basis functions and GP samples of the 230 space groups in 3D
(``SpaceGroupModel`` and its view ``SpaceGroupExplorer``) and its dashboard."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..basis import invariant_basis
from ..gp import prior_sample
from ..groups import (
    CrystallographicGroup,
    SgexploreError,
    UnknownGroupError,
    all_space_groups,
    space_group,
)
from ..kernels import spectral_kernel
from ..limits import MAX_FUNCTIONS, MAX_RESOLUTION_3D, MAX_SEED
from ..render import BARE, plot_isosurfaces, plot_slice
from ._base import (
    GroupState,
    RecomputingModel,
    StatusLine,
    bounded,
    bounds,
    check_bounds,
    finite,
    group_key,
    space_group_for,
    sync_figure,
)
from ._figure import FigureWidget
from ._links import LinkParameter, parse_link
from ._page import DeepLink, dashboard_page
from ._space_orbifold import VIEWS, space_group_tabs


class SpaceGroupModel(RecomputingModel):
    """A basis function or a GP prior sample of a space group on a 3D fractional grid.

    Attributes (traits):
        symbol (str): a space-group key (symbol, number, Hall symbol); setting it sets
            ``group``, or ``error`` for an unknown key. Default ``"Fm-3m"``.
        group (SpaceGroup): the group shown.
        mode (str): ``"basis"`` (function ``index``) or ``"gp"`` (a prior sample with
            ``seed`` and ``lengthscale``). Default ``"basis"``.
        index (int): the function, 0 to ``MAX_FUNCTIONS - 1``. Default 1.
        seed (int): the sample's seed, 0 to ``MAX_SEED``. Default 0.
        lengthscale (float): the GP lengthscale (fractions of the cell), positive. Default 0.3.
        resolution (int): grid points per cell edge, 8 to ``MAX_RESOLUTION_3D``. Default 48.
        field (ndarray or None): result, the (r, r, r) grid (the last good one when
            ``error`` is set).
        eigenvalue (float): result, the eigenvalue of function ``index``.
        error (str): why the last change gave no field (``""``: it did).
    """

    symbol = traitlets.Unicode("Fm-3m", help="the space-group key typed")
    group = traitlets.Instance(CrystallographicGroup, help="the space group shown")
    mode = traitlets.Enum(("basis", "gp"), "basis", help="what is shown: a basis function or a GP sample")
    index = bounded(traitlets.Int(1, help="function index"), 0, MAX_FUNCTIONS - 1, "MAX_FUNCTIONS")
    seed = traitlets.Int(0, min=0, max=MAX_SEED, help="the GP sample's seed")
    lengthscale = traitlets.Float(0.3, help="the GP lengthscale")
    resolution = bounded(traitlets.Int(48, help="3D grid resolution"), 8, MAX_RESOLUTION_3D,
                         "MAX_RESOLUTION_3D")
    field = traitlets.Any(help="the (r, r, r) values shown")
    eigenvalue = traitlets.Float(0.0, help="the eigenvalue of function index")

    def __init__(self, symbol: str = "Fm-3m", **kwargs) -> None:
        super().__init__(symbol=symbol, group=space_group(symbol), **kwargs)
        self.observe(self._resolve_symbol, "symbol")
        self.observe(lambda change: self.recompute(), ["group", "mode", "index", "seed",
                                                      "lengthscale", "resolution"])
        self.recompute()

    def _resolve_symbol(self, change: dict) -> None:
        try:
            self.group = space_group_for(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)

    def _compute(self) -> None:
        check_bounds(self, "resolution")
        shape = (self.resolution,) * 3
        if self.mode == "gp":
            if not 0 < self.lengthscale < math.inf:
                raise SgexploreError(f"lengthscale must be positive and finite, got {self.lengthscale}")
            basis = invariant_basis(self.group, n=400)
            self.field = finite("prior sample", np.asarray(prior_sample(
                spectral_kernel(basis, "matern", lengthscale=self.lengthscale), shape,
                seed=self.seed)[0]))
            return
        check_bounds(self, "index")
        basis = invariant_basis(self.group, n=max(self.index + 1, 16))
        onehot = np.zeros(len(basis))
        onehot[self.index] = 1.0
        self.eigenvalue = float(basis.eigenvalues[self.index])
        self.field = np.asarray(basis.synthesize(onehot, shape))


class SpaceGroupExplorer(StatusLine, widgets.VBox):
    """Basis functions and GP samples of the 230 space groups in 3D: isosurfaces (marching
    cubes in the kernel, sent as meshes) with the cell, asymmetric unit and rotation axes,
    and a 2D slice with a slider."""

    def __init__(self, group: str = "Fm-3m", index: int = 1, resolution: int = 48,
                 state: GroupState | None = None) -> None:
        self.model = SpaceGroupModel(group, index=index, resolution=resolution)
        self.state = state if state is not None else GroupState(self.model.group)
        self.group_box = widgets.Combobox(
            options=[g.symbol for g in all_space_groups()], value=self.model.group.symbol,
            description="Group", ensure_option=False, continuous_update=False)
        self.group_box.add_class("sg-space-group-input")
        self.mode = widgets.ToggleButtons(options=["basis", "gp"], value="basis", description="show")
        self.index = widgets.BoundedIntText(value=index, **bounds(SpaceGroupModel, "index"), description="index",
                                            layout=widgets.Layout(width="12em"))
        self.index.add_class("sg-index")
        self.seed = widgets.BoundedIntText(value=0, **bounds(SpaceGroupModel, "seed"), description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.level = widgets.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05,
                                         description="level")
        self.slice = widgets.IntSlider(value=0, min=0, max=resolution - 1, description="z slice")
        # The plane x, y or z = const: monoclinic cells show their angle beta at y = const.
        self.slice_axis = widgets.ToggleButtons(options=["x", "y", "z"], value="z",
                                                description="slice", style={"button_width": "3em"})
        self.slice_axis.add_class("sg-slice-axis")
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.last_update_ms = 0.0
        self.surface = FigureWidget(self._surface())
        self.plane = FigureWidget(self._plane())
        # The box sets the dashboard's group; the model (and the box) follow it.
        self.group_box.observe(self._on_box, "value")
        self._follow(self.state, "group", (self.model, "group"))
        traitlets.dlink((self.state, "group"), (self.group_box, "value"), transform=group_key)
        for control, trait in ((self.mode, "mode"), (self.index, "index"), (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._update(lambda: setattr(self.model, t, c["new"])),
                            "value")
        self.level.observe(lambda c: self._update(self._redraw), "value")
        self.slice.observe(lambda c: self._update(self._redraw_plane), "value")
        self.slice_axis.observe(lambda c: self._update(self._redraw_plane), "value")
        self.model.observe(lambda c: self._redraw(), "field")
        wrap = widgets.Layout(flex_flow="row wrap")  # narrow screens: controls on more lines
        controls = widgets.VBox([widgets.HBox([self.group_box, self.mode, self.index, self.seed],
                                              layout=wrap),
                                 widgets.HBox([self.level, self.slice_axis, self.slice], layout=wrap)])
        self.tabs = space_group_tabs(self)
        # Each view shows its own controls: the Orbifold view has none of the isosurfaces'.
        scene_controls = (self.mode, self.index, self.seed, self.level, self.slice_axis, self.slice)

        def own_controls(change: dict | None = None) -> None:
            for control in scene_controls:
                control.layout.display = "none" if self.tabs.selected_index == 1 else None

        self.tabs.observe(own_controls, "selected_index")
        super().__init__([controls, self.status, self.tabs])
        self.add_class("sg-space-group-explorer")
        self._done()

    def _on_box(self, change: dict) -> None:
        if change["new"] == self.state.group.symbol:
            # The box shows the group again (it followed the group, or the group was typed
            # back after an unknown key): an error left by the unknown key goes.
            if self.model.error:
                self._update(self.model.recompute)
            return
        try:
            self.state.group = space_group_for(change["new"])
        except UnknownGroupError as exc:
            self.model.error = str(exc)
            self._done()

    def _info(self) -> str:
        m = self.model
        what = f"phi_{m.index} (lambda = {m.eigenvalue:.5g})" if m.mode == "basis" else f"GP sample (seed {m.seed})"
        return f"{m.group.symbol} (No. {m.group.number}): {what}"

    def _field(self) -> np.ndarray:
        return self.model.field if self.model.field is not None else np.zeros((8, 8, 8))

    def _surface(self, template=None) -> go.Figure:
        return plot_isosurfaces(self.model.group, self._field(), self.level.value, title=self._info(),
                                template=template)

    def _plane(self, template=None) -> go.Figure:
        field = self._field()
        axis = "xyz".index(self.slice_axis.value)
        self.slice.description = f"{self.slice_axis.value} slice"
        return plot_slice(field, axis, min(self.slice.value, field.shape[axis] - 1),
                          lattice=self.model.group.default_lattice, template=template)

    def _redraw_plane(self) -> None:
        sync_figure(self.plane, self._plane(BARE))

    def _redraw(self) -> None:
        if self.model.error:
            return
        sync_figure(self.surface, self._surface(BARE))
        self._redraw_plane()


#: The space-group dashboard's deep link (``group`` is looked up separately).
SPACE_LINK = (
    LinkParameter("index", int, 1, 0, MAX_FUNCTIONS - 1, doc="the basis function index"),
    LinkParameter("seed", int, 0, 0, MAX_SEED, doc="the GP seed"),
    LinkParameter("resolution", int, 48, 8, MAX_RESOLUTION_3D,
                  doc="the 3D grid resolution (points per cell edge)"),
    LinkParameter("mode", str, "basis", choices=("basis", "gp"), doc="the mode"),
    LinkParameter("view", str, "isosurfaces", choices=VIEWS, doc="the view"),
)


def space_group_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The 230 space groups in 3D: isosurfaces and slices of basis functions and GP samples,
    with the asymmetric unit and rotation axes, and the Orbifold view. Deep links: ``group``,
    ``index``, ``mode`` (``basis`` or ``gp``), ``seed``, ``resolution`` (grid points per cell
    edge, 8-128), ``view`` (``isosurfaces`` or ``orbifold``). Values out of range are
    reported on the page and replaced by the default, which the link then shows.

    In a notebook: ``space_group_dashboard()`` shows the default view;
    ``params`` takes the deep link's parameters as strings, e.g. ``space_group_dashboard({"group": "Ia-3d"})``."""
    params = dict(params or {})
    errors: list[str] = []
    values = parse_link(params, SPACE_LINK, errors)
    index, seed, resolution = values["index"], values["seed"], values["resolution"]
    mode, view = values["mode"], values["view"]
    key = params.get("group", "Fm-3m")
    try:
        start, unknown = space_group_for(key), False
    except UnknownGroupError:
        start, unknown = space_group("Fm-3m"), True
    state = GroupState(start)
    explorer = SpaceGroupExplorer(start.symbol, index=index, resolution=resolution, state=state)
    if unknown:
        explorer.group_box.value = key  # the explorer shows why, under the box
    explorer.seed.value = seed
    explorer.mode.value = mode
    link = DeepLink(SPACE_LINK)
    link.follow(state)
    for trait in ("index", "mode", "seed", "resolution"):
        link.track(explorer.model, trait)
    link.track(explorer.tabs, "selected_index", "view", transform=lambda i: VIEWS[i])
    explorer.tabs.selected_index = 1 if view == "orbifold" else 0
    dashboard = dashboard_page(explorer, link, errors)
    dashboard.explorer = explorer
    dashboard.state = state
    return dashboard
