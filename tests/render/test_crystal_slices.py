"""The crystal page's density slices in Cartesian coordinates: the in-plane frame has the
lattice's lengths and angle, and each pixel shows the density at the point of the cell it
covers (computed here from the 3D lattice, independently of the frame)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import map_coordinates

from sgexplore.crystal import EXAMPLES, example, plot_reconstruction, project_density, slice_frame


@pytest.fixture(scope="module", params=list(EXAMPLES))
def projection(request):
    return project_density(example(request.param), n=40)


@pytest.mark.parametrize("axis", [0, 1, 2], ids=["x", "y", "z"])
def test_frame_has_the_lengths_and_angle_of_the_lattice(projection, axis):
    lattice = projection.basis.lattice.matrix
    frame = slice_frame(lattice, axis)
    vectors = lattice[:, [i for i in range(3) if i != axis]]
    np.testing.assert_allclose(frame.T @ frame, vectors.T @ vectors, rtol=1e-12, atol=1e-12)
    assert frame[1, 0] == 0.0 and frame[0, 0] > 0 and frame[1, 1] > 0


def test_hexagonal_slice_is_a_120_degree_cell():
    lattice = example("ZnO").lattice
    frame = slice_frame(lattice, 2)
    cosine = frame[:, 0] @ frame[:, 1] / np.prod(np.linalg.norm(frame, axis=0))
    assert np.degrees(np.arccos(cosine)) == pytest.approx(120.0, abs=1e-6)


@pytest.mark.parametrize("axis", [0, 1, 2], ids=["x", "y", "z"])
def test_pixels_show_the_density_of_the_point_they_cover(projection, axis):
    lattice = projection.basis.lattice.matrix
    figure = plot_reconstruction(projection, 10, axis=axis, index=0, pixels=64)
    heatmap = figure.data[0]
    z = np.asarray(heatmap.z, dtype=np.float64)
    # An orthonormal frame of the slice plane from the 3D vectors: e1 along the first
    # in-plane vector, e2 the second made orthogonal to it (the plane's upper half).
    u, v = (lattice[:, i] for i in range(3) if i != axis)
    e1 = u / np.linalg.norm(u)
    e2 = v - (v @ e1) * e1
    e2 /= np.linalg.norm(e2)
    X, Y = np.meshgrid(np.asarray(heatmap.x), np.asarray(heatmap.y), indexing="xy")
    points = X[..., None] * e1 + Y[..., None] * e2
    fractional = points @ np.linalg.inv(lattice).T
    assert np.allclose(fractional[..., axis], 0.0, atol=1e-9)
    inside = np.all((fractional > -1e-9) & (fractional < 1 + 1e-9), axis=-1)
    np.testing.assert_array_equal(np.isnan(z), ~inside)
    slab = np.take(projection.density, 0, axis=axis)
    plane_axes = [i for i in range(3) if i != axis]
    coords = np.moveaxis(fractional[..., plane_axes] * np.array(slab.shape), -1, 0)
    expected = map_coordinates(slab, coords, order=1, mode="grid-wrap")
    # float32 in the figure (what the browser gets)
    np.testing.assert_allclose(z[inside], expected[inside], rtol=1e-5,
                               atol=1e-6 * np.abs(slab).max())


@pytest.mark.parametrize("axis", [0, 1, 2], ids=["x", "y", "z"])
def test_axes_are_fractional_with_titles(projection, axis):
    figure = plot_reconstruction(projection, 10, axis=axis)
    first, second = ("xyz"[i] + " (fractional, along " + "abc"[i] + ")" for i in range(3) if i != axis)
    frame = slice_frame(projection.basis.lattice.matrix, axis)
    for x_name, y_name in (("xaxis", "yaxis"), ("xaxis2", "yaxis2")):
        xaxis, yaxis = figure.layout[x_name], figure.layout[y_name]
        assert xaxis.title.text == first and yaxis.title.text == second
        assert list(xaxis.ticktext) == ["0", "0.25", "0.5", "0.75", "1"]
        np.testing.assert_allclose(xaxis.tickvals, np.linspace(0, 1, 5) * frame[0, 0])
        np.testing.assert_allclose(yaxis.tickvals, np.linspace(0, 1, 5) * frame[1, 1])
    assert figure.layout.yaxis.scaleanchor == "x" and figure.layout.yaxis2.scaleanchor == "x2"
