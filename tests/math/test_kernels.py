"""Invariant kernels: invariance in each argument, PSD, symmetry, normalisation, and the
equivalence with the group-averaged periodic kernel."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.basis import invariant_basis
from sgexplore.kernels import group_averaged_kernel, spectral_kernel

from ..conftest import WALLPAPER

# Every crystal system; centred (A C F I R), glide, screw and symmorphic groups.
SPACE = ["P1", "P-1", "P2_1", "Cc", "C2/c", "P2_1/c", "P2_12_12_1", "Pna2_1", "Pnma", "Fddd",
         "Ibam", "Cmce", "Amm2", "P4_1", "I4_1/a", "P4_32_12", "P-42_1c", "I4_1/amd", "P4/mmm",
         "P3_1", "R3", "R-3c", "P3_121", "P-31m", "P6_1", "P6_122", "P6_3/mmc", "P-6m2",
         "P2_13", "Pa-3", "I2_13", "F-43c", "Fd-3m", "Fm-3m", "Im-3m", "Ia-3d", "P4_332"]
GROUPS = list(WALLPAPER) + [space_group(s) for s in SPACE]
IDS = [g.symbol for g in GROUPS]
SETTINGS = [("heat", 0.3, 1.5), ("matern", 0.25, 0.5), ("matern", 0.4, 2.5), ("rbf", 0.15, 1.5)]
SETTING_IDS = ["heat", "m12", "m52", "rbf"]


def _images(g, points: np.ndarray) -> np.ndarray:
    """(order * P, d) every operation applied to every point, operation-major."""
    return (np.einsum("gij,pj->gpi", g.rotations, points) + g.translations[:, None]).reshape(-1, g.dim)


@cache
def _basis(symbol: str, dim: int, n: int):
    """One basis per group and size, shared by the cases that only vary the kernel."""
    g = wallpaper_group(symbol) if dim == 2 else space_group(symbol)
    return invariant_basis(g, n=n)


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
@pytest.mark.parametrize(("spectrum", "lengthscale", "nu"), SETTINGS[:2], ids=["heat", "matern12"])
def test_invariant_in_each_argument(g, spectrum, lengthscale, nu, rng):
    kernel = spectral_kernel(_basis(g.symbol, g.dim, 60), spectrum, lengthscale, 1.3, nu)
    x = rng.uniform(-3, 3, (5, g.dim))
    y = rng.uniform(-3, 3, (6, g.dim))
    # One evaluation on points and images together; each entry depends only on its own pair.
    full = np.asarray(kernel(np.concatenate([x, _images(g, x)]), np.concatenate([y, _images(g, y)])))
    reference = full[:5, :6]
    first = full[5:, :6].reshape(g.order, 5, 6)
    second = full[:5, 6:].reshape(5, g.order, 6)
    np.testing.assert_allclose(first, np.broadcast_to(reference, first.shape), atol=1e-12)
    np.testing.assert_allclose(second, np.broadcast_to(reference[:, None], second.shape), atol=1e-12)


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_gram_is_symmetric_psd_and_normalised(g, rng):
    basis = invariant_basis(g, n=80)
    kernel = spectral_kernel(basis, "matern", 0.3, amplitude=1.7, nu=1.5)
    x = rng.random((70, g.dim))
    gram = np.asarray(kernel(x, x))
    np.testing.assert_allclose(gram, gram.T, atol=1e-14)
    assert np.linalg.eigvalsh(gram).min() > -1e-10 * np.abs(gram).max()
    np.testing.assert_allclose(np.asarray(kernel(x)), np.diag(gram), atol=1e-12)
    # Mean of k(x, x) over the cell, on a grid where the basis is discretely orthonormal.
    values = np.asarray(basis.on_grid(basis.minimal_grid())).reshape(-1, len(basis))
    mean_diagonal = (values**2 @ np.asarray(kernel.weights())).mean()
    assert mean_diagonal == pytest.approx(1.7**2, rel=1e-10)


def _spectral_density(eigenvalues: np.ndarray, spectrum: str, lengthscale: float, nu: float,
                      dim: int) -> np.ndarray:
    """Heat exp(-l^2 lambda / 2), Matern (1 + l^2 lambda / (2 nu))^(-nu - d/2), up to a constant."""
    scaled = lengthscale**2 * eigenvalues
    if spectrum in ("heat", "rbf"):
        return np.exp(-scaled / 2)
    return (1 + scaled / (2 * nu)) ** (-nu - dim / 2)


@cache
def _group_average(symbol: str, dim: int):
    """The basis ending at a complete level, points x (6, d) and y (5, d), and the brute-force
    group average of every plane wave below its bound, in NumPy: per frequency k,
    A_k = |G|^-1 sum_g cos(2 pi k.(x - g.y)) (F, 6, 5) and the mean over the cell of A_k(x, x),
    D_k = |G|^-1 sum_{g: R_g^T k = k} cos(2 pi k.t_g) (F,). The group-averaged periodic kernel
    with density s, scaled to mean variance 1 over the cell, is sum_k s_k A_k / sum_k s_k D_k."""
    g = wallpaper_group(symbol) if dim == 2 else space_group(symbol)
    lattice = g.default_lattice
    # A bound in the middle of a gap, so the basis ends at a complete level.
    probe = invariant_basis(g, n=50, lattice=lattice)
    bound = float(probe.levels[-2] + probe.levels[-1]) / 2
    basis = invariant_basis(g, max_eigenvalue=bound, lattice=lattice)
    rng = np.random.default_rng(20261122)
    x = rng.uniform(-2, 2, (6, dim))
    y = rng.uniform(-2, 2, (5, dim))
    # Every integer frequency in a box that holds the ellipsoid lambda_k <= bound (with margin).
    metric = np.asarray(lattice.metric, dtype=np.float64)
    widths = np.ceil(np.sqrt(bound / (4 * np.pi**2) * np.diag(metric))).astype(int) + 1
    box = np.stack(np.meshgrid(*[np.arange(-w, w + 1) for w in widths], indexing="ij"), -1)
    box = box.reshape(-1, dim)
    eigenvalues = 4 * np.pi**2 * np.einsum("ki,ij,kj->k", box, np.linalg.inv(metric), box)
    keep = eigenvalues <= bound
    k, eigenvalues = box[keep], eigenvalues[keep]
    rotations = np.asarray(g.rotations, dtype=np.float64)
    translations = np.asarray(g.translations, dtype=np.float64)
    images = np.einsum("gij,pj->gpi", rotations, y) + translations[:, None]  # (G, 5, d)
    summed = np.exp(-2j * np.pi * images @ k.T).sum(axis=0)  # (5, F)
    waves = np.exp(2j * np.pi * x @ k.T)  # (6, F)
    average = np.real(waves.T[:, :, None] * summed.T[:, None, :]) / g.order  # (F, 6, 5)
    fixed = np.all(np.einsum("gji,kj->gki", rotations, k) == k[None], axis=-1)  # R_g^T k = k
    diagonal = np.where(fixed, np.cos(2 * np.pi * translations @ k.T), 0.0).sum(axis=0) / g.order
    return basis, x, y, eigenvalues, average, diagonal


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
@pytest.mark.parametrize(("spectrum", "lengthscale", "nu"), SETTINGS, ids=SETTING_IDS)
def test_equals_group_averaged_periodic_kernel(g, spectrum, lengthscale, nu):
    basis, x, y, eigenvalues, average, diagonal = _group_average(g.symbol, g.dim)
    density = _spectral_density(eigenvalues, spectrum, lengthscale, nu, g.dim)
    expected = np.einsum("k,kij->ij", density, average) / (density @ diagonal)
    spectral = np.asarray(spectral_kernel(basis, spectrum, lengthscale, 1.0, nu)(x, y))
    np.testing.assert_allclose(spectral, expected, atol=1e-12)


# The library's reference kernel, for every group, against the same brute force: one setting
# per group, the four taken in turn (it compiles its JAX programs for every frequency count,
# about half a second per group; the identity itself is checked above for every setting).
@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_group_averaged_kernel_is_the_brute_force_average(g):
    spectrum, lengthscale, nu = SETTINGS[GROUPS.index(g) % len(SETTINGS)]
    basis, x, y, eigenvalues, average, diagonal = _group_average(g.symbol, g.dim)
    density = _spectral_density(eigenvalues, spectrum, lengthscale, nu, g.dim)
    expected = np.einsum("k,kij->ij", density, average) / (density @ diagonal)
    averaged = np.asarray(group_averaged_kernel(basis, spectrum, lengthscale, 1.0, nu)(x, y))
    np.testing.assert_allclose(averaged, expected, atol=1e-12)


def test_averaged_kernel_refuses_a_cut_level():
    basis = invariant_basis(wallpaper_group("p1"), n=4)  # cuts the 4-fold level lambda = 4 pi^2
    with pytest.raises(ValueError, match="degenerate level"):
        group_averaged_kernel(basis)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"spectrum": "cauchy"}, "unknown spectrum"),
        ({"lengthscale": 0.0}, "lengthscale"),
        ({"lengthscale": float("inf")}, "lengthscale"),
        ({"amplitude": -1.0}, "amplitude"),
        ({"nu": 0.0}, "nu"),
    ],
)
def test_bad_kernel_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        spectral_kernel(invariant_basis(wallpaper_group("p2"), n=10), **kwargs)
