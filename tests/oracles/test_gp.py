"""Gaussian processes: invariant prior samples with the right covariance, posteriors that
match a dense NumPy solve and inform every symmetric image, and hyperparameter fitting."""

from __future__ import annotations

import jax
import numpy as np
import pytest

from sgexplore import SgexploreError, space_group, wallpaper_group
from sgexplore.basis import invariant_basis
from sgexplore.gp import fit, posterior, prior_sample
from sgexplore.kernels import spectral_kernel

from ..conftest import WALLPAPER

SPACE = ["P2_1/c", "Pnma", "I4_1/amd", "R-3c", "P6_3/mmc", "Fd-3m", "Ia-3d"]
GROUPS = list(WALLPAPER) + [space_group(s) for s in SPACE]
IDS = [g.symbol for g in GROUPS]


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_prior_samples_are_invariant_on_compatible_grids(g):
    basis = invariant_basis(g, n=150)
    size = 48 if g.dim == 2 else 24
    samples = np.asarray(prior_sample(spectral_kernel(basis, lengthscale=0.2), (size,) * g.dim, seed=3,
                                      n_samples=2))
    index = np.stack(np.meshgrid(*[np.arange(size)] * g.dim, indexing="ij"), -1).reshape(-1, g.dim)
    flat = samples.reshape(2, -1)
    for r, t in zip(g.rotations, g.translation_numerators):
        image = np.mod(index @ r.T + t * size // 24, size)
        moved = samples[(slice(None), *image.T)]
        np.testing.assert_allclose(moved, flat, atol=1e-10)


def test_seeds_are_reproducible_and_nested():
    g = wallpaper_group("p6m")
    small = invariant_basis(g, n=60)
    large = invariant_basis(g, n=200)
    a = np.asarray(prior_sample(spectral_kernel(small, lengthscale=0.3), (36, 36), seed=7))
    b = np.asarray(prior_sample(spectral_kernel(small, lengthscale=0.3), (36, 36), seed=7))
    c = np.asarray(prior_sample(spectral_kernel(large, lengthscale=0.3), (36, 36), seed=7))
    d = np.asarray(prior_sample(spectral_kernel(small, lengthscale=0.3), (36, 36), seed=8))
    np.testing.assert_array_equal(a, b)
    # The larger basis adds small high-frequency terms to the same low-frequency sample.
    assert np.abs(a - c).max() < 0.1 * np.abs(a).max()
    assert np.abs(a - d).max() > 0.3 * np.abs(a).max()


@pytest.mark.parametrize("symbol", ["p4gm", "p3m1", "cm", "P2_1/c"])
def test_empirical_covariance_matches_the_kernel(symbol):
    g = wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol)
    basis = invariant_basis(g, n=60)
    kernel = spectral_kernel(basis, "heat", 0.25)
    shape = (12,) * g.dim if g.dim == 2 else (6, 6, 6)
    n = 4000
    samples = np.asarray(prior_sample(kernel, shape, seed=11, n_samples=n)).reshape(n, -1)
    grid = np.stack(np.meshgrid(*[np.arange(s) / s for s in shape], indexing="ij"), -1).reshape(-1, g.dim)
    expected = np.asarray(kernel(grid, grid))
    empirical = samples.T @ samples / n
    # Standard error of a sample covariance of Gaussians: sqrt((k_ii k_jj + k_ij^2) / n).
    diagonal = np.diag(expected)
    standard_error = np.sqrt((np.outer(diagonal, diagonal) + expected**2) / n)
    assert np.max(np.abs(empirical - expected) / standard_error) < 5.5


@pytest.mark.parametrize("symbol", ["p2gg", "p6mm", "p4gm", "pg", "Fd-3m", "P6_3/mmc"])
def test_posterior_matches_dense_solve_and_informs_images(symbol, rng):
    g = wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol)
    basis = invariant_basis(g, n=120)
    kernel = spectral_kernel(basis, "matern", 0.3, nu=2.5)
    X = rng.random((6, g.dim))
    y = rng.normal(size=6)
    noise = 1e-4
    post = posterior(kernel, X, y, noise)
    images = (np.einsum("gij,pj->gpi", g.rotations, X) + g.translations[:, None]).reshape(-1, g.dim)
    images = images + rng.integers(-2, 3, images.shape)
    test_points = np.concatenate([X, images, rng.random((10, g.dim))])

    gram = np.asarray(kernel(X, X)) + noise**2 * np.eye(6)
    cross = np.asarray(kernel(test_points, X))
    prior_var = np.asarray(kernel(test_points))
    mean = cross @ np.linalg.solve(gram, y)
    variance = prior_var - np.einsum("ij,ji->i", cross, np.linalg.solve(gram, cross.T))
    np.testing.assert_allclose(np.asarray(post.mean(test_points)), mean, atol=1e-8)
    np.testing.assert_allclose(np.asarray(post.variance(test_points)), variance, atol=1e-8)

    # Interpolation at the observations and at all their symmetric images.
    np.testing.assert_allclose(np.asarray(post.mean(X)), y, atol=1e-3)
    np.testing.assert_allclose(np.asarray(post.mean(images)).reshape(g.order, 6),
                               np.broadcast_to(y, (g.order, 6)), atol=1e-3)
    assert np.asarray(post.variance(images)).max() < 1e-4 * np.asarray(kernel(X)).mean()
    assert np.asarray(post.variance(rng.random((20, g.dim)))).max() > 1e-3
    sample = np.asarray(post.sample(images[:10], seed=1, n_samples=3))
    assert sample.shape == (3, 10) and np.all(np.isfinite(sample))


@pytest.mark.parametrize("true_lengthscale", [0.15, 0.3])
def test_fit_recovers_the_lengthscale(true_lengthscale):
    g = wallpaper_group("p4gm")
    basis = invariant_basis(g, n=300)
    truth = spectral_kernel(basis, "heat", true_lengthscale, 1.0)
    rng = np.random.default_rng(5)
    X = rng.random((400, 2))
    gram = np.asarray(truth(X, X)) + 0.05**2 * np.eye(400)
    y = np.linalg.cholesky(gram + 1e-10 * np.eye(400)) @ rng.normal(size=400)
    result = fit(spectral_kernel(basis, "heat", 0.6, 0.5), X, y, noise=0.3)
    assert result.converged
    # Stated tolerance: 20 % on the lengthscale, from 400 noisy observations of one sample.
    assert result.lengthscale == pytest.approx(true_lengthscale, rel=0.2)
    assert result.noise == pytest.approx(0.05, rel=0.5)


def test_bad_gp_input():
    basis = invariant_basis(wallpaper_group("p2"), n=20)
    kernel = spectral_kernel(basis)
    with pytest.raises(ValueError, match="shape"):
        posterior(kernel, np.zeros((3, 2)), np.zeros(4), 0.1)
    with pytest.raises(ValueError, match="noise"):
        posterior(kernel, np.zeros((3, 2)), np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="finite"):
        posterior(kernel, np.full((3, 2), np.nan), np.zeros(3), 0.1)
    with pytest.raises(ValueError, match="n_samples"):
        prior_sample(kernel, (8, 8), n_samples=0)
    # The kernel knows its basis: the old basis-first call is refused with the new form.
    with pytest.raises(SgexploreError, match=r"takes the kernel first.*prior_sample\(spectral_kernel"):
        prior_sample(basis, kernel, (8, 8))
    assert jax.config.jax_enable_x64


@pytest.mark.parametrize("symbol", ["p4gm", "p31m", "pg", "P2_1/c", "Fd-3m"])
def test_posterior_on_grid_by_fft_matches_tinygp_at_grid_points(symbol, rng):
    from sgexplore.gp import posterior_on_grid, prior_variance_on_grid

    g = wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol)
    basis = invariant_basis(g, n=120)
    kernel = spectral_kernel(basis, "matern", lengthscale=0.25, nu=1.5)
    X = rng.random((7, g.dim))
    y = rng.normal(size=7)
    shape = (12,) * g.dim
    mean, variance = posterior_on_grid(kernel, X, y, 0.05, shape)
    points = np.stack(np.meshgrid(*[np.arange(12) / 12] * g.dim, indexing="ij"), -1).reshape(-1, g.dim)
    dense = posterior(kernel, X, y, noise=0.05)
    np.testing.assert_allclose(mean.reshape(-1), np.asarray(dense.mean(points)), atol=1e-9)
    np.testing.assert_allclose(variance.reshape(-1), np.asarray(dense.variance(points)), atol=1e-9)
    direct = np.asarray(kernel.features(points)) ** 2 @ np.asarray(kernel.weights())
    np.testing.assert_allclose(prior_variance_on_grid(kernel, shape).reshape(-1), direct,
                               atol=1e-9)
