"""tinygp's kernel algebra in the GP functions: sums and non-negative scalings of spectral
kernels on one basis are spectral kernels with combined weights (checked against tinygp's own
pointwise evaluation of the combined kernel and dense NumPy solves), and what the grid
functions cannot serve is refused with a reason."""

from __future__ import annotations

import ast
from pathlib import Path

import jax
import numpy as np
import pytest
import tinygp

from sgexplore import SgexploreError, space_group, wallpaper_group
from sgexplore.basis import invariant_basis
from sgexplore.gp import fit, posterior, posterior_on_grid, prior_sample, prior_variance_on_grid
from sgexplore.kernels import group_averaged_kernel, spectral_form, spectral_kernel

from ..conftest import WALLPAPER

SPACE = ["P2_1/c", "Pnma", "I4_1/amd", "R-3c", "Fd-3m"]
GROUPS = list(WALLPAPER) + [space_group(s) for s in SPACE]
IDS = [g.symbol for g in GROUPS]
ROOT = Path(__file__).resolve().parents[2]


def _kernels(g):
    basis = invariant_basis(g, n=40)
    return basis, spectral_kernel(basis, "heat", 0.2, 1.3), spectral_kernel(basis, "matern", 0.4, nu=2.5)


COMBINATIONS = {
    "2k1": lambda k1, k2: 2.0 * k1,
    "k1*0.5": lambda k1, k2: k1 * 0.5,
    "k1+k2": lambda k1, k2: k1 + k2,
    "2k1+0.5k2+0.3": lambda k1, k2: 2.0 * k1 + 0.5 * k2 + 0.3,
    "0.3+k2": lambda k1, k2: 0.3 + k2,
    "3(k1+k2)": lambda k1, k2: (k1 + k2) * 3.0,
    "2(3k1)": lambda k1, k2: 2.0 * (3.0 * k1),
}


def _dense(kernel, X, Y=None) -> np.ndarray:
    """tinygp's own evaluation: Sum and Product vmap ``evaluate`` over pairs of points."""
    return np.asarray(tinygp.kernels.Kernel.__call__(kernel, X, X if Y is None else Y))


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
@pytest.mark.parametrize("name", COMBINATIONS)
def test_sums_and_scalings_are_the_spectral_kernel_of_combined_weights(g, name, rng):
    basis, k1, k2 = _kernels(g)
    combined = COMBINATIONS[name](k1, k2)
    form = spectral_form(combined)
    assert form.basis is basis and np.all(form.weights >= 0)
    X = rng.uniform(-2, 2, (9, g.dim))
    Y = rng.uniform(-2, 2, (7, g.dim))
    phi_x, phi_y = np.asarray(basis(X)), np.asarray(basis(Y))
    np.testing.assert_allclose((phi_x * form.weights) @ phi_y.T, _dense(combined, X, Y), atol=1e-12)


@pytest.mark.parametrize("symbol", ["p4gm", "p31m", "cm", "P2_1/c"])
@pytest.mark.parametrize("name", ["2k1", "2k1+0.5k2+0.3", "3(k1+k2)"])
def test_grid_functions_serve_combinations_exactly(symbol, name, rng):
    g = space_group(symbol) if symbol[0].isupper() else wallpaper_group(symbol)
    basis, k1, k2 = _kernels(g)
    combined = COMBINATIONS[name](k1, k2)
    shape = (10,) * g.dim
    grid = np.stack(np.meshgrid(*[np.arange(10) / 10] * g.dim, indexing="ij"), -1).reshape(-1, g.dim)
    X = rng.random((6, g.dim))
    y = rng.normal(size=6)
    noise = 0.05
    # Oracle: dense float64 solves with tinygp's pointwise evaluation of the combined kernel,
    # in one call on grid and observations together (one compiled program per case, not three).
    full = _dense(combined, np.concatenate([grid, X]))
    gram = full[-6:, -6:] + noise**2 * np.eye(6)
    cross = full[:-6, -6:]
    prior = np.diag(full)[:-6]
    mean = cross @ np.linalg.solve(gram, y)
    variance = prior - np.einsum("ij,ji->i", cross, np.linalg.solve(gram, cross.T))

    np.testing.assert_allclose(prior_variance_on_grid(combined, shape).reshape(-1), prior, atol=1e-10)
    grid_mean, grid_variance = posterior_on_grid(combined, X, y, noise, shape)
    np.testing.assert_allclose(grid_mean.reshape(-1), mean, atol=1e-9)
    np.testing.assert_allclose(grid_variance.reshape(-1), variance, atol=1e-9)
    post = posterior(combined, X, y, noise)
    np.testing.assert_allclose(post.mean(grid), mean, atol=1e-9)
    np.testing.assert_allclose(post.variance(grid), np.maximum(variance, 0), atol=1e-9)
    on_grid = post.on_grid(shape)
    np.testing.assert_allclose(on_grid[0], grid_mean, atol=1e-12)


def test_a_scaled_prior_sample_is_the_scaled_sample():
    basis, k1, k2 = _kernels(wallpaper_group("pmm"))
    base = np.asarray(prior_sample(k1, (24, 24), seed=4, n_samples=2))
    np.testing.assert_allclose(np.asarray(prior_sample(4.0 * k1, (24, 24), seed=4, n_samples=2)),
                               2.0 * base, atol=1e-12)
    # k1 + k1 has weights 2 w: the same draws scaled by sqrt 2.
    np.testing.assert_allclose(np.asarray(prior_sample(k1 + k1, (24, 24), seed=4, n_samples=2)),
                               np.sqrt(2.0) * base, atol=1e-12)


def test_kernels_on_equal_bases_built_twice_add():
    g = space_group("Pnma")
    first, second = invariant_basis(g, n=30), invariant_basis(g, n=30)
    total = spectral_kernel(first, lengthscale=0.3) + spectral_kernel(second, lengthscale=0.1)
    assert prior_sample(total, (6, 6, 6)).shape == (1, 6, 6, 6)


def _refusals():
    g = wallpaper_group("p4m")
    basis, k1, k2 = _kernels(g)
    other = spectral_kernel(invariant_basis(wallpaper_group("p4"), n=40))
    bigger = spectral_kernel(invariant_basis(g, n=41))
    top = float(basis.levels[-2] + basis.levels[-1]) / 2
    averaged = group_averaged_kernel(invariant_basis(g, max_eigenvalue=top))
    return {
        "product": (k1 * k2, "product of two spectral kernels"),
        "product-of-sums": ((k1 + 1.0) * (k2 + 1.0), "product of two spectral kernels"),
        "other-group": (k1 + other, "different bases"),
        "other-size": (k1 + bigger, "different bases"),
        "negative": (-1.0 * k1, "finite number >= 0"),
        "non-scalar": (k1 * np.ones(3), "finite number >= 0"),
        "constants-only": (tinygp.kernels.Constant(1.0) + 2.0, "only constants"),
        "exp-squared": (tinygp.kernels.ExpSquared(0.3), "ExpSquared is not a spectral kernel"),
        "averaged": (averaged, "GroupAveragedKernel is not a spectral kernel"),
        "mixed-sum": (k1 + tinygp.kernels.ExpSquared(0.3), "ExpSquared is not a spectral kernel"),
        "basis-first": (basis, "takes the kernel first"),
        "dict": ({"lengthscale": 0.2}, "needs a spectral kernel"),
    }


REFUSALS = _refusals()
GRID_CALLS = {
    "prior_sample": lambda k: prior_sample(k, (8, 8)),
    "posterior_on_grid": lambda k: posterior_on_grid(k, [[0.1, 0.2]], [1.0], 0.1, (8, 8)),
    "prior_variance_on_grid": lambda k: prior_variance_on_grid(k, (8, 8)),
}


@pytest.mark.parametrize("call", GRID_CALLS)
@pytest.mark.parametrize("case", REFUSALS)
def test_grid_functions_refuse_what_they_cannot_serve_and_say_why(call, case):
    kernel, reason = REFUSALS[case]
    with pytest.raises(SgexploreError, match=reason) as info:
        GRID_CALLS[call](kernel)
    assert call in str(info.value)


@pytest.mark.parametrize("case", ["product", "other-group", "mixed-sum"])
def test_posterior_conditions_what_the_grid_cannot_with_tinygp(case, rng):
    kernel, _ = REFUSALS[case]
    X, y, Xs = rng.random((5, 2)), rng.normal(size=5), rng.random((8, 2))
    post = posterior(kernel, X, y, 0.1)
    gram = _dense(kernel, X) + 0.01 * np.eye(5)
    np.testing.assert_allclose(post.mean(Xs), _dense(kernel, Xs, X) @ np.linalg.solve(gram, y),
                               atol=1e-9)
    with pytest.raises(SgexploreError, match="posterior_on_grid"):
        post.on_grid((8, 8))


@pytest.mark.parametrize("kernel, match", [
    ("sum", "no single lengthscale"), ("basis", "takes the kernel first"),
], ids=["sum", "basis-first"])
def test_fit_needs_one_spectral_kernel(kernel, match):
    basis, k1, k2 = _kernels(wallpaper_group("pg"))
    with pytest.raises(SgexploreError, match=match):
        fit(k1 + k2 if kernel == "sum" else basis, np.zeros((3, 2)), np.zeros(3))


def test_fit_starts_from_the_kernel_and_keeps_its_basis_and_spectrum(rng):
    basis = invariant_basis(wallpaper_group("p3"), n=50)
    kernel = spectral_kernel(basis, "matern", 0.3, 0.8, nu=2.5)
    X = rng.random((30, 2))
    result = fit(kernel, X, np.cos(2 * np.pi * X[:, 0]), noise=0.2)
    fitted = result.kernel
    assert fitted.basis is basis and fitted.spectrum == "matern" and float(fitted.nu) == 2.5
    assert float(fitted.lengthscale) == pytest.approx(result.lengthscale)
    # The fitted kernel's marginal likelihood is the reported one (an independent solve).
    post = posterior(fitted, X, np.cos(2 * np.pi * X[:, 0]), result.noise)
    assert post.log_marginal_likelihood == pytest.approx(result.log_marginal_likelihood, rel=1e-6)


def test_fourier_terms_are_a_pytree_that_evaluates_the_basis(rng):
    basis = invariant_basis(space_group("Fd-3m"), n=70)
    terms = basis.fourier_terms
    assert terms is basis.fourier_terms and terms.size == 70 and terms.dim == 3
    leaves = jax.tree_util.tree_leaves(terms)
    assert [leaf.shape for leaf in leaves] == [terms.frequencies.shape, terms.coefficients.shape,
                                                terms.function.shape]
    x = rng.uniform(-1, 1, (11, 3))
    expected = np.asarray(basis(x))
    np.testing.assert_allclose(np.asarray(terms.evaluate(x)), expected, atol=1e-12)
    np.testing.assert_allclose(np.asarray(jax.jit(lambda t, p: t.evaluate(p))(terms, x)), expected,
                               atol=1e-12)
    np.testing.assert_allclose(np.asarray(jax.vmap(terms.evaluate_point)(x)), expected, atol=1e-12)
    # The orbits, summed directly: f_i(x) = Re sum_j c_j exp(2 pi i k_j . x).
    direct = np.stack([np.real(np.exp(2j * np.pi * x @ o.frequencies.T) @ o.coefficients)
                       for o in basis.frequency_orbits], axis=1)
    np.testing.assert_allclose(expected, direct, atol=1e-12)


@pytest.mark.parametrize("path", ["sgexplore/kernels/_spectral.py", "sgexplore/gp.py"])
def test_kernels_and_gp_use_only_the_public_basis_interface(path):
    tree = ast.parse((ROOT / path).read_text())
    private_imports = [f"{node.module}.{alias.name}" for node in ast.walk(tree)
                       if isinstance(node, ast.ImportFrom) and node.module
                       and "basis" in node.module for alias in node.names
                       if "._" in f".{node.module}" or alias.name.startswith("_")]
    assert private_imports == []
    private_attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                          and node.attr in {"_device_terms", "_bucket", "_evaluate", "_cut",
                                            "_device", "_check_grid", "_reduce"}}
    assert private_attributes == set()
