"""Gaussian processes with crystallographically invariant kernels.

Prior samples are sums of basis functions with random weights, synthesised on a grid with
one inverse FFT (exactly invariant); posteriors and marginal likelihoods come from tinygp.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg
import scipy.optimize
import tinygp

from .basis import InvariantBasis
from .kernels import InvariantKernel, spectral_kernel

# Largest number of observations a posterior accepts (a dense n x n solve).
MAX_OBSERVATIONS = 20_000


def _kernel(basis: InvariantBasis, kernel_params: InvariantKernel | Mapping | None) -> InvariantKernel:
    if isinstance(kernel_params, InvariantKernel):
        if kernel_params.size != len(basis):
            raise ValueError("the kernel was built on a basis of a different size")
        return kernel_params
    return spectral_kernel(basis, **dict(kernel_params or {}))


def standard_normal_weights(key: jax.Array, n_samples: int, n: int, dtype) -> jax.Array:
    """(n_samples, n) N(0, 1) draws where draw (s, i) depends only on (key, s, i): the
    weights of shared functions agree between bases of different sizes."""
    def one(sample: int, index: int) -> jax.Array:
        return jax.random.normal(jax.random.fold_in(jax.random.fold_in(key, sample), index), dtype=dtype)

    samples = jnp.arange(n_samples)
    indices = jnp.arange(n)
    return jax.vmap(lambda s: jax.vmap(lambda i: one(s, i))(indices))(samples)


def prior_sample(
    basis: InvariantBasis,
    kernel_params: InvariantKernel | Mapping | None = None,
    shape: tuple[int, ...] = (128, 128),
    seed: int = 0,
    n_samples: int = 1,
) -> jax.Array:
    """Prior samples f = sum_i sqrt(w_i) z_i phi_i on the grid x_j = j / shape.

    Args:
        basis: the invariant basis.
        kernel_params: an ``InvariantKernel`` or keyword arguments of ``spectral_kernel``
            (``spectrum``, ``lengthscale``, ``amplitude``, ``nu``).
        shape: grid shape, one entry per dimension.
        seed: the random seed; the same seed gives the same sample, and a larger basis
            keeps the weights of the functions it shares with a smaller one.
        n_samples: number of independent samples.

    Returns:
        An array of shape (n_samples, *shape).

    Examples:
        >>> from sgexplore import invariant_basis
        >>> basis = invariant_basis("p4m", n=100)
        >>> prior_sample(basis, {"lengthscale": 0.1}, (48, 48), seed=1, n_samples=2).shape
        (2, 48, 48)
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}")
    kernel = _kernel(basis, kernel_params)
    z = standard_normal_weights(jax.random.PRNGKey(int(seed)), int(n_samples), len(basis), basis.dtype)
    return basis.synthesize(z * jnp.sqrt(kernel.weights()), shape)


@dataclass(frozen=True, eq=False)
class Posterior:
    """The GP conditioned on observations y at fractional points X with Gaussian noise.

    Attributes:
        kernel: the (invariant) kernel.
        X: (P, d) observation points.
        y: (P,) observed values.
        noise: noise standard deviation.
    """

    kernel: tinygp.kernels.Kernel
    X: jax.Array
    y: jax.Array
    noise: float

    def mean(self, Xs) -> jax.Array:
        """(Q,) posterior mean at fractional points (Q, d)."""
        return _predict(self.kernel, self.X, self.y, self.noise, self._points(Xs))[0]

    def variance(self, Xs) -> jax.Array:
        """(Q,) posterior variance of the noise-free function at fractional points (Q, d)."""
        return _predict(self.kernel, self.X, self.y, self.noise, self._points(Xs))[1]

    def sample(self, Xs, seed: int = 0, n_samples: int = 1) -> jax.Array:
        """(n_samples, Q) joint posterior samples at fractional points (Q, d); tinygp adds
        a jitter of sqrt(machine epsilon) to the test covariance so that repeated or
        symmetry-equivalent points stay factorisable."""
        gp = tinygp.GaussianProcess(self.kernel, self.X, diag=self.noise**2)
        conditioned = gp.condition(self.y, self._points(Xs)).gp
        return conditioned.sample(jax.random.PRNGKey(int(seed)), (int(n_samples),))

    def _points(self, Xs) -> jax.Array:
        return jnp.asarray(Xs, dtype=self.X.dtype)

    def on_grid(self, basis: InvariantBasis, shape: tuple[int, ...],
                prior_variance: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and noise-free variance on the grid x_j = j / shape, by FFT
        (see :func:`posterior_on_grid`)."""
        return posterior_on_grid(self.kernel, basis, self.X, self.y, self.noise, shape,
                                 prior_variance)

    @cached_property
    def log_marginal_likelihood(self) -> float:
        """log p(y | X, kernel, noise)."""
        gp = tinygp.GaussianProcess(self.kernel, self.X, diag=self.noise**2)
        return float(gp.log_probability(self.y))


def _bucketed(rows: np.ndarray) -> np.ndarray:
    """Rows padded with zeros to a power-of-two count, so that JAX sees few shapes."""
    padded = np.zeros((1 << max(len(rows) - 1, 0).bit_length(),) + rows.shape[1:], rows.dtype)
    padded[:len(rows)] = rows
    return padded


def posterior_on_grid(kernel: InvariantKernel, basis: InvariantBasis, X, y, noise: float,
                      shape: tuple[int, ...], prior_variance: np.ndarray | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance of the noise-free function on the grid x_j = j / shape.

    For the spectral kernel k = sum_i w_i phi_i phi_i, the mean is sum_i w_i phi_i
    (Phi^T alpha)_i and the variance k(x, x) - |L^-1 v(x)|^2 with v_j = sum_i w_i Phi_ji
    phi_i: one FFT synthesis for the mean and one per observation, instead of features at
    every grid point. The observation-space algebra is float64 NumPy, and JAX only sees
    power-of-two batch sizes, so adding an observation compiles nothing new.
    ``prior_variance`` (k(x, x) on the grid, :func:`prior_variance_on_grid`) can be reused.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> basis = invariant_basis("p4m", n=100)
        >>> kernel = spectral_kernel(basis, lengthscale=0.2)
        >>> mean, var = posterior_on_grid(kernel, basis, [[0.25, 0.5]], [1.0], 1e-3, (8, 8))
        >>> round(float(mean[2, 4]), 3), round(float(mean[4, 2]), 3)   # (0.5, 0.25) is an image
        (1.0, 1.0)
    """
    if not isinstance(kernel, InvariantKernel) or kernel.size != len(basis):
        raise ValueError("posterior_on_grid needs the spectral kernel of this basis")
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if len(X) != len(y) or X.shape[1] != basis.dim or not np.all(np.isfinite(X)) \
            or not np.all(np.isfinite(y)):
        raise ValueError(f"need finite points of shape (P, {basis.dim}) and P values")
    if not noise > 0:
        raise ValueError(f"noise must be positive, got {noise}")
    w = np.asarray(kernel.weights(), dtype=np.float64)
    phi = np.asarray(kernel.features(_bucketed(X)), dtype=np.float64)[:len(X)]
    gram = (phi * w) @ phi.T + noise**2 * np.eye(len(phi))
    chol = scipy.linalg.cholesky(gram, lower=True)
    alpha = scipy.linalg.cho_solve((chol, True), y)
    mean = np.asarray(basis.synthesize(w * (phi.T @ alpha), shape), dtype=np.float64)
    cross = np.asarray(basis.synthesize(_bucketed(phi * w), shape), dtype=np.float64)[:len(phi)]
    whitened = scipy.linalg.solve_triangular(chol, cross.reshape(len(phi), -1), lower=True)
    if prior_variance is None:
        prior_variance = prior_variance_on_grid(kernel, basis, shape)
    variance = np.asarray(prior_variance).reshape(-1) - np.sum(whitened**2, axis=0)
    return mean, np.maximum(variance, 0.0).reshape(shape)


def prior_variance_on_grid(kernel: InvariantKernel, basis: InvariantBasis,
                           shape: tuple[int, ...], chunk: int = 128) -> np.ndarray:
    """k(x, x) = sum_i w_i phi_i(x)^2 on the grid x_j = j / shape. It varies over the cell
    (larger on mirrors and rotation centres). Each block of ``chunk`` functions is
    synthesised by FFT, so memory stays at chunk grids."""
    w = np.asarray(kernel.weights(), dtype=np.float64)
    total = np.zeros(shape)
    for start in range(0, len(w), chunk):
        rows = np.eye(len(w))[start:start + chunk]
        values = np.asarray(basis.synthesize(_bucketed(rows), shape), dtype=np.float64)[:len(rows)]
        total += np.einsum("i,i...->...", w[start:start + chunk], values**2)
    return total


@eqx.filter_jit
def _predict(kernel, X, y, noise, Xs) -> tuple[jax.Array, jax.Array]:
    gp = tinygp.GaussianProcess(kernel, X, diag=noise**2)
    # diag=0: the variance of the noise-free function, without tinygp's default jitter.
    conditioned = gp.condition(y, Xs, diag=0.0).gp
    return conditioned.loc, conditioned.variance


def posterior(kernel: tinygp.kernels.Kernel, X, y, noise: float) -> Posterior:
    """Condition a GP with ``kernel`` on observations ``y`` at fractional points ``X``.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> from sgexplore.kernels import spectral_kernel
        >>> kernel = spectral_kernel(invariant_basis("p2", n=60), lengthscale=0.2)
        >>> post = posterior(kernel, np.array([[0.2, 0.3]]), np.array([1.0]), noise=1e-3)
        >>> round(float(post.mean(np.array([[0.8, 0.7]]))[0]), 3)   # the image under -x, -y
        1.0
    """
    dtype = getattr(kernel, "eigenvalues", jnp.zeros(())).dtype
    X = jnp.asarray(X, dtype=dtype)
    y = jnp.asarray(y, dtype=dtype)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"need X of shape (P, d) and y of shape (P,), got {X.shape} and {y.shape}")
    if X.shape[0] > MAX_OBSERVATIONS:
        raise ValueError(f"at most {MAX_OBSERVATIONS} observations (a dense solve), got {X.shape[0]}")
    noise = float(noise)
    if not math.isfinite(noise) or noise <= 0:
        raise ValueError(f"noise must be a positive finite number, got {noise}")
    if not bool(jnp.all(jnp.isfinite(X))) or not bool(jnp.all(jnp.isfinite(y))):
        raise ValueError("observations must be finite")
    return Posterior(kernel, X, y, noise)


def _negative_log_likelihood(log_params: jax.Array, base: InvariantKernel, X, y) -> jax.Array:
    ell, amp, sigma = jnp.exp(log_params)
    kernel = eqx.tree_at(lambda k: (k.lengthscale, k.amplitude), base, (ell, amp))
    return -tinygp.GaussianProcess(kernel, X, diag=sigma**2).log_probability(y)


# Data and basis constants are arguments, not closure constants: XLA would otherwise try to
# constant-fold the feature matrix at compile time.
_value_and_grad = eqx.filter_jit(jax.value_and_grad(_negative_log_likelihood))


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


def fit(
    basis: InvariantBasis,
    X,
    y,
    spectrum: str = "heat",
    lengthscale: float = 0.2,
    amplitude: float = 1.0,
    noise: float = 0.1,
    nu: float = 1.5,
) -> Fit:
    """Fit lengthscale, amplitude and noise by maximising the marginal likelihood
    (L-BFGS on log-parameters, gradients by JAX through tinygp)."""
    base = spectral_kernel(basis, spectrum, lengthscale, amplitude, nu)
    X = jnp.asarray(X, dtype=basis.dtype)
    y = jnp.asarray(y, dtype=basis.dtype)

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = _value_and_grad(jnp.asarray(params, dtype=basis.dtype), base, X, y)
        return float(value), np.asarray(grad, dtype=np.float64)

    start = np.log([lengthscale, amplitude, noise])
    result = scipy.optimize.minimize(objective, start, jac=True, method="L-BFGS-B",
                                     bounds=[(-9.0, 5.0), (-9.0, 9.0), (-14.0, 5.0)])
    ell, amp, sigma = (float(v) for v in np.exp(result.x))
    return Fit(ell, amp, sigma, -float(result.fun),
               spectral_kernel(basis, spectrum, ell, amp, nu), bool(result.success))
