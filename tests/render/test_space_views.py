"""The isosurface view a class can read: symmetry elements hidden until one legend click,
axes in colours other than the isosurfaces', a tall scene; slices of oblique cells in
Cartesian coordinates."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import invariant_basis, space_group
from sgexplore.render import plot_isosurfaces, plot_slice
from sgexplore.render._space import ISOSURFACE_COLOURS


@pytest.mark.parametrize("symbol", ["Fm-3m", "P6_3/mmc", "P2_1/c", "I4_1/amd"])
def test_isosurfaces_keep_symmetry_elements_hidden_in_one_legend_group(symbol):
    g = space_group(symbol)
    values = np.asarray(invariant_basis(g, n=3).on_grid((16, 16, 16)))[..., 2]
    figure = plot_isosurfaces(g, values)
    surfaces = [t for t in figure.data if t.name.startswith("f = ")]
    assert [t.color for t in surfaces] == list(ISOSURFACE_COLOURS)
    assert all(t.visible is None or t.visible is True for t in surfaces)
    elements = [t for t in figure.data if "axes" in t.name or t.name == "asymmetric unit"]
    assert any("axes" in t.name for t in elements)
    for trace in elements:
        assert trace.visible == "legendonly" and trace.legendgroup == "symmetry elements"
        if "axes" in trace.name and trace.name != "screw axes":
            assert trace.line.color.lower() not in {c.lower() for c in ISOSURFACE_COLOURS}
    assert figure.layout.legend.groupclick == "togglegroup"
    assert figure.layout.height >= 600


@pytest.mark.parametrize("symbol", ["P6/mmm", "P2_1/c", "R-3m"])
def test_slices_of_oblique_cells_are_drawn_in_cartesian_coordinates(symbol):
    g = space_group(symbol)
    lattice = g.default_lattice
    n = 48
    x = np.arange(n) / n
    # f = cos 2 pi x (x fractional along a): in the plane z = 0 the value at a Cartesian
    # point is cos 2 pi of its fractional x, found here by solving with the lattice.
    values = np.broadcast_to(np.cos(2 * np.pi * x)[:, None, None], (n, n, n))
    figure = plot_slice(values, 2, 0, lattice=lattice)
    heat, cell = figure.data
    a, b = lattice.matrix[:, 0], lattice.matrix[:, 1]
    corners = np.array([cell.x, cell.y]).T
    # The outline is the cell's parallelogram: its sides have the lengths and angle of a, b.
    np.testing.assert_allclose(np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(a))
    np.testing.assert_allclose(np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(b))
    cos = (corners[1] - corners[0]) @ (corners[3] - corners[0]) / np.linalg.norm(a) / np.linalg.norm(b)
    np.testing.assert_allclose(cos, a @ b / np.linalg.norm(a) / np.linalg.norm(b), atol=1e-12)
    frame = np.array([corners[1] - corners[0], corners[3] - corners[0]]).T
    X, Y = np.meshgrid(heat.x, heat.y, indexing="xy")
    fractional = np.linalg.solve(frame, np.array([X.ravel(), Y.ravel()]))
    expected = np.cos(2 * np.pi * fractional[0]).reshape(X.shape)
    # Bilinear resampling of a 48-point cosine: error below (2 pi / 48)^2 / 8.
    np.testing.assert_allclose(np.asarray(heat.z, dtype=float), expected, atol=0.003)


def test_slice_of_a_rectangular_cell_is_the_grid_itself():
    values = np.random.default_rng(0).random((8, 8, 8))
    g = space_group("Pmmm")
    heat = plot_slice(values, 2, 3, lattice=g.default_lattice).data[0]
    np.testing.assert_array_equal(np.asarray(heat.z), values[:, :, 3].T.astype(np.float32))


@pytest.mark.parametrize("symbol", ["P2_1/c", "Fm-3m", "P6_3/mmc"])
def test_orbifold_and_tiling_scenes_fit_their_box(symbol):
    """aspectmode='data' put the camera inside thin asymmetric units: the box's longest side
    is 1 and the aspect ratio that of the drawn data."""
    from sgexplore.orbifolds import orbifold
    from sgexplore.render import plot_asu_tiling, plot_space_orbifold

    for figure in (plot_space_orbifold(orbifold(symbol)), plot_asu_tiling(symbol, 1)):
        xyz = np.concatenate([np.array([t.x, t.y, t.z], dtype=float).T for t in figure.data])
        span = np.nanmax(xyz, axis=0) - np.nanmin(xyz, axis=0)
        ratio = figure.layout.scene.aspectratio
        np.testing.assert_allclose([ratio.x, ratio.y, ratio.z], span / span.max(), atol=1e-9)
        eye = figure.layout.scene.camera.eye
        assert np.linalg.norm([eye.x, eye.y, eye.z]) > np.sqrt(3)  # outside the box
