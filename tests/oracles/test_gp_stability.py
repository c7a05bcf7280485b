"""Posteriors stay finite where float32 arithmetic cannot factorise the Gram matrix
(repeated points, noise <= 1e-3 with many points), and equal a dense float64 NumPy solve."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from sgexplore import LimitError, SgexploreError, invariant_basis, limits
from sgexplore.gp import posterior, posterior_on_grid
from sgexplore.kernels import group_averaged_kernel, spectral_kernel


def _data(rng, count: int, repeated: bool):
    X = rng.random((count // 2 if repeated else count, 2))
    X = np.concatenate([X, X]) if repeated else X
    # cos 2 pi x + cos 2 pi y is invariant under p4m (and p2): the data are consistent.
    return X, np.cos(2 * np.pi * X[:, 0]) + np.cos(2 * np.pi * X[:, 1])


def _dense(gram: np.ndarray, cross: np.ndarray, prior: np.ndarray, y: np.ndarray, noise2: float):
    """The oracle: float64 NumPy solves of (K + noise^2 I)."""
    K = gram + noise2 * np.eye(len(gram))
    mean = cross @ np.linalg.solve(K, y)
    variance = prior - np.einsum("ij,ji->i", cross, np.linalg.solve(K, cross.T))
    sign, logdet = np.linalg.slogdet(K)
    lml = -0.5 * y @ np.linalg.solve(K, y) - 0.5 * logdet - 0.5 * len(y) * np.log(2 * np.pi)
    return mean, variance, lml


@pytest.mark.parametrize("count, repeated, noise", [
    (60, False, 1e-3), (60, False, 1e-4), (60, True, 1e-3), (120, True, 1e-6),
], ids=["60-noise1e-3", "60-noise1e-4", "duplicates-1e-3", "duplicates-1e-6"])
def test_float32_posterior_is_finite_and_equals_the_float64_solve(count, repeated, noise, rng):
    basis = invariant_basis("p4m", n=200, dtype=jnp.float32)
    kernel = spectral_kernel(basis, lengthscale=0.2)
    X, y = _data(rng, count, repeated)
    Xs = np.concatenate([X[:10], rng.random((30, 2))])
    post = posterior(kernel, X, y, noise)
    mean, variance = post.mean(Xs), post.variance(Xs)
    # Before: tinygp's float32 Cholesky gave NaN mean and variance and lml = -inf.
    assert np.all(np.isfinite(mean)) and np.all(np.isfinite(variance))
    assert np.isfinite(post.log_marginal_likelihood) and post.jitter == 0.0
    # Oracle: the same float32 features, every solve in float64 NumPy.
    phi = np.asarray(basis(X), dtype=np.float64)
    phis = np.asarray(basis(Xs), dtype=np.float64)
    w = np.asarray(kernel.weights(), dtype=np.float64)
    expected = _dense((phi * w) @ phi.T, (phis * w) @ phi.T, phis**2 @ w, y, noise**2)
    scale = np.abs(y).max()
    # Relative to the data: the solve's rounding grows with the condition number (1 / noise^2).
    np.testing.assert_allclose(mean, expected[0], atol=1e-6 * scale / min(noise, 1e-2) ** 0.5)
    np.testing.assert_allclose(variance, np.maximum(expected[1], 0), atol=1e-7)
    # y^T K^-1 y and log det K carry the same condition-number growth (1e12 at noise 1e-6:
    # measured 1.7e-6 relative on some BLAS builds), so the tolerance follows it.
    assert post.log_marginal_likelihood == pytest.approx(expected[2], rel=max(1e-6, 1e-17 / noise**2))
    np.testing.assert_allclose(mean[:10], y[:10], atol=10 * noise + 1e-3)


def test_posterior_samples_of_repeated_points_are_finite():
    basis = invariant_basis("p2", n=60, dtype=jnp.float32)
    X = np.array([[0.2, 0.3]] * 8 + [[0.8, 0.7]] * 8)  # one point and its image under -x
    post = posterior(spectral_kernel(basis, lengthscale=0.3), X, np.ones(16), 1e-4)
    sample = post.sample(np.concatenate([X, [[0.5, 0.5]]]), seed=2, n_samples=4)
    assert sample.shape == (4, 17) and np.all(np.isfinite(sample))
    np.testing.assert_allclose(sample[:, :16], 1.0, atol=1e-2)


def test_jitter_is_added_only_when_needed_and_reported(rng):
    # The group-averaged kernel is evaluated pairwise in float32: its Gram matrix of repeated
    # points is indefinite by rounding, so a float64 Cholesky needs a jitter.
    basis = invariant_basis("p4m", max_eigenvalue=4 * np.pi**2 * 10, dtype=jnp.float32)
    kernel = group_averaged_kernel(basis, lengthscale=0.2)
    X, y = _data(rng, 60, True)
    post = posterior(kernel, X, y, 1e-5)
    assert np.all(np.isfinite(post.mean(X))) and np.all(np.isfinite(post.variance(X)))
    gram = np.asarray(kernel(X, X), dtype=np.float64)
    expected = _dense(gram, gram, np.diag(gram), y, 1e-10 + post.jitter)
    np.testing.assert_allclose(post.mean(X), expected[0], atol=1e-6)
    assert post.jitter < 1e-3


def test_posterior_on_grid_refuses_what_it_cannot_solve():
    basis = invariant_basis("p2", n=30)
    kernel = spectral_kernel(basis, lengthscale=0.2)
    X = np.array([[0.1, 0.2]] * 5)
    with pytest.raises(SgexploreError, match="not positive definite"):
        posterior_on_grid(kernel, X, np.arange(5.0), 1e-30, (8, 8))
    many = np.random.default_rng(0).random((limits.MAX_GRID_OBSERVATIONS + 1, 2))
    with pytest.raises(LimitError, match="MAX_GRID_OBSERVATIONS"):
        posterior_on_grid(kernel, many, np.zeros(len(many)), 0.1, (8, 8))
    with pytest.raises(LimitError, match="MAX_OBSERVATIONS"):
        posterior(kernel, np.zeros((limits.MAX_OBSERVATIONS + 1, 2)),
                  np.zeros(limits.MAX_OBSERVATIONS + 1), 0.1)
