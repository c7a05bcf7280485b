"""Gaussian processes with crystallographically invariant kernels.

Every function takes the kernel first; a spectral kernel knows its basis. Prior samples
are sums of basis functions with random weights, synthesised on a grid with one inverse FFT
(exactly invariant); posteriors on a grid take one synthesis per observation. Sums and
non-negative scalings of spectral kernels on one basis are spectral kernels too
(:func:`sgexplore.kernels.spectral_form`); :func:`posterior` conditions any tinygp kernel.
Observation-space solves are float64 NumPy; hyperparameter fitting differentiates tinygp's
marginal likelihood with JAX.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg
import scipy.optimize
import tinygp

from .basis import InvariantBasis
from .groups import LimitError, SgexploreError
from .kernels import InvariantKernel, SpectralForm, spectral_form, spectral_kernel
from .limits import MAX_GRID_OBSERVATIONS, MAX_OBSERVATIONS


def _grid_form(kernel, caller: str) -> SpectralForm:
    """The spectral form of ``kernel`` for a function that works on the basis, or a clear
    refusal naming ``caller``."""
    if isinstance(kernel, InvariantBasis):
        raise SgexploreError(f"{caller} takes the kernel first, and the kernel knows its basis: "
                             f"{caller}(spectral_kernel(basis, ...), ...)")
    if not isinstance(kernel, tinygp.kernels.Kernel):
        raise SgexploreError(f"{caller} needs a spectral kernel (spectral_kernel(basis, ...)), "
                             f"got {type(kernel).__name__}")
    try:
        return spectral_form(kernel)
    except SgexploreError as exc:
        raise SgexploreError(f"{caller} works on the basis of a spectral kernel: {exc}") from None


def standard_normal_weights(key: jax.Array, n_samples: int, n: int, dtype) -> jax.Array:
    """(n_samples, n) N(0, 1) draws where draw (s, i) depends only on (key, s, i): the
    weights of shared functions agree between bases of different sizes."""
    def one(sample: int, index: int) -> jax.Array:
        return jax.random.normal(jax.random.fold_in(jax.random.fold_in(key, sample), index), dtype=dtype)

    samples = jnp.arange(n_samples)
    indices = jnp.arange(n)
    return jax.vmap(lambda s: jax.vmap(lambda i: one(s, i))(indices))(samples)


def prior_sample(
    kernel: tinygp.kernels.Kernel,
    shape: tuple[int, ...] = (128, 128),
    seed: int = 0,
    n_samples: int = 1,
) -> jax.Array:
    """Prior samples f = sum_i sqrt(w_i) z_i phi_i on the grid x_j = j / shape.

    Args:
        kernel: a spectral kernel (``spectral_kernel(basis, ...)``), or a sum or
            non-negative scaling of such kernels on one basis (``2.0 * k``, ``k1 + k2``).
        shape: grid shape, one entry per dimension.
        seed: the random seed; the same seed gives the same sample, and a larger basis
            keeps the weights of the functions it shares with a smaller one.
        n_samples: number of independent samples.

    Returns:
        An array of shape (n_samples, *shape).

    Raises:
        SgexploreError: a kernel that is not spectral (see
            :func:`sgexplore.kernels.spectral_form`), or n_samples not a positive integer.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p4m", n=100), lengthscale=0.1)
        >>> prior_sample(kernel, (48, 48), seed=1, n_samples=2).shape
        (2, 48, 48)
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise SgexploreError(f"n_samples must be a positive integer, got {n_samples!r}")
    form = _grid_form(kernel, "prior_sample")
    basis = form.basis
    # Draws for a padded number of functions, cut on the host: the same values (draw (s, i)
    # depends only on s and i) and one compiled program for nearby sizes.
    z = standard_normal_weights(jax.random.PRNGKey(int(seed)), int(n_samples),
                                basis.fourier_terms.padded_size, basis.dtype)
    return basis.synthesize(np.asarray(z, dtype=np.float64)[:, :len(basis)] * np.sqrt(form.weights),
                            shape)


@dataclass(frozen=True, eq=False)
class Posterior:
    """The GP conditioned on observations y at fractional points X with Gaussian noise.

    The observation-space algebra (Cholesky factor, solves, variances) is float64 NumPy
    whatever JAX's precision: in float32 a Gram matrix with repeated points or noise below
    about 1e-3 is not factorisable, and tinygp's float32 solve returned NaN. For the spectral
    kernel the Gram matrix is built in float64 from the features, so it is positive
    semi-definite and needs no jitter (also for sums and scalings of spectral kernels on one
    basis); for other kernels a jitter is added only when the
    factorisation fails, and reported.

    Attributes:
        kernel: the (invariant) kernel.
        X: (P, d) float64 observation points.
        y: (P,) float64 observed values.
        noise: noise standard deviation.
        jitter: variance added to the diagonal beyond noise^2 to factorise the Gram matrix
            (0.0 unless the kernel's own rounding made it indefinite).
    """

    kernel: tinygp.kernels.Kernel
    X: np.ndarray
    y: np.ndarray
    noise: float
    jitter: float = 0.0
    _form: SpectralForm | None = field(default=None, repr=False)
    _factor: np.ndarray = field(default=None, repr=False)
    _alpha: np.ndarray = field(default=None, repr=False)

    def mean(self, Xs) -> np.ndarray:
        """(Q,) float64 posterior mean at fractional points (Q, d)."""
        return _cross(self._form, self.kernel, self._points(Xs), self.X) @ self._alpha

    def variance(self, Xs) -> np.ndarray:
        """(Q,) float64 posterior variance of the noise-free function at points (Q, d)."""
        Xs = self._points(Xs)
        whitened = scipy.linalg.solve_triangular(self._factor, _cross(self._form, self.kernel, Xs, self.X).T,
                                                 lower=True)
        return np.maximum(_diagonal(self._form, self.kernel, Xs) - np.sum(whitened**2, axis=0), 0.0)

    def sample(self, Xs, seed: int = 0, n_samples: int = 1) -> np.ndarray:
        """(n_samples, Q) joint posterior samples at fractional points (Q, d), drawn from the
        eigendecomposition of the posterior covariance (negative rounding clipped), so that
        repeated or symmetry-equivalent points need no jitter."""
        Xs = self._points(Xs)
        cross = _cross(self._form, self.kernel, Xs, self.X)
        whitened = scipy.linalg.solve_triangular(self._factor, cross.T, lower=True)
        covariance = _cross(self._form, self.kernel, Xs, Xs) - whitened.T @ whitened
        values, vectors = np.linalg.eigh((covariance + covariance.T) / 2)
        z = np.asarray(jax.random.normal(jax.random.PRNGKey(int(seed)), (int(n_samples), len(Xs))),
                       dtype=np.float64)
        return cross @ self._alpha + (z * np.sqrt(np.maximum(values, 0.0))) @ vectors.T

    def _points(self, Xs) -> np.ndarray:
        Xs = np.atleast_2d(np.asarray(Xs, dtype=np.float64))
        if Xs.ndim != 2 or Xs.shape[1] != self.X.shape[1] or not np.all(np.isfinite(Xs)):
            raise SgexploreError(f"need finite test points of shape (Q, {self.X.shape[1]})")
        return Xs

    def on_grid(self, shape: tuple[int, ...], prior_variance: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and noise-free variance on the grid x_j = j / shape, by FFT
        (see :func:`posterior_on_grid`; the kernel must be spectral)."""
        return posterior_on_grid(self.kernel, self.X, self.y, self.noise, shape, prior_variance)

    @cached_property
    def log_marginal_likelihood(self) -> float:
        """log p(y | X, kernel, noise) (with ``jitter`` in the noise, if any)."""
        return float(-0.5 * self.y @ self._alpha - np.log(np.diag(self._factor)).sum()
                     - 0.5 * len(self.y) * math.log(2 * math.pi))


def _cross(form: SpectralForm | None, kernel, A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """k(A, B) as float64: for a spectral kernel from its features, so that Gram matrices
    are positive semi-definite to float64 rounding even when JAX computes in float32."""
    if form is not None:
        return (_features(form, A) * form.weights) @ _features(form, B).T
    return np.asarray(kernel(jnp.asarray(A), jnp.asarray(B)), dtype=np.float64)


def _diagonal(form: SpectralForm | None, kernel, A: np.ndarray) -> np.ndarray:
    if form is not None:
        return _features(form, A) ** 2 @ form.weights
    return np.asarray(kernel(jnp.asarray(A)), dtype=np.float64)


def _features(form: SpectralForm, A: np.ndarray) -> np.ndarray:
    """(P, n) float64 basis functions at points (P, d) (evaluated in the basis dtype)."""
    return np.asarray(form.basis(A), dtype=np.float64)


def _cholesky(gram: np.ndarray, noise: float, resolution: float, jitter_allowed: bool
              ) -> tuple[np.ndarray, float]:
    """Lower Cholesky factor of gram + (noise^2 + jitter) I and the jitter used: none when
    gram + noise^2 I factorises in float64, else the smallest of resolution * P * max k(x, x)
    times 1, 10, ..., 10^6 that does (``resolution``: the kernel dtype's machine epsilon)."""
    eye = np.eye(len(gram))
    scale = max(float(np.max(np.diag(gram), initial=0.0)), 1e-300)
    steps = [0.0] + ([resolution * len(gram) * scale * 10.0**k for k in range(7)]
                     if jitter_allowed else [])
    for jitter in steps:
        try:
            return scipy.linalg.cholesky(gram + (noise**2 + jitter) * eye, lower=True), jitter
        except np.linalg.LinAlgError:
            continue
    raise SgexploreError(
        f"the {len(gram)} x {len(gram)} Gram matrix with noise {noise:g} is not positive definite "
        + (f"even with a jitter of {steps[-1]:.3g}" if jitter_allowed else "in float64")
        + ": the observations repeat points (or their images) and the noise is too small; "
        "use a larger noise or drop repeated points")


def _bucketed(rows: np.ndarray) -> np.ndarray:
    """Rows padded with zeros to a power-of-two count, so that JAX sees few shapes."""
    padded = np.zeros((1 << max(len(rows) - 1, 0).bit_length(),) + rows.shape[1:], rows.dtype)
    padded[:len(rows)] = rows
    return padded


def posterior_on_grid(kernel: tinygp.kernels.Kernel, X, y, noise: float, shape: tuple[int, ...],
                      prior_variance: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance of the noise-free function on the grid x_j = j / shape.

    For a spectral kernel k = sum_i w_i phi_i phi_i (``spectral_kernel(basis, ...)``, or a
    sum or non-negative scaling of such kernels on one basis), the mean is
    sum_i w_i phi_i (Phi^T alpha)_i and the variance k(x, x) - |L^-1 v(x)|^2 with
    v_j = sum_i w_i Phi_ji phi_i: one FFT synthesis for the mean and one per observation,
    instead of features at every grid point. The observation-space algebra is float64
    NumPy, and JAX only sees power-of-two batch sizes, so adding an observation compiles
    nothing new. ``prior_variance`` (k(x, x) on the grid, :func:`prior_variance_on_grid`)
    can be reused.

    Raises:
        SgexploreError: a kernel that is not spectral (see
            :func:`sgexplore.kernels.spectral_form`), points or values of the wrong shape
            or not finite, a noise that is not positive, or a Gram matrix that does not
            factorise.
        LimitError: more than ``sgexplore.limits.MAX_GRID_OBSERVATIONS`` observations.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p4m", n=100), lengthscale=0.2)
        >>> mean, var = posterior_on_grid(kernel, [[0.25, 0.5]], [1.0], 1e-3, (8, 8))
        >>> round(float(mean[2, 4]), 3), round(float(mean[4, 2]), 3)   # (0.5, 0.25) is an image
        (1.0, 1.0)
    """
    form = _grid_form(kernel, "posterior_on_grid")
    basis = form.basis
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if len(X) != len(y) or X.shape[1] != basis.dim or not np.all(np.isfinite(X)) \
            or not np.all(np.isfinite(y)):
        raise SgexploreError(f"need finite points of shape (P, {basis.dim}) and P values")
    if len(X) > MAX_GRID_OBSERVATIONS:
        raise LimitError(f"at most sgexplore.limits.MAX_GRID_OBSERVATIONS = {MAX_GRID_OBSERVATIONS} "
                         f"observations on a grid (one grid synthesis each), got {len(X)}")
    if not (math.isfinite(noise) and noise > 0):
        raise SgexploreError(f"noise must be a positive finite number, got {noise}")
    w = form.weights
    phi = _features(form, X)
    chol, _ = _cholesky((phi * w) @ phi.T, noise, 0.0, False)
    alpha = scipy.linalg.cho_solve((chol, True), y)
    mean = np.asarray(basis.synthesize(w * (phi.T @ alpha), shape), dtype=np.float64)
    cross = np.asarray(basis.synthesize(_bucketed(phi * w), shape), dtype=np.float64)[:len(phi)]
    whitened = scipy.linalg.solve_triangular(chol, cross.reshape(len(phi), -1), lower=True)
    if prior_variance is None:
        prior_variance = _prior_variance(form, mean.shape)
    variance = np.asarray(prior_variance).reshape(-1) - np.sum(whitened**2, axis=0)
    return mean, np.maximum(variance, 0.0).reshape(mean.shape)


def prior_variance_on_grid(kernel: tinygp.kernels.Kernel, shape: tuple[int, ...],
                           chunk: int = 128) -> np.ndarray:
    """k(x, x) = sum_i w_i phi_i(x)^2 on the grid x_j = j / shape for a spectral kernel
    (as in :func:`posterior_on_grid`). It varies over the cell (larger on mirrors and
    rotation centres). Each block of ``chunk`` functions is synthesised by FFT, so memory
    stays at chunk grids.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p4m", n=100), lengthscale=0.2)
        >>> variance = prior_variance_on_grid(2.0 * kernel, (16, 16))
        >>> round(float(variance.mean()), 6)   # the mean of k(x, x) is 2 amplitude^2
        2.0
    """
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise SgexploreError(f"chunk must be a positive integer, got {chunk!r}")
    return _prior_variance(_grid_form(kernel, "prior_variance_on_grid"), shape, int(chunk))


def _prior_variance(form: SpectralForm, shape: tuple[int, ...], chunk: int = 128) -> np.ndarray:
    w = form.weights
    total = None
    for start in range(0, len(w), chunk):
        rows = np.eye(len(w))[start:start + chunk]
        values = np.asarray(form.basis.synthesize(_bucketed(rows), shape),
                            dtype=np.float64)[:len(rows)]
        part = np.einsum("i,i...->...", w[start:start + chunk], values**2)
        total = part if total is None else total + part
    return total


def _observations(X, y, noise) -> tuple[np.ndarray, np.ndarray, float]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise SgexploreError(f"need X of shape (P, d) and y of shape (P,), got {X.shape} and {y.shape}")
    if X.shape[0] > MAX_OBSERVATIONS:
        raise LimitError(f"at most sgexplore.limits.MAX_OBSERVATIONS = {MAX_OBSERVATIONS:,} "
                         f"observations (a dense float64 solve), got {X.shape[0]:,}")
    try:
        noise = float(noise)
    except (TypeError, ValueError):
        raise SgexploreError(f"noise must be a positive finite number, got {noise!r}") from None
    if not math.isfinite(noise) or noise <= 0:
        raise SgexploreError(f"noise must be a positive finite number, got {noise}")
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(y)):
        raise SgexploreError("observations must be finite")
    return X, y, noise


def posterior(kernel: tinygp.kernels.Kernel, X, y, noise: float) -> Posterior:
    """Condition a GP with ``kernel`` on observations ``y`` at fractional points ``X``.

    Any tinygp kernel works. A spectral kernel (``spectral_kernel(basis, ...)``, or a sum
    or non-negative scaling of such kernels on one basis) is evaluated from its features in
    float64; any other (a product of kernels, a ``GroupAveragedKernel``) by tinygp. The
    solve is float64 NumPy whatever JAX's precision (see ``Posterior``), so repeated points
    and tiny noise stay finite; at most ``sgexplore.limits.MAX_OBSERVATIONS`` observations
    (``LimitError``).

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p2", n=60), lengthscale=0.2)
        >>> post = posterior(kernel, np.array([[0.2, 0.3]]), np.array([1.0]), noise=1e-3)
        >>> round(float(post.mean(np.array([[0.8, 0.7]]))[0]), 3)   # the image under -x, -y
        1.0
    """
    if not isinstance(kernel, tinygp.kernels.Kernel):
        raise SgexploreError(f"posterior needs a tinygp kernel (e.g. spectral_kernel(basis)), "
                             f"got {type(kernel).__name__}")
    X, y, noise = _observations(X, y, noise)
    try:
        form = spectral_form(kernel)
    except SgexploreError:
        form = None
    if form is not None and X.shape[1] != form.basis.dim:
        raise SgexploreError(f"need X of shape (P, {form.basis.dim}), got {X.shape}")
    # The precision the kernel computes in (the size of its rounding), for the jitter scale.
    dtype = (form.basis.dtype if form is not None
             else jnp.asarray(kernel(jnp.asarray(X[:1]), jnp.asarray(X[:1]))).dtype if len(X)
             else np.float64)
    factor, jitter = _cholesky(_cross(form, kernel, X, X), noise, float(jnp.finfo(dtype).eps), True)
    alpha = scipy.linalg.cho_solve((factor, True), y)
    return Posterior(kernel, X, y, noise, jitter, form, factor, alpha)


def _negative_log_likelihood(log_params: jax.Array, base: InvariantKernel, X, y, mask) -> jax.Array:
    """-log p(y) of the observations where ``mask`` is 1; the others (padding, y = 0) are
    cut off from the rest (zero covariance, unit variance), so they add nothing: the value
    and its gradient are those of the real observations alone, and one compiled program
    serves every number of observations up to the padded size."""
    ell, amp, sigma = jnp.exp(log_params)
    kernel = eqx.tree_at(lambda k: (k.lengthscale, k.amplitude), base, (ell, amp))
    cov = kernel(X, X) * (mask[:, None] * mask[None, :])
    cov = cov + jnp.diag(jnp.where(mask > 0, sigma**2, 1.0))
    factor = jnp.linalg.cholesky(cov)
    alpha = jax.scipy.linalg.solve_triangular(factor, y, lower=True)
    return (0.5 * alpha @ alpha + jnp.sum(jnp.log(jnp.diag(factor)))
            + 0.5 * jnp.sum(mask) * jnp.log(2 * jnp.pi))


# Data and basis constants are arguments, not closure constants: XLA would otherwise try to
# constant-fold the feature matrix at compile time.
_value_and_grad = eqx.filter_jit(jax.value_and_grad(_negative_log_likelihood))


def _fit_size(count: int) -> int:
    """The padded number of observations a fit compiles for: a power of two, at least 8."""
    return max(8, 1 << max(count - 1, 0).bit_length())


@dataclass(frozen=True)
class Fit:
    """Hyperparameters maximising the marginal likelihood.

    Attributes:
        lengthscale, amplitude, noise: fitted values.
        log_marginal_likelihood: at the optimum.
        kernel: the fitted kernel.
        converged: whether the optimiser reported success.
    """

    lengthscale: float
    amplitude: float
    noise: float
    log_marginal_likelihood: float
    kernel: InvariantKernel
    converged: bool


def fit(kernel: InvariantKernel, X, y, noise: float = 0.1) -> Fit:
    """Fit the lengthscale and amplitude of a spectral kernel, and the noise, by maximising
    the marginal likelihood (L-BFGS on log-parameters from the kernel's own values and
    ``noise``, gradients by JAX through tinygp); spectrum and nu stay fixed.

    Raises:
        SgexploreError: ``kernel`` is not one ``InvariantKernel`` (a sum or scaling has no
            single lengthscale to fit), or bad observations (as :func:`posterior`).

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p2", n=30), lengthscale=0.3)
        >>> X = np.random.default_rng(0).random((20, 2))
        >>> result = fit(kernel, X, np.cos(2 * np.pi * X[:, 0]), noise=0.1)
        >>> result.kernel.spectrum, result.noise > 0
        ('heat', True)
    """
    if isinstance(kernel, InvariantBasis):
        raise SgexploreError("fit takes the kernel first, and the kernel knows its basis: "
                             "fit(spectral_kernel(basis, ...), X, y, noise=...)")
    if not isinstance(kernel, InvariantKernel) or kernel.basis is None:
        raise SgexploreError(
            f"fit tunes the lengthscale and amplitude of one spectral kernel "
            f"(spectral_kernel(basis, ...)), got {type(kernel).__name__}: a sum or product of "
            "kernels has no single lengthscale to fit")
    X, y, noise = _observations(X, y, noise)
    basis = kernel.basis
    if X.shape[1] != basis.dim:
        raise SgexploreError(f"need X of shape (P, {basis.dim}), got {X.shape}")
    # The basis is host-side context that the traced computation never reads: without it,
    # every new basis object of the same size reuses one compiled program.
    base = replace(kernel, basis=None)
    # Padded to a power of two (masked out of the likelihood): one more observation
    # compiles nothing new, so a fit in the GP lab takes the optimiser's time only.
    size = _fit_size(len(X))
    mask = jnp.asarray(np.arange(size) < len(X), dtype=basis.dtype)
    X = jnp.asarray(np.concatenate([X, np.full((size - len(X), X.shape[1]), 0.5)]), dtype=basis.dtype)
    y = jnp.asarray(np.concatenate([y, np.zeros(size - len(y))]), dtype=basis.dtype)

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = _value_and_grad(jnp.asarray(params, dtype=basis.dtype), base, X, y, mask)
        return float(value), np.asarray(grad, dtype=np.float64)

    start = np.log([float(kernel.lengthscale), float(kernel.amplitude), noise])
    result = scipy.optimize.minimize(objective, start, jac=True, method="L-BFGS-B",
                                     bounds=[(-9.0, 5.0), (-9.0, 9.0), (-14.0, 5.0)])
    ell, amp, sigma = (float(v) for v in np.exp(result.x))
    return Fit(ell, amp, sigma, -float(result.fun),
               spectral_kernel(basis, kernel.spectrum, ell, amp, float(kernel.nu)),
               bool(result.success))
