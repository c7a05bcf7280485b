"""GPLab: what symmetry buys a Gaussian process. A hidden function drawn from the invariant
GP of a wallpaper group is observed at a few points; the posterior under the invariant
kernel is set beside the posterior under an ordinary periodic kernel (group p1, same
lattice, spectrum and frequency cut-off), with their errors and marginal likelihoods. The
hyperparameters of both can be fitted by maximum likelihood and applied, and the error
against the number of observations, averaged over hidden functions, says when the
invariant prior helps."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib import resources

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..basis import invariant_basis
from ..gp import fit, posterior, posterior_on_grid, prior_variance_on_grid
from ..groups import LimitError, SgexploreError
from ..kernels import spectral_kernel
from ..limits import MAX_FUNCTIONS, MAX_GRID_OBSERVATIONS, MAX_SEED
from ..render import BARE, cartesian_field
from ._base import (
    GroupState,
    StatusLine,
    bounded,
    bounds,
    check_bounds,
    group_dropdown,
    side_by_side,
    sync_figure,
    warm_in_background,
)
from ._figure import FigureWidget
from ._links import LinkParameter, parse_link
from ._page import DeepLink, dashboard_page, page_group
from ._plane import PlaneGroupModel

SPECTRUM = "matern"
#: The lab's ranges: lengthscales (fractions of the cell), the smallest noise and the finest grid.
MIN_LAB_LENGTHSCALE, MAX_LAB_LENGTHSCALE = 0.01, 2.0
MIN_NOISE = 1e-4
MAX_LAB_RESOLUTION = 512
NU = 1.5
#: Heatmap pixels along the longer side of each panel (the grid is resampled to Cartesian).
PIXELS = 160
#: Width (px) each figure starts from (its flex basis): three side by side at 1280 px, one a
#: row on a phone; each then takes its cell's width (figures follow their box).
FIGURE_WIDTH = 340
KERNELS = ("invariant", "periodic")
#: The error curves: observations and hidden functions (seeds) they are averaged over.
CURVE_COUNTS = (1, 2, 4, 8, 16, 32, 64)
CURVE_SEEDS = tuple(range(8))
#: Observation counts whose click path a new lab compiles in the background.
WARM_COUNT = 24
#: Observation counts whose fit it compiles (fits pad to 8, 16 and 32 observations).
FIT_WARM_COUNTS = (5, 9, 17)


class GPLabModel(PlaneGroupModel):
    """The lab's state. ``truth`` is sum_i sqrt(w_i) z_i phi_i with z ~ N(0, 1) (seed), a
    sample of the invariant prior with lengthscale ``truth_lengthscale``; ``points`` are
    where it is observed, and each observation is truth(x) + noise (noise fixed per point
    by the seed), so changing the group or seed re-observes the same points. The two
    posteriors are computed on the grid with ``posterior_on_grid``.

    Both kernels use ``lengthscale``, amplitude 1 and ``noise`` unless a fit was applied
    (:meth:`apply_fit`): then each uses its own fitted values (``fitted``) until the
    lengthscale, the noise or the group changes.

    Attributes (traits; the inputs also of ``PlaneGroupModel``: ``symbol``, ``group``,
    ``lattice``, ``error``):
        lengthscale (float): both kernels' lengthscale (fractions of the cell),
            ``MIN_LAB_LENGTHSCALE`` to ``MAX_LAB_LENGTHSCALE``. Default 0.2.
        truth_lengthscale (float): the hidden function's lengthscale, in the same range.
            Default 0.15.
        noise (float): the observation noise (standard deviation, also the kernels' noise
            unless fitted), ``MIN_NOISE`` to 1. Default 0.05.
        n_functions (int): invariant basis functions, 1 to ``MAX_FUNCTIONS``. Default 120.
        seed (int): the hidden function's and the noise's seed, 0 to ``MAX_SEED``. Default 0.
        resolution (int): grid points per cell side, 8 to ``MAX_LAB_RESOLUTION``. Default 64.
        points (list): observed fractional points [x, y], at most ``MAX_GRID_OBSERVATIONS``.
            Default empty.
        fitted (dict): {"invariant": {"lengthscale", "amplitude", "noise"}, "periodic": ...}
            applied from a fit (:meth:`apply_fit`), or {} for the shared values. Default {}.
        truth, invariant_mean, periodic_mean (ndarray): results, (resolution, resolution) grids.
        invariant_rmse, periodic_rmse (float): results, the root mean square error of each
            posterior mean against the truth over the cell.
        invariant_lml, periodic_lml (float or None): results, the log marginal likelihood
            of the observations (None without any).
        computed (int): results, incremented after each successful recomputation (one
            notification per update).

    A value out of range is refused in ``error``; the last results stay.
    """

    lengthscale = bounded(traitlets.Float(0.2, help="the kernels' lengthscale"),
                          MIN_LAB_LENGTHSCALE, MAX_LAB_LENGTHSCALE)
    truth_lengthscale = bounded(traitlets.Float(0.15, help="the hidden function's lengthscale"),
                                MIN_LAB_LENGTHSCALE, MAX_LAB_LENGTHSCALE)
    noise = bounded(traitlets.Float(0.05, help="the observation noise"), MIN_NOISE, 1.0)
    n_functions = bounded(traitlets.Int(120, help="the number of basis functions"), 1,
                          MAX_FUNCTIONS, "MAX_FUNCTIONS")
    seed = traitlets.Int(0, min=0, max=MAX_SEED, help="the hidden function's seed")
    resolution = bounded(traitlets.Int(64, help="the lab's grid resolution"), 8,
                         MAX_LAB_RESOLUTION)
    points = traitlets.List(help="the observed fractional points [x, y]")
    fitted = traitlets.Dict(help="hyperparameters applied from a fit, by kernel ({}: shared)")
    truth = traitlets.Any(help="the hidden function on the grid")
    invariant_mean = traitlets.Any(help="the invariant posterior mean on the grid")
    periodic_mean = traitlets.Any(help="the periodic posterior mean on the grid")
    invariant_rmse = traitlets.Float(0.0, help="the invariant mean's RMS error")
    periodic_rmse = traitlets.Float(0.0, help="the periodic mean's RMS error")
    invariant_lml = traitlets.Any(None, help="the invariant log marginal likelihood")
    periodic_lml = traitlets.Any(None, help="the periodic log marginal likelihood")
    computed = traitlets.Int(0, help="successful recomputations so far")

    def __init__(self, symbol: str = "p4m", **kwargs) -> None:
        self._memo: dict = {}
        super().__init__(symbol, **kwargs)

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "lengthscale", "truth_lengthscale", "noise", "n_functions",
                "seed", "resolution", "points"]

    # Registered before the recomputation (at construction), so it runs first: the fitted
    # values belong to the old lengthscale, noise or group.
    @traitlets.observe("lengthscale", "noise", "group", "lattice", "n_functions")
    def _drop_fit(self, change: dict) -> None:
        self.fitted = {}

    def _cached(self, name: str, key: tuple, build):
        """The last value built for ``name``, rebuilt when ``key`` changes."""
        if name not in self._memo or self._memo[name][0] != key:
            self._memo[name] = (key, build())
        return self._memo[name][1]

    def _basis_key(self) -> tuple:
        return (self.group.common_symbol, self.lattice.matrix.tobytes(), self.n_functions)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.resolution, self.resolution)

    def bases(self):
        """The invariant basis and the periodic (p1) basis with the same eigenvalue cut-off."""
        def build():
            invariant = invariant_basis(self.group, n=self.n_functions, lattice=self.lattice)
            periodic = invariant_basis("p1", max_eigenvalue=float(invariant.eigenvalues[-1]),
                                       lattice=self.lattice)
            return invariant, periodic
        return self._cached("bases", self._basis_key(), build)

    def hyperparameters(self, name: str) -> dict[str, float]:
        """The lengthscale, amplitude and noise the ``name`` ("invariant" or "periodic")
        kernel uses now."""
        if name not in KERNELS:
            raise SgexploreError(f"the kernels are {KERNELS}, got {name!r}")
        return dict(self.fitted.get(name) or {"lengthscale": self.lengthscale, "amplitude": 1.0,
                                               "noise": self.noise})

    def kernels(self):
        """((invariant basis, kernel), (periodic basis, kernel)) with the hyperparameters in use."""
        check_bounds(self, "lengthscale", "noise", "n_functions")
        chosen = tuple(self.hyperparameters(name) for name in KERNELS)
        key = (self._basis_key(), tuple(tuple(sorted(h.items())) for h in chosen))

        def build():
            return tuple((basis, spectral_kernel(basis, SPECTRUM, h["lengthscale"], h["amplitude"],
                                                 nu=NU))
                         for basis, h in zip(self.bases(), chosen))
        return self._cached("kernels", key, build)

    def _truth_key(self) -> tuple:
        return (self._basis_key(), self.truth_lengthscale, self.seed)

    def _truth_coefficients(self, basis) -> np.ndarray:
        def build():
            weights = spectral_kernel(basis, SPECTRUM, self.truth_lengthscale, nu=NU).weights()
            z = np.random.default_rng(self.seed).standard_normal(len(basis))
            return np.sqrt(np.asarray(weights, dtype=np.float64)) * z
        return self._cached("coefficients", self._truth_key(), build)

    def truth_at(self, points) -> np.ndarray:
        """The hidden function at fractional points (P, 2), exactly."""
        basis = self.bases()[0]
        points = np.atleast_2d(np.asarray(points, dtype=np.float64))
        # Padded to a power of two: a new number of points compiles nothing new.
        padded = np.zeros((1 << max(len(points) - 1, 0).bit_length(), 2))
        padded[:len(points)] = points
        values = np.asarray(basis(padded), dtype=np.float64)[:len(points)]
        return values @ self._truth_coefficients(basis)

    @property
    def observations(self) -> np.ndarray:
        """(P, 3): the observed points and truth(x) + noise there."""
        if not self.points:
            return np.zeros((0, 3))
        points = np.asarray(self.points, dtype=np.float64)
        noise = np.random.default_rng([self.seed, 1]).standard_normal(MAX_GRID_OBSERVATIONS)
        values = self.truth_at(points) + self.noise * noise[:len(points)]
        return np.column_stack([points, values])

    def images(self) -> list[np.ndarray]:
        """The symmetric images of each observed point in the unit cell: ``group.orbit``,
        one (m, 2) array per point."""
        return [self.group.orbit(p) for p in np.asarray(self.points, dtype=np.float64).reshape(-1, 2)]

    def _compute(self) -> None:
        if len(self.points) > MAX_GRID_OBSERVATIONS:
            raise LimitError(f"at most {MAX_GRID_OBSERVATIONS} observations (sgexplore.limits."
                             f"MAX_GRID_OBSERVATIONS: one grid each), got {len(self.points)}")
        check_bounds(self, "resolution", "lengthscale", "truth_lengthscale", "noise", "n_functions")
        pairs = self.kernels()
        basis = pairs[0][0]
        truth = self._cached("truth", (self._truth_key(), self.shape), lambda: np.asarray(
            basis.synthesize(self._truth_coefficients(basis), self.shape), dtype=np.float64))
        data = self.observations
        means, errors, lmls = [], [], []
        for name, (_, kernel) in zip(KERNELS, pairs):
            noise = self.hyperparameters(name)["noise"]
            if len(data):
                # k(x, x) on the grid depends on the kernel only: cached across clicks.
                variance = self._cached(f"variance {name}", (id(kernel), self.shape),
                                        lambda k=kernel: prior_variance_on_grid(k, self.shape))
                mean, _ = posterior_on_grid(kernel, data[:, :2], data[:, 2], noise, self.shape,
                                            variance)
                lml = float(posterior(kernel, data[:, :2], data[:, 2], noise).log_marginal_likelihood)
            else:
                mean, lml = np.zeros(self.shape), None
            means.append(mean)
            errors.append(float(np.sqrt(np.mean((mean - truth) ** 2))))
            lmls.append(lml)
        with self.hold_trait_notifications():
            self.truth = truth
            self.invariant_mean, self.periodic_mean = means
            self.invariant_rmse, self.periodic_rmse = errors
            self.invariant_lml, self.periodic_lml = lmls
        self.computed += 1

    def warm_up(self, counts=range(1, WARM_COUNT + 1)) -> None:
        """Compile the click path (the truth at the points, both posteriors on the grid and
        their likelihoods) for each number of observations in ``counts``, so that clicks
        are quick; safe to call from a background thread. Every count, not only powers of
        two: the basis is evaluated at the observed points unpadded (``gp.posterior``), and
        that compiles a little for each new number of points."""
        pairs = self.kernels()
        variances = [prior_variance_on_grid(kernel, self.shape) for _, kernel in pairs]
        for count in counts:
            points = np.random.default_rng(count).random((count, 2))
            values = self.truth_at(points)
            for (_, kernel), variance in zip(pairs, variances):
                posterior_on_grid(kernel, points, values, self.noise, self.shape, variance)
                posterior(kernel, points, values, self.noise).log_marginal_likelihood
        for count in FIT_WARM_COUNTS:
            points = np.random.default_rng(count).random((count, 2))
            values = self.truth_at(points)
            for _, kernel in pairs:
                fit(kernel, points, values, noise=self.noise)

    def observe_at(self, points) -> None:
        """Observe the truth (plus noise) at fractional points (P, 2)."""
        points = np.mod(np.atleast_2d(np.asarray(points, dtype=np.float64)), 1.0)
        self.points = [*self.points, *([float(x), float(y)] for x, y in points)]

    def add_random(self, count: int = 5) -> None:
        rng = np.random.default_rng([self.seed, 7, len(self.points)])
        self.observe_at(rng.random((count, 2)))

    def fit(self) -> dict[str, dict[str, float]]:
        """Maximum-likelihood lengthscale, amplitude and noise for both kernels, each
        started from the values it uses now."""
        if len(self.points) < 2:
            raise SgexploreError("fitting needs at least 2 observations")
        data = self.observations
        results = {}
        for name, (_, kernel) in zip(KERNELS, self.kernels()):
            f = fit(kernel, data[:, :2], data[:, 2], noise=self.hyperparameters(name)["noise"])
            results[name] = {"lengthscale": f.lengthscale, "amplitude": f.amplitude,
                             "noise": f.noise, "log_marginal_likelihood": f.log_marginal_likelihood}
        return results

    def apply_fit(self, fitted: dict[str, dict[str, float]]) -> None:
        """Use fitted hyperparameters (as :meth:`fit` returns them): each kernel its own
        lengthscale, amplitude and noise."""
        chosen = {}
        for name in KERNELS:
            values = {key: float(fitted[name][key]) for key in ("lengthscale", "amplitude", "noise")}
            if not all(np.isfinite(v) and v > 0 for v in values.values()):
                raise SgexploreError(f"fitted hyperparameters must be positive and finite, got {values}")
            chosen[name] = values
        self.fitted = chosen
        self.recompute()


def error_curves(symbol: str, counts=CURVE_COUNTS, seeds=CURVE_SEEDS, **settings
                 ) -> dict[str, np.ndarray]:
    """The lab's experiment repeated: for each seed (a hidden function) the first ``count``
    of a fixed sequence of uniformly random points are observed, and the RMS error of each
    posterior mean against the truth is recorded.

    Returns {"invariant", "periodic": (len(seeds), len(counts)) errors, "prior": (len(seeds),)
    the RMS of the truth (the error without observations)}. ``settings`` are
    ``GPLabModel`` traits (lengthscale, noise, ...).
    """
    if max(counts) > MAX_GRID_OBSERVATIONS:
        raise LimitError(f"at most {MAX_GRID_OBSERVATIONS} observations, got {max(counts)}")
    errors = {name: np.zeros((len(seeds), len(counts))) for name in KERNELS}
    prior = np.zeros(len(seeds))
    model = GPLabModel(symbol, **settings)  # one model: its kernels and k(x, x) are reused
    for i, seed in enumerate(seeds):
        model.points = []
        model.seed = int(seed)
        if model.error:
            raise SgexploreError(model.error)
        prior[i] = float(np.sqrt(np.mean(model.truth ** 2)))
        points = np.random.default_rng([int(seed), 11]).random((max(counts), 2))
        for j, count in enumerate(counts):
            model.points = points[:count].tolist()
            errors["invariant"][i, j], errors["periodic"][i, j] = model.invariant_rmse, model.periodic_rmse
    return {**errors, "prior": prior}


#: The settings the cached curves were computed with (GPLabModel's defaults).
CURVE_SETTINGS = {"lengthscale": 0.2, "truth_lengthscale": 0.15, "noise": 0.05,
                  "n_functions": 120, "resolution": 64}


@cache
def cached_curves() -> dict:
    """The error curves of every group for ``CURVE_SETTINGS``, computed by
    ``scripts/gp_lab_curves.py`` (data/gp_lab_curves.json)."""
    text = resources.files("sgexplore.widgets").joinpath("data/gp_lab_curves.json").read_text()
    return json.loads(text)


def _current_xy(current: tuple | None) -> dict[str, list]:
    """The "this page" marker's x and y: the errors of both posteriors at the number of
    observations, or nothing."""
    if current is None:
        return {"x": [], "y": []}
    n, errors = current
    return {"x": [n] * len(errors), "y": list(errors)}


def _curves_figure(curves: dict, counts, title: str, current: tuple | None = None,
                   template=None) -> go.Figure:
    """Mean error over the seeds against the number of observations (log axis), with the
    standard error as error bars, and the error without observations. ``template``: as in
    ``sgexplore.render``'s figures."""
    figure = go.Figure(layout={"template": template})
    colours = {"invariant": "#1f77b4", "periodic": "#ff7f0e"}
    for name in KERNELS:
        values = np.asarray(curves[name], dtype=float)
        spread = values.std(axis=0, ddof=1) / np.sqrt(len(values)) if len(values) > 1 else None
        figure.add_trace(go.Scatter(
            x=list(counts), y=values.mean(axis=0), mode="lines+markers", name=f"{name} prior",
            line={"color": colours[name]},
            error_y=None if spread is None else {"type": "data", "array": spread, "visible": True},
            hovertemplate=f"{name}: %{{y:.3f}} with %{{x}} observations<extra></extra>"))
    prior = float(np.mean(curves["prior"]))
    figure.add_trace(go.Scatter(x=[counts[0], counts[-1]], y=[prior, prior], mode="lines",
                                name="no observations", line={"color": "grey", "dash": "dot"},
                                hoverinfo="skip"))
    # Always there (empty without observations): a click then moves it, nothing else.
    figure.add_trace(go.Scatter(**_current_xy(current), mode="markers", name="this page",
                                marker={"color": [colours[k] for k in KERNELS], "size": 12,
                                        "symbol": "star", "line": {"color": "black", "width": 1}},
                                hovertemplate="this page: %{y:.3f}<extra></extra>"))
    figure.update_layout(
        title={"text": title, "font": {"size": 13}}, height=340,
        xaxis={"type": "log", "title": "number of observations", "tickvals": list(counts)},
        yaxis={"title": "RMS error of the posterior mean", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25}, margin={"l": 60, "r": 10, "t": 60, "b": 40})
    return figure


def cell_box(matrix: np.ndarray) -> np.ndarray:
    """(2, 2) the Cartesian bounding box [[x0, x1], [y0, y1]] of the unit cell spanned by
    the columns of ``matrix``: the area each panel shows."""
    corners = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float) @ np.asarray(matrix).T
    return np.stack([corners.min(axis=0), corners.max(axis=0)], axis=1)


def images_in_view(fractional: np.ndarray, lattice) -> np.ndarray:
    """(Q, 2) Cartesian positions of fractional points (P, 2) in the cell and of their
    lattice translates that fall in the cell's bounding box (:func:`cell_box`), where a
    panel shows the periodic field: every copy of a point visible there is drawn."""
    fractional = np.asarray(fractional, dtype=float).reshape(-1, 2)
    shifts = np.array([[i, j] for i in (-1, 0, 1) for j in (-1, 0, 1)], dtype=float)
    xy = (fractional[:, None, :] + shifts[None]).reshape(-1, 2) @ lattice.matrix.T
    box = cell_box(lattice.matrix)
    keep = np.all((xy >= box[:, 0] - 1e-9) & (xy <= box[:, 1] + 1e-9), axis=1)
    return xy[keep]


class GPLab(StatusLine, widgets.VBox):
    """The lab's view: the hidden truth with the observations (click it, or either posterior,
    to observe a point), the invariant posterior mean with every observation's symmetric
    images and the periodic posterior mean, all in Cartesian coordinates (the cell has its
    true shape); the results table, fitting and applying the hyperparameters, and the error
    curves that say when the invariant prior helps. Its group is ``state.plane`` (a
    ``GroupState``), linked to the dropdown and the model."""

    def __init__(self, group: str = "p4m", seed: int = 0, lengthscale: float = 0.2,
                 state: GroupState | None = None) -> None:
        self.model = GPLabModel(group, seed=seed, lengthscale=lengthscale)
        self.state = state if state is not None else GroupState(self.model.group)
        self.last_update_ms = 0.0
        self.fitted: dict = {}
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.group_select = group_dropdown(self.state.plane)
        self.lengthscale = widgets.BoundedFloatText(value=lengthscale, **bounds(GPLabModel, "lengthscale"),
                                                    step=0.05, description="lengthscale",
                                                    layout=widgets.Layout(width="14em"))
        self.noise = widgets.BoundedFloatText(value=self.model.noise, **bounds(GPLabModel, "noise"),
                                              step=0.01, description="noise",
                                              layout=widgets.Layout(width="14em"))
        self.seed = widgets.BoundedIntText(value=seed, **bounds(GPLabModel, "seed"), description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.random_button = widgets.Button(description="observe 5 random points",
                                            layout=widgets.Layout(width="auto"))
        self.random_button.add_class("sg-random")
        self.fit_button = widgets.Button(description="fit hyperparameters",
                                         layout=widgets.Layout(width="auto"))
        self.fit_button.add_class("sg-fit")
        self.apply_button = widgets.Button(description="apply fit", disabled=True,
                                           tooltip="use the fitted lengthscale, amplitude and noise")
        self.apply_button.add_class("sg-apply-fit")
        self.clear = widgets.Button(description="clear observations", layout=widgets.Layout(width="auto"))
        self.results = widgets.HTML()
        self.results.add_class("sg-lab-results")
        self._live_curves: tuple | None = None
        self._curves_shown: tuple | None = None  # what the curves panel was last drawn for
        self.panels = [FigureWidget(figure) for figure in self._figures()]
        for panel in self.panels:
            panel.data[0].on_click(self._on_click)
        self._drawn = self._scene()
        self.truth_panel, self.invariant_panel, self.periodic_panel = self.panels
        self.explanation = widgets.HTML()
        self.explanation.add_class("sg-lab-explanation")
        self.curves = FigureWidget(self._curves())
        self.curves_button = widgets.Button(description="compute curves for these settings",
                                            layout=widgets.Layout(width="auto"))
        self.curves_button.add_class("sg-curves-live")
        self._follow(self.state, "plane", (self.group_select, "value"), (self.model, "symbol"))
        for control, trait in ((self.lengthscale, "lengthscale"), (self.noise, "noise"),
                               (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._set(t, c["new"]), "value")
        self.random_button.on_click(lambda b: self._update(self.model.add_random))
        self.clear.on_click(lambda b: self._set("points", []))
        self.fit_button.on_click(self._fit)
        self.apply_button.on_click(self._apply_fit)
        self.curves_button.on_click(self._compute_curves)
        self.model.observe(self._redraw, "computed")
        self.model.observe(lambda c: self._done(), "error")
        wrap = widgets.Layout(flex_flow="row wrap")  # controls: on more lines on a phone
        super().__init__([
            widgets.HBox([self.group_select, self.lengthscale, self.noise, self.seed], layout=wrap),
            widgets.HBox([self.random_button, self.fit_button, self.apply_button, self.clear],
                         layout=wrap),
            self.status, side_by_side(*((p, f"{FIGURE_WIDTH}px") for p in self.panels)),
            self.results, side_by_side((self.curves, "420px"), (self.explanation, "300px")),
            self.curves_button])
        self.add_class("sg-gp-lab")
        self._show_results()
        self._explain()
        self._done()
        self._warm = warm_in_background(self.model)

    def _set(self, trait: str, value) -> None:
        self._update(lambda: setattr(self.model, trait, value))

    def _info(self) -> str:
        m = self.model
        n = len(m.points)
        if not n:
            return (f"{m.group.common_symbol}: hidden truth drawn from the invariant prior with "
                    f"lengthscale {m.truth_lengthscale:g} (the posteriors use {m.lengthscale:g}); "
                    "no observations yet")
        return (f"{m.group.common_symbol}, {n} observation(s): error of the posterior mean "
                f"{m.invariant_rmse:.3f} invariant vs {m.periodic_rmse:.3f} periodic")

    # --- the three panels ---------------------------------------------------------------

    def _titles(self) -> tuple[str, str, str]:
        m = self.model
        images = sum(len(o) for o in m.images())
        # Without observations both posteriors are the prior mean 0: a blank panel, said so.
        blank = "" if m.points else ", mean 0 until you observe"
        return ("hidden truth (click to observe)",
                f"invariant ({m.group.common_symbol}): error {m.invariant_rmse:.3f}"
                + (f", {images} images" if images else blank),
                f"periodic (p1): error {m.periodic_rmse:.3f}{blank}")

    def _field(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        values = values if values is not None else np.zeros(self.model.shape)
        return cartesian_field(values, self.model.lattice, cells=1, pixels=PIXELS)

    def _markers(self) -> tuple[np.ndarray, np.ndarray]:
        """Cartesian observation markers and image markers (images other than the point)."""
        points = np.asarray(self.model.points, dtype=float).reshape(-1, 2)
        orbits = self.model.images()
        others = np.concatenate(orbits) if orbits else np.zeros((0, 2))
        return images_in_view(points, self.model.lattice), images_in_view(others, self.model.lattice)

    def _figures(self, template=None) -> list[go.Figure]:
        m = self.model
        scale = float(np.abs(m.truth).max()) if m.truth is not None else 1.0
        scale = scale or 1.0
        observed, images = self._markers()
        matrix = m.lattice.matrix
        outline = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float) @ matrix.T
        box = cell_box(matrix)
        figures = []
        for name, values, title in zip(("truth", *KERNELS), (m.truth, m.invariant_mean, m.periodic_mean),
                                       self._titles()):
            xs, ys, z = self._field(values)
            traces = [
                go.Heatmap(x=xs, y=ys, z=z.astype(np.float32), zmin=-scale, zmax=scale,
                           colorscale="RdBu_r", showscale=name == "periodic", name=name,
                           zsmooth="best",
                           colorbar={"thickness": 10, "len": 0.8},
                           hovertemplate="x=%{x:.3f}, y=%{y:.3f}: %{z:.3f}<extra></extra>"),
                go.Scatter(x=outline[:, 0], y=outline[:, 1], mode="lines", name="unit cell",
                           line={"color": "black", "width": 1.5}, hoverinfo="skip")]
            if name == "invariant":
                # Hollow rings under the observations: every image is observed too.
                traces.append(go.Scatter(x=images[:, 0], y=images[:, 1], mode="markers",
                                         name="images", hoverinfo="skip",
                                         marker={"color": "rgba(0,0,0,0)", "size": 9, "symbol": "circle",
                                                 "line": {"color": "black", "width": 1.5}}))
            # Markers let clicks through to the heatmap (a click on one observes nothing).
            traces.append(go.Scatter(x=observed[:, 0], y=observed[:, 1], mode="markers",
                                     name="observations", hoverinfo="skip",
                                     marker={"color": "black", "size": 8, "symbol": "x"}))
            figure = go.Figure(traces, layout={"template": template})
            figure.update_layout(
                title={"text": title, "font": {"size": 13}}, height=340,
                showlegend=False,
                plot_bgcolor="white", margin={"l": 40, "r": 10, "t": 40, "b": 36},
                # Equal scales: the plot area shrinks to the cell's box (as plot_field's).
                xaxis={"range": list(box[0]), "showgrid": False, "zeroline": False,
                       "scaleanchor": "y", "scaleratio": 1, "constrain": "domain",
                       "title": {"text": "x (Cartesian)", "standoff": 4}},
                yaxis={"range": list(box[1]), "showgrid": False, "zeroline": False,
                       "constrain": "domain"})
            figures.append(figure)
        return figures

    def _scene(self) -> tuple:
        """What everything but the posterior means, markers and titles depends on."""
        m = self.model
        return (m._truth_key(), m.resolution)

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error or self.model.truth is None:
            return
        scene = self._scene()
        if scene != self._drawn:
            for panel, figure in zip(self.panels, self._figures(BARE)):
                sync_figure(panel, figure)
                panel.data[0].on_click(self._on_click)
            self._drawn = scene
        else:
            # Only the posteriors, the markers and the titles change with the observations.
            observed, images = self._markers()
            means = (None, self.model.invariant_mean, self.model.periodic_mean)
            for panel, values, title in zip(self.panels, means, self._titles()):
                with panel.batch_update():
                    if values is not None:
                        panel.data[0].z = self._field(values)[2].astype(np.float32)
                    for trace in panel.data[1:]:
                        if trace.name in ("observations", "images"):
                            xy = observed if trace.name == "observations" else images
                            trace.x, trace.y = xy[:, 0], xy[:, 1]
                    panel.layout.title.text = title
        self._show_results()
        self._show_current()

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            fractional = np.linalg.solve(self.model.lattice.matrix, [points.xs[0], points.ys[0]])
            self._update(lambda: self.model.observe_at([fractional]))

    # --- results, fit -------------------------------------------------------------------

    def _show_results(self, fitted: dict | None = None) -> None:
        m = self.model
        rows = [("error of the posterior mean (RMS over the cell)",
                 f"{m.invariant_rmse:.4f}", f"{m.periodic_rmse:.4f}"),
                ("log marginal likelihood of the observations",
                 *(f"{v:.2f}" if v is not None else "-" for v in (m.invariant_lml, m.periodic_lml)))]
        used = [m.hyperparameters(name) for name in KERNELS]
        source = "fitted, applied" if m.fitted else "shared"
        for key in ("lengthscale", "amplitude", "noise"):
            rows.append((f"{key} in use ({source})", *(f"{h[key]:.4g}" for h in used)))
        fitted = fitted if fitted is not None else self.fitted
        if fitted:
            for key in ("lengthscale", "amplitude", "noise", "log_marginal_likelihood"):
                rows.append((f"fitted {key.replace('_', ' ')}",
                             *(f"{fitted[name][key]:.4g}" for name in KERNELS)))
        body = "".join(f"<tr><td>{escape(a)}</td><td class='sg-invariant'>{b}</td>"
                       f"<td class='sg-periodic'>{c}</td></tr>" for a, b, c in rows)
        self.results.value = (f"<table><tr><th></th><th>invariant ({escape(m.group.common_symbol)})</th>"
                              f"<th>periodic (p1)</th></tr>{body}</table>")

    def _fit(self, button=None) -> None:
        fitted: dict = {}
        self._update(lambda: fitted.update(self.model.fit()))
        self.fitted = fitted
        self.apply_button.disabled = not fitted
        self._show_results()

    def _apply_fit(self, button=None) -> None:
        if self.fitted:
            self._update(lambda: self.model.apply_fit(self.fitted))
            self._show_results()

    # --- when does the invariant prior help ---------------------------------------------

    def _curve_data(self) -> tuple[dict, tuple, str]:
        """The curves shown: computed live for the current settings (button), else the
        cached ones for the defaults; and a label saying which."""
        m = self.model
        if self._live():
            curves, label = self._live_curves[1], f"lengthscale {m.lengthscale:g}, noise {m.noise:g}"
            return curves, CURVE_COUNTS, label
        cached = cached_curves()
        label = "lengthscale {lengthscale:g}, noise {noise:g}".format(**cached["settings"])
        return cached["groups"][m.group.common_symbol], tuple(cached["counts"]), label

    def _live(self) -> bool:
        """Whether the curves computed live are for the current settings."""
        return self._live_curves is not None and self._live_curves[0] == self._settings()

    def _settings(self) -> tuple:
        m = self.model
        return (m.group.common_symbol, m.lattice.matrix.tobytes(), m.lengthscale, m.noise,
                m.truth_lengthscale, m.n_functions, m.resolution)

    def _current(self) -> tuple | None:
        n = len(self.model.points)
        return (n, (self.model.invariant_rmse, self.model.periodic_rmse)) if n else None

    def _curves(self, template=None) -> go.Figure:
        curves, counts, settings = self._curve_data()
        symbol = self.model.group.common_symbol
        return _curves_figure(curves, counts, f"{symbol}: error, mean of {len(curves['prior'])} "
                              f"hidden functions<br><sup>{settings}</sup>", self._current(), template)

    def _show_current(self) -> None:
        """Redraw the curves and their explanation when what they show changed (group,
        settings, live curves); otherwise, as after a click, only move the page's marker."""
        shown = (self._settings(), self._live())
        if shown != self._curves_shown:
            sync_figure(self.curves, self._curves(BARE))
            self._explain()
            self._curves_shown = shown
            return
        marker = next(t for t in self.curves.data if t.name == "this page")
        marker.update(_current_xy(self._current()))

    def _explain(self) -> None:
        curves, counts, label = self._curve_data()
        m = self.model
        symbol = m.group.common_symbol
        order = len(m.group.orbit(np.array([0.1234, 0.3141])))
        invariant = np.asarray(curves["invariant"]).mean(axis=0)
        periodic = np.asarray(curves["periodic"]).mean(axis=0)
        rows = "".join(f"<tr><td>{n}</td><td>{a:.3f}</td><td>{b:.3f}</td></tr>"
                       for n, a, b in zip(counts, invariant, periodic))
        table = (f"<table class='sg-curve-table'><tr><th>observations</th><th>invariant</th>"
                 f"<th>periodic</th></tr>{rows}</table><small>mean RMS error of "
                 f"{len(curves['prior'])} hidden functions ({escape(label)}); without "
                 f"observations {np.mean(curves['prior']):.3f}</small>")
        ell, truth = m.lengthscale, m.truth_lengthscale
        mismatch = ("" if ell == truth else
                    f"; the prior's lengthscale ({ell:g}) is {'longer' if ell > truth else 'shorter'} "
                    f"than the truth's ({truth:g}), so it spreads each value "
                    f"{'too far' if ell > truth else 'too little'}")
        if order == 1:
            self.explanation.value = (
                "<b>When does the invariant prior help?</b> p1 has no symmetry but the lattice's: "
                "its invariant prior is the periodic one, and the two posteriors agree." + table)
            return
        self.explanation.value = (
            f"<b>When does the invariant prior help?</b> A {symbol}-invariant function takes the "
            f"same value at the {order} images of a point (the rings in the middle plot), so each "
            f"observation counts {order} times for the invariant posterior: its error falls "
            "faster, most between a few and a few dozen points, and more for larger groups. With "
            "dense data both posteriors interpolate and the errors meet. With one or two points "
            "both stay near the prior mean 0 and their errors near the error without data, and "
            "either can be ahead: the invariant posterior copies each value to every image, "
            "which pays only as far as the truth really is correlated" + mismatch
            + ". <i>Fit hyperparameters</i> and <i>apply fit</i> estimate the lengthscale "
            "from the data. The invariant prior helps because the truth has the symmetry; for "
            "data without it, it would be the wrong model." + table)

    def _compute_curves(self, button=None) -> None:
        m = self.model

        def apply() -> None:
            settings = {"lengthscale": m.lengthscale, "noise": m.noise,
                        "truth_lengthscale": m.truth_lengthscale, "n_functions": m.n_functions,
                        "resolution": m.resolution}
            curves = error_curves(m.group.common_symbol, CURVE_COUNTS, CURVE_SEEDS[:4], **settings)
            self._live_curves = (self._settings(), curves)
            self._show_current()
        self._update(apply)


#: The GP lab's deep link (``group`` is looked up separately).
GPLAB_LINK = (
    LinkParameter("seed", int, 0, 0, MAX_SEED, doc="the seed of the hidden function"),
    LinkParameter("lengthscale", float, 0.2, MIN_LAB_LENGTHSCALE, MAX_LAB_LENGTHSCALE,
                  doc="the lengthscale"),
    LinkParameter("n", int, 0, 0, 100, doc="the number of random observations"),
)


def gp_lab_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The GP lab dashboard. Deep links: ``group``, ``seed``, ``lengthscale``, ``n`` (random
    observations to start with, at most 100).

    In a notebook: ``gp_lab_dashboard()`` shows the default view;
    ``params`` takes the deep link's parameters as strings, e.g. ``gp_lab_dashboard({"group": "p6m", "n": "20"})``."""
    params = dict(params or {})
    errors: list[str] = []
    notes: list[str] = []
    shown = page_group(params, "p4m", errors, notes, group_tab=False)
    state = GroupState(shown if shown.dim == 2 else "p4m")  # no Group tab: a plane group only
    symbol = state.plane
    values = parse_link(params, GPLAB_LINK, errors)
    seed, lengthscale, count = values["seed"], values["lengthscale"], values["n"]
    lab = GPLab(symbol, seed=seed, lengthscale=lengthscale, state=state)
    if count:
        lab._update(lambda: lab.model.add_random(count))
    link = DeepLink(GPLAB_LINK)
    link.follow(state)
    for trait in ("seed", "lengthscale"):
        link.track(lab.model, trait)
    link.track(lab.model, "points", "n", transform=len)
    dashboard = dashboard_page(lab, link, errors, notes)
    dashboard.lab = lab
    return dashboard
