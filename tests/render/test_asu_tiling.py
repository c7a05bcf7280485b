"""The tiling made visible: images of the asymmetric unit under the operations modulo the
lattice, cut into the unit cell, fill it exactly once (all 230 groups)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import ConvexHull

from sgexplore import space_group
from sgexplore.render import asu_tiling, plot_asu_tiling, tiling_operations
from tests.conftest import space_groups


@space_groups
def test_images_of_the_asymmetric_unit_tile_the_cell(g):
    tiles = asu_tiling(g)
    assert len(tiles) == len(g.operations)
    assert sorted(t.operation for t in tiles) == sorted(op.xyz for op in g.operations)
    assert tiles[0].operation == "x,y,z"
    # Each image has the asymmetric unit's volume (an isometry, cut and moved by lattice
    # vectors), and together they make one cell.
    measure = g.fundamental_domain.measure
    np.testing.assert_allclose([t.volume for t in tiles], measure, rtol=1e-9)
    assert sum(t.volume for t in tiles) == pytest.approx(1.0, abs=1e-9)
    # Random points of the cell lie in exactly one image (independent of the volumes).
    points = np.random.default_rng(g.number).random((64, 3))
    hits = np.zeros(len(points), dtype=int)
    for tile in tiles:
        inside = np.zeros(len(points), dtype=bool)
        for piece in tile.pieces:
            assert np.all((piece > -1e-9) & (piece < 1 + 1e-9))
            eq = ConvexHull(piece).equations
            inside |= np.all(points @ eq[:, :3].T + eq[:, 3] <= 1e-12, axis=1)
        hits += inside
    assert hits.tolist() == [1] * len(points)
    figure = plot_asu_tiling(g)
    meshes = [t for t in figure.data if t.type == "mesh3d"]
    assert len(meshes) == len(g.operations)
    for mesh in meshes:
        xyz = np.array([mesh.x, mesh.y, mesh.z], dtype=float)
        assert np.isfinite(xyz).all()
        assert np.max(np.concatenate([mesh.i, mesh.j, mesh.k])) < xyz.shape[1]


@pytest.mark.parametrize("symbol", ["P2_1/c", "Fm-3m", "P6_3/mmc", "Ia-3d"])
def test_steps_show_one_more_copy_each(symbol):
    g = space_group(symbol)
    ops = [op.xyz for op in tiling_operations(g)]
    for steps in (1, 2, len(ops)):
        figure = plot_asu_tiling(g, steps)
        names = [t.name for t in figure.data if t.type == "mesh3d"]
        assert names == [f"{i + 1}: {xyz}" for i, xyz in enumerate(ops[:steps])]
        assert f"{steps} of {len(ops)} copies" in figure.layout.title.text
        assert figure.data[-1].opacity > figure.data[1].opacity or steps == 1
    assert ops[:len(g.coset_representatives)] == [op.xyz for op in g.coset_representatives]


@pytest.mark.parametrize("steps", [0, 5, -1, 2.5, True])
def test_bad_steps_are_refused(steps):
    with pytest.raises(ValueError, match="from 1 to 4"):
        plot_asu_tiling("P2_1/c", steps)
