"""The Gaussian-process room: invariant GP prior samples and posteriors on a grid
(``GPModel`` and its view ``GPExplorer``)."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets
from scipy.ndimage import map_coordinates

from ..basis import invariant_basis
from ..gp import posterior_on_grid, prior_sample, prior_variance_on_grid
from ..groups import LimitError, SgexploreError
from ..kernels import spectral_kernel
from ..limits import (
    MAX_FUNCTIONS,
    MAX_GRID_OBSERVATIONS,
    MAX_LENGTHSCALE,
    MAX_RESOLUTION,
    MAX_SEED,
    MIN_LENGTHSCALE,
    MIN_RESOLUTION,
)
from ..render import plot_field
from ._base import GroupState, bounded, bounds, check_bounds, finite, warm_in_background
from ._figure import FigureWidget
from ._plane import DISPLAY_PIXELS, PlaneExplorer, PlaneGroupModel, download_links


class GPModel(PlaneGroupModel):
    """Prior samples and the posterior of an invariant Gaussian process on a grid.

    Observations are (x, y, value) in fractional coordinates. Without observations
    ``mean`` is a prior sample and ``std`` is None; with them, ``mean`` and ``std`` are
    the posterior mean and standard deviation of the noise-free function.

    Attributes (traits; the inputs also of ``PlaneGroupModel``: ``symbol``, ``group``,
    ``lattice``, ``error``):
        spectrum (str): ``"matern"`` or ``"heat"``. Default ``"matern"``.
        lengthscale (float): the kernel's lengthscale (fractions of the cell), positive and
            finite; the explorer's slider spans ``MIN_LENGTHSCALE`` to ``MAX_LENGTHSCALE``.
            Default 0.25.
        nu (float): the Matern smoothness, positive. Default 1.5.
        n_functions (int): basis functions of the kernel, 1 to ``MAX_FUNCTIONS``. Default 400.
        seed (int): the prior sample's seed, 0 to ``MAX_SEED``. Default 0.
        noise (float): the observation noise standard deviation, positive. Default 1e-3.
        resolution (int): grid points per cell side, ``MIN_RESOLUTION`` to
            ``MAX_RESOLUTION``. Default 192.
        observations (list): [x, y, value] rows (fractional x, y), at most
            ``MAX_GRID_OBSERVATIONS``. Default empty.
        mean, std (ndarray or None): results on the (resolution, resolution) grid.

    A value out of range is refused in ``error``; the last results stay.
    """

    spectrum = traitlets.Enum(("matern", "heat"), "matern", help="the kernel's spectrum")
    lengthscale = traitlets.Float(0.25, help="lengthscale")
    nu = traitlets.Float(1.5, help="the Matern smoothness nu")
    n_functions = bounded(traitlets.Int(400, help="number of basis functions"), 1, MAX_FUNCTIONS,
                          "MAX_FUNCTIONS")
    seed = traitlets.Int(0, min=0, max=MAX_SEED, help="the prior sample's seed")
    noise = traitlets.Float(1e-3, help="the observation noise standard deviation")
    resolution = bounded(traitlets.Int(192, help="grid resolution"), MIN_RESOLUTION,
                         MAX_RESOLUTION, "MAX_RESOLUTION")
    observations = traitlets.List(help="the observations, [x, y, value] rows (fractional x, y)")
    mean = traitlets.Any(help="the prior sample, or the posterior mean, on the grid")
    std = traitlets.Any(help="the posterior standard deviation on the grid (None: prior)")
    _prior_variance: tuple = (None, None)

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "spectrum", "lengthscale", "nu", "n_functions", "seed",
                "noise", "resolution", "observations"]

    def kernel(self):
        check_bounds(self, "n_functions")
        for name in ("lengthscale", "nu", "noise"):
            if not 0 < getattr(self, name) < math.inf:
                raise SgexploreError(f"{name} must be positive and finite, got {getattr(self, name)}")
        basis = invariant_basis(self.group, n=self.n_functions, lattice=self.lattice)
        return basis, spectral_kernel(basis, self.spectrum, lengthscale=self.lengthscale, nu=self.nu)

    def _compute(self) -> None:
        check_bounds(self, "resolution")
        if len(self.observations) > MAX_GRID_OBSERVATIONS:
            raise LimitError(f"at most {MAX_GRID_OBSERVATIONS} observations (sgexplore.limits."
                             f"MAX_GRID_OBSERVATIONS: one grid each), got {len(self.observations)}")
        basis, kernel = self.kernel()
        if not self.observations:
            sample = finite("prior sample", np.asarray(prior_sample(kernel, self.shape,
                                                                     seed=self.seed, n_samples=1)[0]))
            self.std = None
            self.mean = sample
            return
        data = np.asarray(self.observations, dtype=np.float64)
        mean, variance = posterior_on_grid(kernel, data[:, :2], data[:, 2], self.noise,
                                           self.shape, self._prior_variance_on_grid(basis, kernel))
        mean = finite("posterior mean", mean)
        self.std = finite("posterior standard deviation", np.sqrt(variance))
        self.mean = mean

    def _prior_variance_on_grid(self, basis, kernel) -> np.ndarray:
        """k(x, x) on the grid, cached: it depends on the kernel, not on the observations."""
        key = (self.group, self.lattice.matrix.tobytes(), self.spectrum, self.lengthscale,
               self.nu, self.n_functions, self.shape)
        if self._prior_variance[0] != key:
            self._prior_variance = (key, prior_variance_on_grid(kernel, self.shape))
        return self._prior_variance[1]

    def value_at(self, x: float, y: float) -> float:
        """The field shown now (the prior sample, or the posterior mean) at the fractional
        point (x, y), interpolated linearly between grid points (periodically): what a
        click observes by default, so that an observation agrees with the picture."""
        if self.mean is None:
            raise SgexploreError("nothing computed yet")
        n = np.array(self.mean.shape, dtype=np.float64)
        coords = (np.mod([x, y], 1.0) * n)[:, None]
        return float(map_coordinates(np.asarray(self.mean, dtype=np.float64), coords, order=1,
                                     mode="grid-wrap")[0])

    def add_observation(self, x: float, y: float, value: float) -> None:
        """Condition on f(x, y) = value (fractional x, y); every symmetric image follows."""
        self.observations = [*self.observations, [float(x), float(y), float(value)]]

    def warm_up(self) -> None:
        """Compile the posterior path (features, synthesis, k(x, x) on the grid) once, so
        that the first click is quick; safe to call from a background thread."""
        basis, kernel = self.kernel()
        prior_variance = self._prior_variance_on_grid(basis, kernel)
        for count in (1, 2, 4, 8, 16):  # the power-of-two batch sizes of the first clicks
            points = np.random.default_rng(count).random((count, 2))
            posterior_on_grid(kernel, points, np.zeros(count), self.noise, self.shape,
                              prior_variance)


class GPExplorer(PlaneExplorer):
    """Invariant GP prior samples; click the plot to add an observation and see the
    posterior mean and standard deviation (each click constrains every symmetric image)."""

    def __init__(self, group: str = "p4m", seed: int = 0, lengthscale: float = 0.25,
                 resolution: int = 192, state: GroupState | None = None) -> None:
        self.model = GPModel(group, seed=seed, lengthscale=lengthscale, resolution=resolution)
        self._common(state)
        self.spectrum_select = widgets.ToggleButtons(options=["matern", "heat"], value="matern",
                                                     description="kernel")
        self.lengthscale = widgets.FloatSlider(value=lengthscale, min=MIN_LENGTHSCALE,
                                               max=MAX_LENGTHSCALE, step=0.01,
                                               description="lengthscale")
        self.lengthscale.add_class("sg-lengthscale")
        self.nu = widgets.Dropdown(options=[0.5, 1.5, 2.5, 5.0], value=1.5, description="nu")
        self.n_functions = widgets.Dropdown(options=[100, 200, 400, 800, 1600], value=400,
                                            description="functions")
        self.seed = widgets.BoundedIntText(value=seed, **bounds(GPModel, "seed"), description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.seed.add_class("sg-seed")
        # A click observes the field's own value there unless a value is set: then three
        # clicks cannot saturate a field drawn with values around +-1.
        self.click_mode = widgets.ToggleButtons(
            options=[("value shown", "shown"), ("set value", "set")], value="shown",
            description="click observes", tooltips=["the field's value at the clicked point",
                                                    "the value of the slider"])
        self.click_mode.add_class("sg-click-mode")
        self.value = widgets.FloatSlider(value=0.0, min=-3, max=3, step=0.1, disabled=True,
                                         description="set value", continuous_update=False)
        self.value.add_class("sg-click-value")
        traitlets.dlink((self.click_mode, "value"), (self.value, "disabled"),
                        lambda mode: mode != "set")
        self.show = widgets.ToggleButtons(options=["mean", "std"], value="mean", description="show")
        self.clear = widgets.Button(description="clear observations")
        self.download_button = widgets.Button(description="prepare data (.npz, CSV)")
        self.download = widgets.HTML()
        self.download_button.on_click(self._prepare_download)
        self.figure = FigureWidget(self._figure())
        self._drawn = self._scene()
        self.figure.data[0].on_click(self._on_click)
        for control, trait in ((self.spectrum_select, "spectrum"), (self.lengthscale, "lengthscale"),
                               (self.nu, "nu"), (self.n_functions, "n_functions"),
                               (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._set(t, c["new"]), "value")
        self.show.observe(lambda c: self._update(self._redraw), "value")
        self.clear.on_click(lambda b: self._set("observations", []))
        self.model.observe(self._redraw, ["mean", "std", "error"])
        controls = widgets.VBox([
            widgets.HBox([self.group_select, self.spectrum_select, self.nu]),
            widgets.HBox([self.lengthscale, self.n_functions, self.seed]),
            widgets.HBox([self.click_mode, self.value]),
            widgets.HBox([self.show, self.clear]),
        ])
        super().__init__([controls, self.lattice_editor, self.status, self.figure,
                          widgets.HBox([self.download_button, self.download])])
        self.add_class("sg-gp-explorer")
        self._done()
        self._warm = warm_in_background(self.model)

    def _info(self, show: str | None = None) -> str:
        """What the figure shows (its title and the status line): the mean, or with
        ``show="std"`` (the default when the view shows it) the standard deviation."""
        n = len(self.model.observations)
        state = (f"prior sample (seed {self.model.seed})" if n == 0
                 else f"posterior given {n} observation(s)")
        if (show or self.show.value) != "std":
            return state
        return ("std (standard deviation): none before the first observation; " + state if n == 0
                else f"std (standard deviation) of the {state}")

    def _values(self) -> np.ndarray:
        if self.show.value == "std":
            return self.model.std if self.model.std is not None else np.zeros_like(self.model.mean)
        return self.model.mean

    def _figure(self, template=None) -> go.Figure:
        # The mean is signed (diverging scale about 0); the standard deviation is not.
        std = self.show.value == "std"
        figure = plot_field(self.model.group, self._values(), self.model.lattice, cells=2,
                            overlays=("cell", "domain"), title=self._info(), pixels=DISPLAY_PIXELS,
                            colorscale="Viridis" if std else "RdBu_r", centred=not std,
                            template=template)
        data = np.asarray(self.model.observations, dtype=float).reshape(-1, 3)
        points = self._tiled(data[:, :2]) if len(data) else np.zeros((0, 2))
        xy = points @ self.model.lattice.matrix.T
        figure.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers", name="observations",
                                    marker={"color": "black", "size": 7, "symbol": "x"}))
        return figure

    def _tiled(self, points: np.ndarray) -> np.ndarray:
        """All symmetric images of the observed points in the two displayed cells."""
        images = [self.model.group.orbit(p) for p in points]
        shifts = np.array([[i, j] for i in range(2) for j in range(2)])
        return np.concatenate([(o[:, None, :] + shifts[None]).reshape(-1, 2) for o in images])

    def _prepare_download(self, button=None) -> None:
        m = self.model
        std = m.std if m.std is not None else np.zeros_like(m.mean)
        observations = np.asarray(m.observations, dtype=float).reshape(-1, 3)
        header = (f"# {m.group.common_symbol} GP ({self._info('mean')}), lengthscale {m.lengthscale}; "
                  f"observations (x_frac, y_frac, value): {observations.tolist()}\n")
        self.download.value = download_links(
            f"{m.group.common_symbol}_gp_seed{m.seed}",
            {"mean": m.mean, "std": std, "observations": observations,
             "lattice": m.lattice.matrix},
            {"mean": m.mean, "std": std}, m.lattice.matrix, header)

    def _on_click(self, trace, points, state) -> None:
        if not points.xs:
            return
        fractional = np.mod(np.linalg.solve(self.model.lattice.matrix, [points.xs[0], points.ys[0]]), 1.0)
        self._update(lambda: self.model.add_observation(*fractional, self._click_value(*fractional)))

    def _click_value(self, x: float, y: float) -> float:
        return self.model.value_at(x, y) if self.click_mode.value == "shown" else self.value.value

    def _scene(self) -> tuple:
        observations = tuple(map(tuple, self.model.observations))
        return (self.model.group, self.model.lattice, observations, self.show.value)

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error:
            return
        self._redraw_field(self._values(), 2, self._scene(), self._figure,
                           centred=self.show.value != "std")
