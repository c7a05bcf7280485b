"""phi(g.x + l) = phi(x) for every operation and lattice translation of every group."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest
import spglib

from sgexplore.basis import invariant_basis
from sgexplore.groups._spacegroup_data import quiet_spglib

from ..conftest import all_groups

N_FUNCTIONS = 40
TOLERANCE = {jnp.float64: 1e-10, jnp.float32: 1e-4}


def _operations(g):
    """Space-group operations straight from spglib (not from sgexplore); plane groups'
    operations are checked against spglib separately (tests/oracles)."""
    if g.dim == 2:
        return g.rotations, g.translations
    with quiet_spglib():
        symmetry = spglib.get_symmetry_from_database(g.hall_number)
    return symmetry["rotations"], symmetry["translations"]


@all_groups
@pytest.mark.parametrize("dtype", [jnp.float64, jnp.float32], ids=["f64", "f32"])
def test_invariance(g, dtype, rng):
    basis = invariant_basis(g, n=N_FUNCTIONS, dtype=dtype)
    rotations, translations = _operations(g)
    x = np.concatenate([rng.random((6, g.dim)), rng.uniform(-60, 60, (6, g.dim))])
    shifts = rng.integers(-40, 40, size=(len(rotations), len(x), g.dim))
    images = np.einsum("gij,pj->gpi", rotations, x) + translations[:, None, :] + shifts
    reference = np.asarray(basis(x), dtype=np.float64)
    moved = np.asarray(basis(images.reshape(-1, g.dim)), dtype=np.float64)
    error = np.abs(moved.reshape(len(rotations), len(x), -1) - reference[None]).max()
    assert error < TOLERANCE[dtype]
    assert np.all(np.isfinite(reference))
