"""Isosurfaces computed by marching cubes lie on the level set of the function they show."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import invariant_basis, space_group
from sgexplore.render import isosurface_mesh, plot_isosurfaces, plot_slice

# One or more groups of every crystal system and centring.
GROUPS = ["P-1", "P2_1/c", "C2/c", "Pnma", "Fddd", "I4_1/amd", "P4/mmm", "R-3m", "P6_3/mmc",
          "Pa-3", "Fm-3m", "Fd-3m", "Ia-3d", "P2_13"]


@pytest.mark.parametrize("symbol", GROUPS)
def test_isosurface_vertices_are_on_the_level_set(symbol):
    g = space_group(symbol)
    basis = invariant_basis(g, n=4)
    values = np.asarray(basis.on_grid((24,) * 3))[..., 3]
    level = 0.4 * np.abs(values).max()
    vertices, faces = isosurface_mesh(values, level)
    assert len(faces) > 0 and faces.max() < len(vertices)
    assert vertices.min() >= -1e-12 and vertices.max() <= 1 + 1e-12
    # Linear interpolation on a 24^3 grid: the exact function is within a small band.
    exact = np.asarray(basis(vertices))[:, 3]
    assert np.abs(exact - level).max() < 0.12 * np.abs(values).max()
    figure = plot_isosurfaces(g, values, 0.4)
    names = {t.name for t in figure.data}
    assert {"f = +0.4 max|f|", "f = -0.4 max|f|", "unit cell", "asymmetric unit"} <= names
    for trace in figure.data:
        values = [v for v in trace.x if v is not None]  # None separates line segments
        assert np.all(np.isfinite(np.array(values, dtype=float)))


def test_slice_and_bad_requests():
    values = np.arange(64.0).reshape(4, 4, 4)
    np.testing.assert_allclose(plot_slice(values, axis=0, index=2).data[0].z, values[2].T)
    with pytest.raises(ValueError, match="no slice"):
        plot_slice(values, axis=1, index=4)
    with pytest.raises(ValueError, match="fraction"):
        plot_isosurfaces(space_group("P1"), values, 1.5)
