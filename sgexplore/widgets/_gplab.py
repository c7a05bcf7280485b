"""GPLab: what symmetry buys a Gaussian process. A hidden function drawn from the invariant
GP of a wallpaper group is observed at a few points; the posterior under the invariant
kernel is set beside the posterior under an ordinary periodic kernel (group p1, same
lattice, spectrum and frequency cut-off), with their errors and marginal likelihoods, and
the hyperparameters of both can be fitted by maximum likelihood."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets
from plotly.subplots import make_subplots

from ..basis import invariant_basis
from ..gp import fit, posterior, posterior_on_grid
from ..groups import LimitError, SgexploreError
from ..kernels import spectral_kernel
from ..limits import MAX_GRID_OBSERVATIONS, MAX_SEED
from ._base import GroupState, StatusLine, group_dropdown, sync_figure
from ._figure import FigureWidget
from ._links import LinkParameter, parse_link
from ._page import DeepLink, dashboard_page, page_group
from ._plane import PlaneGroupModel

SPECTRUM = "matern"
NU = 1.5


class GPLabModel(PlaneGroupModel):
    """The lab's state. ``truth`` is sum_i sqrt(w_i) z_i phi_i with z ~ N(0, 1) (seed), a
    sample of the invariant prior with lengthscale ``truth_lengthscale``; ``points`` are
    where it is observed, and each observation is truth(x) + noise (noise fixed per point
    by the seed), so changing the group or seed re-observes the same points. The two
    posteriors are computed on the grid with ``posterior_on_grid``.

    Attributes (results): truth, invariant_mean, periodic_mean (grids); invariant_rmse,
    periodic_rmse (root mean square error against the truth over the cell); invariant_lml,
    periodic_lml (log marginal likelihood of the observations, None without any).
    """

    lengthscale = traitlets.Float(0.2)
    truth_lengthscale = traitlets.Float(0.15)
    noise = traitlets.Float(0.05)
    n_functions = traitlets.Int(120)
    seed = traitlets.Int(0)
    resolution = traitlets.Int(64)
    points = traitlets.List()
    truth = traitlets.Any()
    invariant_mean = traitlets.Any()
    periodic_mean = traitlets.Any()
    invariant_rmse = traitlets.Float(0.0)
    periodic_rmse = traitlets.Float(0.0)
    invariant_lml = traitlets.Any(None)
    periodic_lml = traitlets.Any(None)

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "lengthscale", "truth_lengthscale", "noise", "n_functions",
                "seed", "resolution", "points"]

    @property
    def shape(self) -> tuple[int, int]:
        return (self.resolution, self.resolution)

    def bases(self):
        """The invariant basis and the periodic (p1) basis with the same eigenvalue cut-off."""
        invariant = invariant_basis(self.group, n=self.n_functions, lattice=self.lattice)
        periodic = invariant_basis("p1", max_eigenvalue=float(invariant.eigenvalues[-1]),
                                   lattice=self.lattice)
        return invariant, periodic

    def kernels(self, lengthscale: float | None = None):
        if not self.lengthscale > 0 or not self.noise > 0:
            raise SgexploreError("lengthscale and noise must be positive")
        ell = self.lengthscale if lengthscale is None else lengthscale
        invariant, periodic = self.bases()
        return ((invariant, spectral_kernel(invariant, SPECTRUM, ell, nu=NU)),
                (periodic, spectral_kernel(periodic, SPECTRUM, ell, nu=NU)))

    def _truth_coefficients(self, basis) -> np.ndarray:
        weights = spectral_kernel(basis, SPECTRUM, self.truth_lengthscale, nu=NU).weights()
        z = np.random.default_rng(self.seed).standard_normal(len(basis))
        return np.sqrt(np.asarray(weights, dtype=np.float64)) * z

    def truth_at(self, points) -> np.ndarray:
        """The hidden function at fractional points (P, 2), exactly."""
        basis = invariant_basis(self.group, n=self.n_functions, lattice=self.lattice)
        values = np.asarray(basis(np.atleast_2d(np.asarray(points, dtype=np.float64))))
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

    def _compute(self) -> None:
        if len(self.points) > MAX_GRID_OBSERVATIONS:
            raise LimitError(f"at most {MAX_GRID_OBSERVATIONS} observations (sgexplore.limits."
                             f"MAX_GRID_OBSERVATIONS: one grid each), got {len(self.points)}")
        (basis, kernel), (periodic, periodic_kernel) = self.kernels()
        truth = np.asarray(basis.synthesize(self._truth_coefficients(basis), self.shape),
                           dtype=np.float64)
        means, errors, lmls = [], [], []
        data = self.observations
        for b, k in ((basis, kernel), (periodic, periodic_kernel)):
            if len(data):
                mean, _ = posterior_on_grid(k, data[:, :2], data[:, 2], self.noise, self.shape)
                lml = float(posterior(k, data[:, :2], data[:, 2], self.noise).log_marginal_likelihood)
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

    def observe_at(self, points) -> None:
        """Observe the truth (plus noise) at fractional points (P, 2)."""
        points = np.mod(np.atleast_2d(np.asarray(points, dtype=np.float64)), 1.0)
        self.points = [*self.points, *([float(x), float(y)] for x, y in points)]

    def add_random(self, count: int = 5) -> None:
        rng = np.random.default_rng([self.seed, 7, len(self.points)])
        self.observe_at(rng.random((count, 2)))

    def fit(self) -> dict[str, dict[str, float]]:
        """Maximum-likelihood lengthscale, amplitude and noise for both kernels."""
        if len(self.points) < 2:
            raise SgexploreError("fitting needs at least 2 observations")
        data = self.observations
        results = {}
        for name, (_, kernel) in zip(("invariant", "periodic"), self.kernels()):
            f = fit(kernel, data[:, :2], data[:, 2], noise=self.noise)
            results[name] = {"lengthscale": f.lengthscale, "amplitude": f.amplitude,
                             "noise": f.noise, "log_marginal_likelihood": f.log_marginal_likelihood}
        return results


class GPLab(StatusLine, widgets.VBox):
    """The lab's view: the hidden truth with the observations (click it to observe a point),
    the invariant posterior mean and the periodic posterior mean side by side. Its group
    is ``state.plane`` (a ``GroupState``), linked to the dropdown and the model."""

    def __init__(self, group: str = "p4m", seed: int = 0, lengthscale: float = 0.2,
                 state: GroupState | None = None) -> None:
        self.model = GPLabModel(group, seed=seed, lengthscale=lengthscale)
        self.state = state if state is not None else GroupState(self.model.group)
        self.last_update_ms = 0.0
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.group_select = group_dropdown(self.state.plane)
        self.lengthscale = widgets.BoundedFloatText(value=lengthscale, min=0.01, max=2.0, step=0.05,
                                                    description="lengthscale")
        self.noise = widgets.BoundedFloatText(value=self.model.noise, min=1e-4, max=1.0, step=0.01,
                                              description="noise")
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**6, description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.random_button = widgets.Button(description="observe 5 random points")
        self.random_button.add_class("sg-random")
        self.fit_button = widgets.Button(description="fit hyperparameters")
        self.fit_button.add_class("sg-fit")
        self.clear = widgets.Button(description="clear observations")
        self.results = widgets.HTML()
        self.results.add_class("sg-lab-results")
        self.figure = FigureWidget(self._figure())
        self.figure.data[0].on_click(self._on_click)
        self._follow(self.state, "plane", (self.group_select, "value"), (self.model, "symbol"))
        for control, trait in ((self.lengthscale, "lengthscale"), (self.noise, "noise"),
                               (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._set(t, c["new"]), "value")
        self.random_button.on_click(lambda b: self._update(self.model.add_random))
        self.clear.on_click(lambda b: self._set("points", []))
        self.fit_button.on_click(self._fit)
        self.model.observe(self._redraw, ["truth", "invariant_mean", "periodic_mean"])
        self.model.observe(lambda c: self._done(), "error")
        super().__init__([
            widgets.HBox([self.group_select, self.lengthscale, self.noise, self.seed]),
            widgets.HBox([self.random_button, self.fit_button, self.clear]),
            self.status, self.figure, self.results])
        self.add_class("sg-gp-lab")
        self._show_results()
        self._done()

    def _set(self, trait: str, value) -> None:
        self._update(lambda: setattr(self.model, trait, value))

    def _info(self) -> str:
        m = self.model
        n = len(m.points)
        if not n:
            return f"{m.group.common_symbol}: hidden truth drawn from the invariant prior; no observations yet"
        return (f"{m.group.common_symbol}, {n} observation(s): error of the posterior mean "
                f"{m.invariant_rmse:.3f} invariant vs {m.periodic_rmse:.3f} periodic")

    def _figure(self) -> go.Figure:
        m = self.model
        titles = ("hidden truth (click to observe)",
                  f"invariant kernel ({m.group.common_symbol}): error {m.invariant_rmse:.3f}",
                  f"periodic kernel (p1): error {m.periodic_rmse:.3f}")
        figure = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.04)
        scale = float(np.abs(m.truth).max()) or 1.0
        n = m.resolution
        corners = np.arange(n) / n
        for col, values in enumerate((m.truth, m.invariant_mean, m.periodic_mean), start=1):
            figure.add_trace(go.Heatmap(x=corners, y=corners, z=np.asarray(values).T, zmin=-scale,
                                        zmax=scale, colorscale="RdBu_r", showscale=col == 3,
                                        name=("truth", "invariant", "periodic")[col - 1],
                                        hovertemplate="x=%{x:.3f}, y=%{y:.3f}: %{z:.3f}<extra></extra>"),
                             1, col)
        data = np.asarray(m.points, dtype=float).reshape(-1, 2)
        for col in (1, 2, 3):
            figure.add_trace(go.Scatter(x=data[:, 0], y=data[:, 1], mode="markers",
                                        name="observations", showlegend=False,
                                        marker={"color": "black", "size": 7, "symbol": "x"}), 1, col)
        for col in (1, 2, 3):
            figure.update_xaxes(range=[0, 1], title_text="x (fractional)", row=1, col=col)
            figure.update_yaxes(range=[0, 1], scaleanchor=f"x{'' if col == 1 else col}", row=1, col=col,
                                showticklabels=col == 1)
        figure.update_layout(height=420, margin={"l": 40, "r": 10, "t": 50, "b": 40})
        return figure

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            self._update(lambda: self.model.observe_at([[points.xs[0], points.ys[0]]]))

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error or self.model.truth is None:
            return
        sync_figure(self.figure, self._figure)
        self._show_results()

    def _show_results(self, fitted: dict | None = None) -> None:
        m = self.model
        rows = [("error of the posterior mean (RMS over the cell)",
                 f"{m.invariant_rmse:.4f}", f"{m.periodic_rmse:.4f}"),
                ("log marginal likelihood of the observations",
                 *(f"{v:.2f}" if v is not None else "-" for v in (m.invariant_lml, m.periodic_lml)))]
        if fitted:
            for key in ("lengthscale", "noise", "log_marginal_likelihood"):
                rows.append((f"fitted {key.replace('_', ' ')}",
                             *(f"{fitted[name][key]:.4g}" for name in ("invariant", "periodic"))))
        body = "".join(f"<tr><td>{escape(a)}</td><td class='sg-invariant'>{b}</td>"
                       f"<td class='sg-periodic'>{c}</td></tr>" for a, b, c in rows)
        self.results.value = (f"<table><tr><th></th><th>invariant ({escape(m.group.common_symbol)})</th>"
                              f"<th>periodic (p1)</th></tr>{body}</table>")

    def _fit(self, button=None) -> None:
        fitted: dict = {}

        def apply() -> None:
            try:
                fitted.update(self.model.fit())
            except SgexploreError as exc:
                self.model.error = str(exc)
        self._update(apply)
        if fitted:
            self._show_results(fitted)
        self.fitted = fitted


#: The GP lab's deep link (``group`` is looked up separately).
GPLAB_LINK = (
    LinkParameter("seed", int, 0, 0, MAX_SEED, doc="the seed of the hidden function"),
    LinkParameter("lengthscale", float, 0.2, 0.01, 2.0, doc="the lengthscale"),
    LinkParameter("n", int, 0, 0, 100, doc="the number of random observations"),
)


def gp_lab_dashboard(params: dict[str, str]) -> widgets.VBox:
    """The GP lab dashboard. Deep links: ``group``, ``seed``, ``lengthscale``, ``n`` (random
    observations to start with, at most 100)."""
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
    link = DeepLink(group=symbol, seed=seed, lengthscale=lengthscale, n=len(lab.model.points))
    link.follow(state)
    for trait in ("seed", "lengthscale"):
        lab.model.observe(lambda c, t=trait: link.update(**{t: c["new"]}), trait)
    lab.model.observe(lambda c: link.update(n=len(c["new"])), "points")
    dashboard = dashboard_page(lab, link, errors, notes)
    dashboard.lab = lab
    return dashboard
