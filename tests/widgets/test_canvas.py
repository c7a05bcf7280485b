"""SymmetryCanvas: the operations it sends are the group's, its images are the orbits."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.widgets import SymmetryCanvas

from ..conftest import WALLPAPER


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_canvas_sends_the_group_and_repeats_strokes_by_it(g, rng):
    canvas = SymmetryCanvas(g.common_symbol)
    ops = np.asarray(canvas.operations)
    assert ops.shape == (len(g.rotations), 2, 3)
    np.testing.assert_array_equal(ops[:, :, :2], g.rotations)
    np.testing.assert_allclose(np.asarray(canvas.lattice), g.default_lattice.matrix)
    stroke = rng.random((5, 2))
    canvas.strokes = [stroke.tolist()]
    images = canvas.images()[0]  # (|H|, 5, 2)
    for k, point in enumerate(stroke):
        expected = np.unique(np.round(g.orbit(point), 8), axis=0)
        drawn = np.unique(np.round(np.mod(images[:, k], 1.0), 8) % 1.0, axis=0)
        assert len(drawn) == len(expected)
        assert all(np.min(np.abs(np.mod(drawn - e + 0.5, 1.0) - 0.5).sum(axis=1)) < 1e-7 for e in expected)


def test_unknown_group_keeps_the_last_one():
    canvas = SymmetryCanvas("p3")
    canvas.group = "p5"
    assert "unknown wallpaper group" in canvas.error and len(canvas.operations) == 3
