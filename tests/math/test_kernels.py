"""Invariant kernels: invariance in each argument, PSD, symmetry, normalisation, and the
equivalence with the group-averaged periodic kernel."""

from __future__ import annotations

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


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
@pytest.mark.parametrize(("spectrum", "lengthscale", "nu"), SETTINGS[:2], ids=["heat", "matern12"])
def test_invariant_in_each_argument(g, spectrum, lengthscale, nu, rng):
    kernel = spectral_kernel(invariant_basis(g, n=60), spectrum, lengthscale, 1.3, nu)
    x = rng.uniform(-3, 3, (5, g.dim))
    y = rng.uniform(-3, 3, (6, g.dim))
    reference = np.asarray(kernel(x, y))
    images_x = (np.einsum("gij,pj->gpi", g.rotations, x) + g.translations[:, None]).reshape(-1, g.dim)
    images_y = (np.einsum("gij,pj->gpi", g.rotations, y) + g.translations[:, None]).reshape(-1, g.dim)
    first = np.asarray(kernel(images_x, y)).reshape(g.order, 5, 6)
    second = np.asarray(kernel(x, images_y)).reshape(5, g.order, 6)
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


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
@pytest.mark.parametrize(("spectrum", "lengthscale", "nu"), SETTINGS, ids=["heat", "m12", "m52", "rbf"])
def test_equals_group_averaged_periodic_kernel(g, spectrum, lengthscale, nu, rng):
    lattice = g.default_lattice
    # A bound in the middle of a gap, so the basis ends at a complete level.
    probe = invariant_basis(g, n=50, lattice=lattice)
    bound = float(probe.levels[-2] + probe.levels[-1]) / 2
    basis = invariant_basis(g, max_eigenvalue=bound, lattice=lattice)
    x = rng.uniform(-2, 2, (6, g.dim))
    y = rng.uniform(-2, 2, (5, g.dim))
    spectral = np.asarray(spectral_kernel(basis, spectrum, lengthscale, 1.0, nu)(x, y))
    averaged = np.asarray(group_averaged_kernel(basis, spectrum, lengthscale, 1.0, nu)(x, y))
    np.testing.assert_allclose(spectral, averaged, atol=1e-12)


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
