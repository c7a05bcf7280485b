"""synthesize and coefficients are inverse to each other and agree with direct evaluation."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.basis import BasisTooLargeError, invariant_basis

GROUPS = ["p1", "pg", "cm", "p4gm", "p3", "p6mm", "P2_1/c", "Fd-3m", "I4_1/amd", "R-3c", "Pm-3n"]


def _group(symbol):
    return wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol)


@pytest.mark.parametrize("symbol", GROUPS)
def test_synthesize_matches_direct_and_inverts(symbol, rng):
    g = _group(symbol)
    basis = invariant_basis(g, n=50)
    shape = basis.minimal_grid(multiple=6)
    c = rng.normal(size=(3, len(basis)))
    field = np.asarray(basis.synthesize(c, shape))
    assert field.shape == (3, *shape)
    grid = np.stack(np.meshgrid(*[np.arange(s) / s for s in shape], indexing="ij"), -1)
    direct = np.asarray(basis(grid.reshape(-1, g.dim))) @ c.T
    np.testing.assert_allclose(field.reshape(3, -1).T, direct, atol=1e-10)
    np.testing.assert_allclose(np.asarray(basis.coefficients(field)), c, atol=1e-10)


@pytest.mark.parametrize("symbol", ["p4gm", "Fd-3m"])
def test_coarse_grids_are_still_exact_at_grid_points(symbol, rng):
    """Frequencies fold onto a grid too coarse to resolve them; values stay exact."""
    basis = invariant_basis(_group(symbol), n=80)
    shape = (6,) * basis.dim
    c = rng.normal(size=len(basis))
    grid = np.stack(np.meshgrid(*[np.arange(s) / s for s in shape], indexing="ij"), -1)
    direct = np.asarray(basis(grid.reshape(-1, basis.dim))) @ c
    np.testing.assert_allclose(np.asarray(basis.synthesize(c, shape)).ravel(), direct, atol=1e-10)


def test_float32_synthesis(rng):
    basis32 = invariant_basis(wallpaper_group("p6mm"), n=200, dtype=jnp.float32)
    basis64 = invariant_basis(wallpaper_group("p6mm"), n=200, dtype=jnp.float64)
    c = rng.normal(size=200)
    a = np.asarray(basis32.synthesize(c, (96, 96)))
    b = np.asarray(basis64.synthesize(c, (96, 96)))
    assert a.dtype == np.float32
    np.testing.assert_allclose(a, b, atol=1e-4 * np.abs(b).max())


def test_bad_requests():
    g = wallpaper_group("p4m")
    with pytest.raises(ValueError, match="exactly one"):
        invariant_basis(g)
    with pytest.raises(ValueError, match="exactly one"):
        invariant_basis(g, n=3, max_eigenvalue=10.0)
    with pytest.raises(ValueError, match="positive integer"):
        invariant_basis(g, n=0)
    with pytest.raises(ValueError, match="positive integer"):
        invariant_basis(g, n=2.5)
    with pytest.raises(ValueError, match=">= 0"):
        invariant_basis(g, max_eigenvalue=float("nan"))
    with pytest.raises(ValueError, match="float32 or float64"):
        invariant_basis(g, n=3, dtype=np.int32)
    with pytest.raises(BasisTooLargeError, match="candidate frequencies"):
        invariant_basis(space_group("P1"), max_eigenvalue=1e9)
    with pytest.raises(ValueError, match="not invariant"):
        invariant_basis(g, n=3, lattice=np.diag([1.0, 2.0]))
    with pytest.raises(ValueError, match="unknown"):
        invariant_basis("p7", n=3)
    basis = invariant_basis(g, n=10)
    with pytest.raises(BasisTooLargeError, match="GiB"):
        basis.on_grid((40000, 40000))
    with pytest.raises(ValueError, match="shape"):
        basis(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="grid shape"):
        basis.on_grid((8, 8, 8))
    with pytest.raises(ValueError, match="coefficients"):
        basis.synthesize(np.zeros(4), (8, 8))
