"""The group's Fourier transform of a crystal, checked against independent computations:
the density against a direct real-space sum, coefficients from structure factors against
the grid transform, errors against Parseval, extinct structure factors against zero."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.crystal import (
    EXAMPLES,
    density_on_grid,
    example,
    project_density,
    structure_factors,
)


@pytest.fixture(scope="module", params=list(EXAMPLES))
def projection(request):
    crystal = example(request.param)
    return crystal, project_density(crystal, n=150, width=0.6)


def test_density_on_grid_equals_the_real_space_gaussian_sum():
    crystal = example("TiO2")
    width = 0.6
    values = density_on_grid(crystal, (20, 20, 14), width=width)
    rng = np.random.default_rng(1)
    shifts = np.stack(np.meshgrid(*[np.arange(-2, 3)] * 3, indexing="ij"), -1).reshape(-1, 3)
    for index in rng.integers(0, [20, 20, 14], size=(12, 3)):
        x = index / np.array([20, 20, 14])
        delta = (x - crystal.positions)[:, None, :] - shifts[None]
        r2 = np.sum((delta @ crystal.lattice.T) ** 2, axis=-1)
        direct = np.sum(crystal.numbers[:, None] * np.exp(-r2 / (2 * width**2)))
        assert values[tuple(index)] == pytest.approx(direct, rel=1e-9, abs=1e-9)


def test_coefficients_from_structure_factors_equal_the_grid_transform(projection):
    _, p = projection
    grid = np.asarray(p.basis.coefficients(p.density), dtype=float)
    np.testing.assert_allclose(p.coefficients, grid, atol=1e-6 * np.abs(p.coefficients).max())


def test_reconstruction_error_decreases_with_n_and_matches_the_synthesis(projection):
    _, p = projection
    assert np.all(np.diff(p.errors) <= 1e-12) and p.errors[-1] < p.errors[0]
    for n, error in zip(p.sizes[::4], p.errors[::4]):
        direct = np.linalg.norm(p.reconstruction(n) - p.density) / np.linalg.norm(p.density)
        assert direct == pytest.approx(error, rel=1e-3, abs=1e-5)


def test_extinct_orbits_have_zero_structure_factor(projection):
    crystal, p = projection
    scale = np.abs(structure_factors(crystal, np.zeros((1, 3)))).max()
    assert np.abs(p.extinct_factors).max(initial=0.0) < 1e-12 * scale
    if crystal.group.number in (227, 186, 136, 14):  # glides or screws: reflections vanish
        assert len(p.extinct_frequencies) > 0


def test_density_is_invariant_under_the_group():
    crystal = example("ZrO2")
    rng = np.random.default_rng(3)
    k = rng.integers(-4, 5, size=(40, 3))
    rho = structure_factors(crystal, k)
    for op in crystal.group.operations:
        rotation = np.asarray(op.rotation, dtype=float)
        translation = np.asarray(op.translation, dtype=float)
        # rho(Rx + t) = rho(x)  <=>  rho_{R^T k} = exp(2 pi i k.t) rho_k
        moved = structure_factors(crystal, k @ rotation)
        np.testing.assert_allclose(moved, np.exp(2j * np.pi * k @ translation) * rho,
                                   atol=1e-12 * np.abs(rho).max())


def test_grids_that_would_exhaust_memory_are_refused():
    with pytest.raises(ValueError, match="more than"):
        density_on_grid(example("NaCl"), (512, 512, 512))
