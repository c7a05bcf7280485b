"""Extinctions (reflection conditions) against brute-force group averages of plane waves."""

from __future__ import annotations

import itertools

import numpy as np

from sgexplore.basis import invariant_basis

from ..conftest import all_groups


@all_groups
def test_surviving_frequencies_match_brute_force_projection(g, rng):
    """k survives iff the group average of e_k is not identically zero, evaluated
    numerically at random points with every operation (centring included)."""
    reach = 4 if g.dim == 2 else 3
    box = np.array(list(itertools.product(range(-reach, reach + 1), repeat=g.dim)))
    x = rng.random((7, g.dim))
    images = np.einsum("gij,pj->gpi", g.rotations, x) + g.translations[:, None, :]
    average = np.exp(2j * np.pi * np.einsum("kd,gpd->kgp", box, images)).mean(axis=1)
    brute = {tuple(k) for k, a in zip(box, average) if np.abs(a).max() > 1e-9}

    lattice = g.default_lattice
    inverse = np.linalg.inv(lattice.metric)
    bound = 4 * np.pi**2 * max(k @ inverse @ k for k in box) * 1.0001
    basis = invariant_basis(g, max_eigenvalue=bound)
    support = set()
    for orbit in basis.frequency_orbits:
        for k in orbit.frequencies:
            support.add(tuple(k))
            support.add(tuple(-k))
    inside = {k for k in support if max(map(abs, k)) <= reach}
    assert inside == brute
    for k in basis.extinct_frequencies:
        if max(map(abs, k)) <= reach:
            assert tuple(k) not in brute
