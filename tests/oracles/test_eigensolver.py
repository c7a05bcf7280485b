"""An independent eigen-solver: the finite-difference Laplacian restricted to invariant
grid functions (the Laplacian on the fundamental domain), Richardson-extrapolated."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from sgexplore import wallpaper_group
from sgexplore.basis import invariant_basis

GROUPS = ["p1", "pg", "cm", "p2gg", "p4gm", "p3", "p31m", "p6mm", "p2"]
N_EIGENVALUES = 12


def _invariant_laplacian_eigenvalues(g, lattice, size: int) -> np.ndarray:
    """Lowest eigenvalues of -Q^T L Q, with L the periodic FD Laplacian in fractional
    coordinates (sum_ab G_ab d_a d_b, G = M^-1) and Q the normalised orbit indicators."""
    inverse_metric = np.linalg.inv(lattice.metric)
    h = 1.0 / size
    index = np.arange(size * size).reshape(size, size)

    def shifted(da: int, db: int) -> np.ndarray:
        return np.roll(np.roll(index, -da, axis=0), -db, axis=1).ravel()

    rows, cols, vals = [], [], []
    centre = index.ravel()

    def add(da: int, db: int, weight: float) -> None:
        rows.append(centre)
        cols.append(shifted(da, db))
        vals.append(np.full(centre.shape, weight))

    for axis, step in ((0, (1, 0)), (1, (0, 1))):
        g_aa = inverse_metric[axis, axis] / h**2
        add(*step, g_aa)
        add(-step[0], -step[1], g_aa)
        add(0, 0, -2 * g_aa)
    cross = 2 * inverse_metric[0, 1] / (4 * h**2)
    for da, db, sign in ((1, 1, 1), (-1, -1, 1), (1, -1, -1), (-1, 1, -1)):
        add(da, db, sign * cross)
    laplacian = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(size**2,) * 2
    )
    # Orbits of grid points under the group (the grid is mapped to itself: size % 24 == 0).
    points = np.stack(np.meshgrid(np.arange(size), np.arange(size), indexing="ij"), -1).reshape(-1, 2)
    label = np.arange(size * size)
    for r, t in zip(g.rotations, g.translation_numerators):
        image = np.mod(points @ r.T + t * size // 24, size)
        label = np.minimum(label, image[:, 0] * size + image[:, 1])
    _, orbit = np.unique(label, return_inverse=True)
    counts = np.bincount(orbit)
    q = sp.csr_matrix((1 / np.sqrt(counts[orbit]), (np.arange(size * size), orbit)))
    reduced = q.T @ laplacian @ q
    operator = -(reduced + reduced.T) / 2
    # Shift-invert about a negative shift: the operator is positive semi-definite.
    # Ask for twice as many: ARPACK may drop a member of a degenerate pair at the edge.
    values = eigsh(operator.tocsc(), k=2 * N_EIGENVALUES, sigma=-1.0, which="LM")[0]
    return np.sort(values)[:N_EIGENVALUES]


@pytest.mark.parametrize("symbol", GROUPS)
def test_finite_difference_eigenvalues(symbol):
    g = wallpaper_group(symbol)
    lattice = g.default_lattice
    coarse = _invariant_laplacian_eigenvalues(g, lattice, 48)
    fine = _invariant_laplacian_eigenvalues(g, lattice, 96)
    extrapolated = (4 * fine - coarse) / 3
    basis = invariant_basis(g, n=N_EIGENVALUES, lattice=lattice)
    np.testing.assert_allclose(extrapolated[1:], basis.eigenvalues[1:], rtol=2e-3)
    assert abs(extrapolated[0]) < 1e-8
