"""Embeddings of the 17 wallpaper orbifolds: invariance, derivatives, injectivity."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.orbifolds import (
    basis_embedding,
    injectivity_report,
    orbifold,
    orbifold_embedding,
    orbit_distance,
)

from ..conftest import wallpaper_groups

# Closed non-orientable orbifolds (Klein bottle, projective plane with cone points).
NOT_IN_R3 = {"pg", "p2gg"}
# Smallest n for which the first n non-constant basis functions separate orbits (measured;
# 2 for the four kaleidoscopes, as Steinberg's theorem on fundamental characters predicts).
GENERIC_DIMENSION = {"p1": 4, "p2": 3, "pm": 3, "pg": 5, "cm": 4, "p2mm": 2, "p2mg": 5,
                     "p2gg": 5, "c2mm": 3, "p4": 4, "p4mm": 2, "p4gm": 3, "p3": 4,
                     "p3m1": 2, "p31m": 3, "p6": 4, "p6mm": 2}


@wallpaper_groups
@pytest.mark.parametrize("dim", [3, 4])
def test_embedding_is_exactly_invariant(g, dim, rng):
    F = orbifold_embedding(g, dim)
    x = rng.uniform(-2, 2, size=(50, 2))
    for r, t in zip(g.rotations, g.translations):
        shift = rng.integers(-3, 4, size=(1, 2))
        np.testing.assert_allclose(F(x @ r.T + t + shift), F(x), atol=1e-12)


@wallpaper_groups
def test_jacobian_matches_finite_differences(g, rng):
    F = orbifold_embedding(g, 4)
    x = rng.random((20, 2))
    h = 1e-6
    numeric = np.stack([(F(x + h * e) - F(x - h * e)) / (2 * h) for e in np.eye(2)], axis=-1)
    np.testing.assert_allclose(F.jacobian(x), numeric, atol=1e-6)


@wallpaper_groups
def test_three_dimensional_picture_is_injective_exactly_when_the_orbifold_embeds(g):
    F = orbifold_embedding(g, 3)
    assert F.dim == 3
    report = injectivity_report(F, resolution=50)
    embeds = g.symbol not in NOT_IN_R3
    assert F.injective is embeds
    assert report.injective is embeds
    if not embeds:
        assert "self-intersects" in F.note
        assert orbifold(g).orientable is False


@wallpaper_groups
def test_four_dimensional_map_is_injective(g):
    report = injectivity_report(orbifold_embedding(g, 4), resolution=50)
    assert report.injective and report.separation > 1e-3
    far = report.orbit_distances >= report.delta
    assert np.all(report.embedding_distances[far] > 0)


@wallpaper_groups
def test_generic_basis_map_separates_orbits_from_its_measured_dimension(g):
    n = GENERIC_DIMENSION[g.symbol]
    assert injectivity_report(basis_embedding(g, n), resolution=50).injective
    if n > 1:
        assert not injectivity_report(basis_embedding(g, n - 1), resolution=50).injective


@wallpaper_groups
def test_orbit_distance_vanishes_on_orbits_and_is_a_distance(g, rng):
    x = rng.random((30, 2))
    for r, t in zip(g.rotations, g.translations):
        np.testing.assert_allclose(orbit_distance(g, x, x @ r.T + t + 2), 0, atol=1e-12)
    step = np.array([1e-3, 0.0])
    cartesian = np.linalg.norm(g.default_lattice.matrix @ step)
    assert np.all(orbit_distance(g, x, x + step) <= cartesian + 1e-12)


@wallpaper_groups
def test_orbifold_embedding_method_is_the_map(g, rng):
    x = rng.random((10, 2))
    o = orbifold(g)
    np.testing.assert_allclose(o.embedding(x), orbifold_embedding(g, 3)(x))
    assert o.embedding(x, dim=4).shape == (10, 4)


def test_hand_built_maps_are_the_papers_examples():
    a, b = 0.3 * 2 * np.pi, 0.1 * 2 * np.pi
    point = np.array([[0.3, 0.1]])
    np.testing.assert_allclose(orbifold_embedding("p1")(point)[0],
                               [(2 + np.cos(b)) * np.cos(a), (2 + np.cos(b)) * np.sin(a), np.sin(b)])
    np.testing.assert_allclose(orbifold_embedding("p2")(point)[0],
                               [np.cos(a), np.cos(b), np.sin(a) * np.sin(b)])
    np.testing.assert_allclose(orbifold_embedding("p4m")(point)[0],
                               [np.cos(a) + np.cos(b), np.cos(a) * np.cos(b), 0], atol=1e-15)


def test_a_map_invariant_under_a_smaller_group_is_not_injective_for_it():
    """The pillowcase map of p2 folds the torus of p1 in two: the report must say so."""
    F = orbifold_embedding("p2")
    p1 = orbifold_embedding("p1").group
    folded = type(F)(p1, F.frequencies, F.coefficients, F.component, F.labels, F.method, True, "")
    report = injectivity_report(folded, resolution=50)
    assert not report.injective
    x, y = report.collisions[0]
    assert np.allclose(F(x), F(y), atol=1e-6)
