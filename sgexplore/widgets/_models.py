"""State models of the explorers: plain HasTraits objects that call the public numeric API.

They hold the user's choices and the computed results, never widgets, so they can be
driven and tested without a browser.
"""

from __future__ import annotations

import numpy as np
import traitlets

from ..basis import BasisTooLargeError, invariant_basis
from ..groups import (
    CrystallographicGroup,
    Lattice,
    LatticeError,
    LimitError,
    SgexploreError,
    UnknownGroupError,
    WallpaperGroup,
    wallpaper_group,
)
# Documented caps (sgexplore.limits): beyond these a request is refused with a message.
from ..limits import MAX_FUNCTIONS, MAX_GRID_OBSERVATIONS, MAX_RESOLUTION, MAX_RESOLUTION_3D

EXPECTED_ERRORS = (UnknownGroupError, LatticeError, BasisTooLargeError, ValueError)


def _finite(name: str, values: np.ndarray) -> np.ndarray:
    """``values``, or a refusal when any is NaN or infinite: a figure of NaN is no answer."""
    bad = int(np.size(values) - np.count_nonzero(np.isfinite(values)))
    if bad:
        raise SgexploreError(f"the {name} is not finite at {bad:,} of {np.size(values):,} grid "
                             "points (the numbers overflow); use values of moderate size")
    return values


class LatticeModel(traitlets.HasTraits):
    """The free lattice parameters of a group, and the lattice they give (or an error)."""

    group = traitlets.Instance(CrystallographicGroup)
    parameters = traitlets.Dict()
    lattice = traitlets.Instance(Lattice)
    error = traitlets.Unicode("")

    def __init__(self, group: CrystallographicGroup, **kwargs) -> None:
        super().__init__(group=group, parameters=dict(group.lattice_rule.defaults),
                         lattice=group.default_lattice, **kwargs)

    @traitlets.observe("group")
    def _reset(self, change: dict) -> None:
        self.parameters = dict(change["new"].lattice_rule.defaults)

    @traitlets.observe("parameters")
    def _resolve(self, change: dict) -> None:
        try:
            lattice = self.group.lattice(**change["new"])
        except LatticeError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.lattice = lattice

    def set(self, name: str, value: float) -> None:
        """Change one free parameter (refused with ``error`` if not free or not valid)."""
        if name not in self.group.lattice_rule.free:
            self.error = (f"{name} is not a free parameter of {self.group.symbol} "
                          f"(free: {', '.join(self.group.lattice_rule.free)})")
            return
        self.parameters = {**self.parameters, name: float(value)}


class _Recomputing(traitlets.HasTraits):
    """A model whose results come from ``_compute``; expected failures become ``error``."""

    error = traitlets.Unicode("")

    def recompute(self) -> None:
        try:
            self._compute()
        except EXPECTED_ERRORS as exc:
            self.error = str(exc)
        else:
            self.error = ""

    def _compute(self) -> None:
        raise NotImplementedError


class _GroupModel(_Recomputing):
    """A wallpaper group chosen by symbol, with its lattice and an error message."""

    symbol = traitlets.Unicode("p4m")
    group = traitlets.Instance(WallpaperGroup)
    lattice = traitlets.Instance(Lattice)

    def __init__(self, symbol: str = "p4m", **kwargs) -> None:
        g = wallpaper_group(symbol)
        super().__init__(symbol=symbol, group=g, lattice=g.default_lattice, **kwargs)
        self.observe(self._resolve_symbol, "symbol")
        self.observe(self._recompute, self._inputs())
        self.recompute()

    def _inputs(self) -> list[str]:
        return ["group", "lattice"]

    def _resolve_symbol(self, change: dict) -> None:
        try:
            g = wallpaper_group(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)
            return
        with self.hold_trait_notifications():
            self.group = g
            self.lattice = g.default_lattice

    def _recompute(self, change: dict) -> None:
        self.recompute()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.resolution, self.resolution)

    def _check_resolution(self) -> None:
        if not 8 <= self.resolution <= MAX_RESOLUTION:
            raise ValueError(f"grid resolution must be between 8 and {MAX_RESOLUTION}, "
                             f"got {self.resolution}")


class BasisModel(_GroupModel):
    """One invariant basis function on a fractional grid, and a gallery of the first ones.

    Attributes (traits): ``index`` of the function; ``resolution`` of the grid (per cell);
    results ``field`` ((resolution, resolution) float array), ``eigenvalue``, ``level``
    (its multiplicity and the index range of its eigenspace) and ``eigenvalues`` of all
    functions up to ``index``.
    """

    index = traitlets.Int(1)
    resolution = traitlets.Int(256)
    gallery_size = traitlets.Int(8)
    field = traitlets.Any()
    eigenvalue = traitlets.Float(0.0)
    eigenvalues = traitlets.Any()

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "index", "resolution"]

    def basis(self, n: int):
        return invariant_basis(self.group, n=n, lattice=self.lattice)

    def _compute(self) -> None:
        self._check_resolution()
        if not 0 <= self.index < MAX_FUNCTIONS:
            raise ValueError(f"function index must be between 0 and {MAX_FUNCTIONS - 1}, got {self.index}")
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


class GPModel(_GroupModel):
    """Prior samples and the posterior of an invariant Gaussian process on a grid.

    Observations are (x, y, value) in fractional coordinates. Without observations
    ``mean`` is a prior sample and ``std`` is None; with them, ``mean`` and ``std`` are
    the posterior mean and standard deviation of the noise-free function.
    """

    spectrum = traitlets.Unicode("matern")
    lengthscale = traitlets.Float(0.25)
    nu = traitlets.Float(1.5)
    n_functions = traitlets.Int(400)
    seed = traitlets.Int(0)
    noise = traitlets.Float(1e-3)
    resolution = traitlets.Int(192)
    observations = traitlets.List()
    mean = traitlets.Any()
    std = traitlets.Any()
    _prior_variance: tuple = (None, None)

    def _inputs(self) -> list[str]:
        return ["group", "lattice", "spectrum", "lengthscale", "nu", "n_functions", "seed",
                "noise", "resolution", "observations"]

    def kernel(self):
        from ..kernels import spectral_kernel

        if not 1 <= self.n_functions <= MAX_FUNCTIONS:
            raise ValueError(f"number of basis functions must be between 1 and {MAX_FUNCTIONS}, "
                             f"got {self.n_functions}")
        if not self.lengthscale > 0:
            raise ValueError(f"lengthscale must be positive, got {self.lengthscale}")
        basis = invariant_basis(self.group, n=self.n_functions, lattice=self.lattice)
        return basis, spectral_kernel(basis, self.spectrum, lengthscale=self.lengthscale, nu=self.nu)

    def _compute(self) -> None:
        from ..gp import posterior_on_grid, prior_sample

        self._check_resolution()
        if len(self.observations) > MAX_GRID_OBSERVATIONS:
            raise LimitError(f"at most {MAX_GRID_OBSERVATIONS} observations (sgexplore.limits."
                             f"MAX_GRID_OBSERVATIONS: one grid each), got {len(self.observations)}")
        basis, kernel = self.kernel()
        if not self.observations:
            sample = _finite("prior sample", np.asarray(prior_sample(kernel, self.shape,
                                                                     seed=self.seed, n_samples=1)[0]))
            self.std = None
            self.mean = sample
            return
        data = np.asarray(self.observations, dtype=np.float64)
        mean, variance = posterior_on_grid(kernel, data[:, :2], data[:, 2], self.noise,
                                           self.shape, self._prior_variance_on_grid(basis, kernel))
        mean = _finite("posterior mean", mean)
        self.std = _finite("posterior standard deviation", np.sqrt(variance))
        self.mean = mean

    def _prior_variance_on_grid(self, basis, kernel) -> np.ndarray:
        """k(x, x) on the grid, cached: it depends on the kernel, not on the observations."""
        from ..gp import prior_variance_on_grid

        key = (self.group, self.lattice.matrix.tobytes(), self.spectrum, self.lengthscale,
               self.nu, self.n_functions, self.shape)
        if self._prior_variance[0] != key:
            self._prior_variance = (key, prior_variance_on_grid(kernel, self.shape))
        return self._prior_variance[1]

    def add_observation(self, x: float, y: float, value: float) -> None:
        """Condition on f(x, y) = value (fractional x, y); every symmetric image follows."""
        self.observations = [*self.observations, [float(x), float(y), float(value)]]

    def warm_up(self) -> None:
        """Compile the posterior path (features, synthesis, k(x, x) on the grid) once, so
        that the first click is quick; safe to call from a background thread."""
        from ..gp import posterior_on_grid

        basis, kernel = self.kernel()
        prior_variance = self._prior_variance_on_grid(basis, kernel)
        for count in (1, 2, 4, 8, 16):  # the power-of-two batch sizes of the first clicks
            points = np.random.default_rng(count).random((count, 2))
            posterior_on_grid(kernel, points, np.zeros(count), self.noise, self.shape,
                              prior_variance)


class OrbifoldModel(_GroupModel):
    """A point of the plane, its orbit, its representative in the fundamental domain and its
    image on the orbifold surface."""

    point = traitlets.Any(np.array([0.13, 0.07]))
    cells = traitlets.Int(2)
    orbit = traitlets.Any()
    representative = traitlets.Any()
    image = traitlets.Any()

    def _inputs(self) -> list[str]:
        return ["group", "point", "cells"]

    def _compute(self) -> None:
        from ..orbifold import orbifold_embedding

        point = np.asarray(self.point, dtype=np.float64).reshape(2)
        images = self.group.orbit(point)
        shifts = np.array([[i, j] for i in range(-1, self.cells + 1) for j in range(-1, self.cells + 1)])
        tiled = (images[:, None, :] + shifts[None]).reshape(-1, 2)
        keep = np.all((tiled > -1e-9) & (tiled < self.cells + 1e-9), axis=1)
        inside = self.group.fundamental_domain.contains(tiled, tolerance=1e-9)
        self.representative = tiled[inside][0] if inside.any() else images[0]
        self.image = orbifold_embedding(self.group, 3)(self.representative)
        self.orbit = tiled[keep]  # last: views redraw when the orbit changes



class SpaceGroupModel(_Recomputing):
    """A basis function or a GP prior sample of a space group on a 3D fractional grid.

    ``mode`` is ``"basis"`` (function ``index``) or ``"gp"`` (prior sample with ``seed`` and
    ``lengthscale``); ``field`` is the (r, r, r) grid, or None with ``error`` set.
    """

    symbol = traitlets.Unicode("Fm-3m")
    group = traitlets.Instance(CrystallographicGroup)
    mode = traitlets.Unicode("basis")
    index = traitlets.Int(1)
    seed = traitlets.Int(0)
    lengthscale = traitlets.Float(0.3)
    resolution = traitlets.Int(48)
    field = traitlets.Any()
    eigenvalue = traitlets.Float(0.0)

    def __init__(self, symbol: str = "Fm-3m", **kwargs) -> None:
        from ..groups import space_group

        super().__init__(symbol=symbol, group=space_group(symbol), **kwargs)
        self.observe(self._resolve_symbol, "symbol")
        self.observe(lambda change: self.recompute(), ["group", "mode", "index", "seed",
                                                      "lengthscale", "resolution"])
        self.recompute()

    def _resolve_symbol(self, change: dict) -> None:
        from ..groups import space_group

        try:
            self.group = space_group(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)

    def _compute(self) -> None:
        if not 8 <= self.resolution <= MAX_RESOLUTION_3D:
            raise ValueError(f"3D grid resolution must be between 8 and {MAX_RESOLUTION_3D}, "
                             f"got {self.resolution}")
        shape = (self.resolution,) * 3
        if self.mode == "gp":
            from ..gp import prior_sample
            from ..kernels import spectral_kernel

            if not self.lengthscale > 0:
                raise ValueError(f"lengthscale must be positive, got {self.lengthscale}")
            basis = invariant_basis(self.group, n=400)
            self.field = _finite("prior sample", np.asarray(prior_sample(
                spectral_kernel(basis, "matern", lengthscale=self.lengthscale), shape,
                seed=self.seed)[0]))
            return
        if self.mode != "basis":
            raise ValueError(f"mode must be 'basis' or 'gp', got {self.mode!r}")
        if not 0 <= self.index < MAX_FUNCTIONS:
            raise ValueError(f"function index must be between 0 and {MAX_FUNCTIONS - 1}, got {self.index}")
        basis = invariant_basis(self.group, n=max(self.index + 1, 16))
        onehot = np.zeros(len(basis))
        onehot[self.index] = 1.0
        self.eigenvalue = float(basis.eigenvalues[self.index])
        self.field = np.asarray(basis.synthesize(onehot, shape))
