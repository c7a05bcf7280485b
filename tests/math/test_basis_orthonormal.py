"""Discrete orthonormality on a grid that resolves the basis, for every group."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.basis import invariant_basis

from ..conftest import all_groups


@all_groups
def test_orthonormal_on_grid(g):
    basis = invariant_basis(g, n=60 if g.dim == 2 else 40)
    grid = basis.minimal_grid()
    values = np.asarray(basis.on_grid(grid)).reshape(-1, len(basis))
    gram = values.T @ values / values.shape[0]
    np.testing.assert_allclose(gram, np.eye(len(basis)), atol=1e-11)
    np.testing.assert_allclose(values[:, 0], 1.0, atol=1e-12)
    assert basis.eigenvalues[0] == 0.0
    assert np.all(np.diff(basis.eigenvalues) >= 0)
    assert basis.multiplicities.sum() == len(basis)


@all_groups
def test_grid_matches_direct_evaluation(g, rng):
    basis = invariant_basis(g, n=25)
    shape = (12,) * g.dim
    grid = np.stack(np.meshgrid(*[np.arange(s) / s for s in shape], indexing="ij"), axis=-1)
    direct = np.asarray(basis(grid.reshape(-1, g.dim))).reshape(*shape, -1)
    np.testing.assert_allclose(np.asarray(basis.on_grid(shape)), direct, atol=1e-11)
    tiled = np.asarray(basis.on_grid(shape, cells=2))
    assert tiled.shape == tuple(2 * s for s in shape) + (len(basis),)
    np.testing.assert_allclose(tiled[(slice(shape[0], None),) * g.dim], direct, atol=1e-11)


@all_groups
def test_smaller_bases_are_prefixes_of_larger_ones(g):
    small = invariant_basis(g, n=30)
    large = invariant_basis(g, n=120)
    np.testing.assert_array_equal(small.eigenvalues, large.eigenvalues[:30])
    for a, b in zip(small.frequency_orbits, large.frequency_orbits):
        np.testing.assert_array_equal(a.frequencies, b.frequencies)
        np.testing.assert_array_equal(a.coefficients, b.coefficients)
