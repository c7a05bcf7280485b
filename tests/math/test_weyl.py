"""Weyl's law for the eigenvalue counts of every group, with the mirror boundary term."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.spatial import ConvexHull

from sgexplore.basis import invariant_basis

from ..conftest import all_groups


def _mirror_measure(g) -> float:
    """Cartesian length (2D) or area (3D) of the asymmetric-unit faces lying on mirrors:
    faces fixed pointwise by a reflection (with a lattice shift)."""
    domain = g.fundamental_domain
    matrix = g.default_lattice.matrix
    shifts = np.array(list(itertools.product(range(-1, 2), repeat=g.dim)))
    total = 0.0
    for normal, offset in zip(domain.normals, domain.offset_array):
        face = domain.vertices[np.abs(domain.vertices @ normal + offset) < 1e-9]
        if len(face) < g.dim:
            continue
        mirror = any(
            np.allclose(face @ r.T + t + shift, face, atol=1e-9)
            for r, t in zip(g.rotations, g.translations)
            if round(np.linalg.det(r)) == -1
            for shift in shifts
        )
        if not mirror:
            continue
        cartesian = face @ matrix.T
        if g.dim == 2:
            total += float(np.linalg.norm(cartesian[0] - cartesian[1]))
        else:
            u = cartesian[1] - cartesian[0]
            u /= np.linalg.norm(u)
            normal_c = np.cross(u, cartesian[2] - cartesian[0])
            v = np.cross(normal_c / np.linalg.norm(normal_c), u)
            planar = np.stack([(cartesian - cartesian[0]) @ u, (cartesian - cartesian[0]) @ v], 1)
            total += float(ConvexHull(planar).volume)
    return total


@all_groups
def test_weyl_law(g):
    basis = invariant_basis(g, n=3000 if g.dim == 2 else 1500)
    volume = g.default_lattice.volume / g.order
    mirror = _mirror_measure(g)
    lam = np.linspace(basis.eigenvalues[-1] / 2, basis.eigenvalues[-1] * 0.999, 300)
    counts = np.searchsorted(basis.eigenvalues, lam, side="right")
    if g.dim == 2:
        leading = volume * lam / (4 * np.pi)
        boundary = mirror * np.sqrt(lam) / (4 * np.pi)
        # Remainders are O(1) on average (corners and cone points); mirror terms are >= 25.
        assert abs(np.mean(counts - leading - boundary)) < 2.5
    else:
        leading = volume * lam**1.5 / (6 * np.pi**2)
        boundary = mirror * lam / (16 * np.pi)
        residual = np.mean(counts - leading - boundary)
        # Edges and axes leave O(sqrt(lambda)) terms: a few percent of the leading term.
        assert abs(residual) < 0.03 * np.mean(leading)
        if mirror:
            # Axes and mirror edges add O(sqrt(lambda)) terms of either sign; the area term
            # must still explain most of the excess over the volume term.
            without = abs(residual + np.mean(boundary))
            assert abs(residual) < 0.5 * without, "the mirror term is needed"
