"""The Laplacian eigen-equation -Laplace(phi) = lambda phi, by finite differences in
Cartesian coordinates, on lattices of every shape."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.basis import invariant_basis

CASES = [
    ("p2", "oblique", dict(a=1.0, b=1.3, gamma=112.0)),
    ("p4gm", "square", dict(a=1.7)),
    ("p2gg", "rectangular", dict(a=0.8, b=1.9)),
    ("p6mm", "hexagonal", dict(a=1.2)),
    ("p31m", "hexagonal", dict(a=0.9)),
    ("P-1", "triclinic", dict(a=1.0, b=1.2, c=0.9, alpha=75.0, beta=100.0, gamma=110.0)),
    ("P2_1/c", "monoclinic", dict(a=1.1, b=0.9, c=1.3, beta=118.0)),
    ("C2/c", "monoclinic", dict(a=1.4, b=0.9, c=1.1, beta=103.0)),
    ("Fd-3m", "cubic", dict(a=1.3)),
    ("P6_3/mmc", "hexagonal", dict(a=1.0, c=1.6)),
    ("R-3m", "rhombohedral, hexagonal axes", dict(a=1.0, c=2.4)),
    ("I4_1/amd", "tetragonal", dict(a=1.0, c=1.7)),
]


@pytest.mark.parametrize(("symbol", "kind", "parameters"), CASES, ids=[c[0] for c in CASES])
def test_eigen_equation_by_finite_differences(symbol, kind, parameters, rng):
    g = wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol)
    lattice = g.lattice(**parameters)
    basis = invariant_basis(g, n=30, lattice=lattice)
    h = 1e-4
    r = lattice.to_cartesian(rng.random((8, g.dim)))
    centre = np.asarray(basis.cartesian(r))
    laplacian = np.zeros_like(centre)
    for axis in range(g.dim):
        step = np.zeros(g.dim)
        step[axis] = h
        plus = np.asarray(basis.cartesian(r + step))
        minus = np.asarray(basis.cartesian(r - step))
        laplacian += (plus - 2 * centre + minus) / h**2
    scale = np.abs(basis.eigenvalues * centre).max()
    # Second differences lose about eps / h^2 = 1e-8 relative to the function scale.
    np.testing.assert_allclose(-laplacian, basis.eigenvalues * centre, atol=2e-5 * scale)


def test_eigenvalues_scale_with_the_lattice():
    small = invariant_basis(space_group("Pm-3m"), n=20, lattice=np.eye(3))
    large = invariant_basis(space_group("Pm-3m"), n=20, lattice=2 * np.eye(3))
    np.testing.assert_allclose(small.eigenvalues, 4 * large.eigenvalues)
    assert small.eigenvalues[1] == pytest.approx(4 * np.pi**2)
