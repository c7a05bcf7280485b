"""Asymmetric units: measure = cell / order, and their images tile the cell."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ..conftest import WALLPAPER, every_group_and_setting

N_SAMPLES = 400


@every_group_and_setting
def test_measure_is_cell_over_order(g):
    assert g.fundamental_domain.measure == pytest.approx(1 / g.order, rel=1e-12)


@every_group_and_setting
def test_vertices_lie_on_the_closed_domain(g):
    domain = g.fundamental_domain
    assert np.all(domain.contains(domain.vertices, tolerance=1e-12))
    on_cuts = np.isclose(domain.vertices @ domain.normals.T + domain.offset_array, 0, atol=1e-12)
    assert np.all(on_cuts.sum(axis=1) >= g.dim), "every vertex is where >= d cuts meet"


@every_group_and_setting
def test_images_tile_the_cell(g, rng):
    """Exactly one image of a random point (over operations and lattice shifts) lies in the
    domain: the domain is a fundamental domain, boundaries having measure zero."""
    domain = g.fundamental_domain
    x = rng.random((N_SAMPLES, g.dim))
    images = np.mod(np.einsum("nij,pj->pni", g.rotations, x) + g.translations, 1.0)
    shifts = np.array(list(itertools.product(range(-1, 2), repeat=g.dim)), dtype=float)
    candidates = images[:, :, None, :] + shifts[None, None, :, :]
    counts = domain.contains(candidates).reshape(N_SAMPLES, -1).sum(axis=1)
    np.testing.assert_array_equal(counts, 1)


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_polygon_is_counter_clockwise(g):
    v = g.fundamental_domain.vertices
    signed_area = 0.5 * np.sum(v[:, 0] * np.roll(v[:, 1], -1) - np.roll(v[:, 0], -1) * v[:, 1])
    assert signed_area == pytest.approx(1 / g.order)
