"""Orbits and site symmetry of points at the edge of the cell, and bad tolerances."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.groups._symmetry import PointError, ToleranceError

from ..conftest import all_groups

TINY = (-1e-17, 1e-17, -5e-324, -1e-300, 1 - 1e-17, -1 - 1e-16)


@all_groups
def test_orbits_of_points_at_the_cell_edge_lie_in_the_half_open_cell(g):
    exact = np.zeros(g.dim)
    exact[0] = 0.3
    size = len(g.orbit(exact))
    for value in TINY:
        x = exact.copy()
        x[1:] = value
        images = g.orbit(x)
        assert np.all((images >= 0) & (images < 1)), images[(images < 0) | (images >= 1)]
        assert len(images) == size, "the same point as without the rounding"
    x = exact.copy()
    x[1] = -1e-17
    assert g.site_symmetry(x).letter == g.site_symmetry(exact).letter


@pytest.mark.parametrize("tolerance", [np.nan, np.inf, -np.inf, 0.0, -1e-6, 0.5, 1, True, "1e-6", None],
                         ids=repr)
@pytest.mark.parametrize("symbol", ["P2_1/c", "Fm-3m", "p4mm"])
def test_bad_tolerances_are_refused(symbol, tolerance):
    g = space_group(symbol) if symbol[0].isupper() else wallpaper_group(symbol)
    x = np.full(g.dim, 0.1234)
    for method in (g.orbit, g.site_symmetry):
        with pytest.raises(ToleranceError, match=r"tolerance must be a finite number in \(0, 0.02\]"):
            method(x, tolerance=tolerance)


def test_tolerance_is_used_up_to_its_limit():
    g = space_group("Fm-3m")
    assert len(g.orbit([0.01, 0, 0], tolerance=0.02)) == 4  # within tolerance of the origin
    assert len(g.orbit([0.01, 0, 0], tolerance=1e-6)) == 24
    assert g.site_symmetry([0.25 + 1e-3, 0.25, 0.25], tolerance=0.01).letter == "c"


def test_bad_points_are_refused_with_a_value_error():
    g = space_group("Fm-3m")
    for point in ([0.1, 0.2], [np.nan, 0, 0], [np.inf, 0, 0]):
        with pytest.raises(PointError, match="3 finite fractional coordinates"):
            g.orbit(point)
    assert issubclass(PointError, ValueError) and issubclass(ToleranceError, ValueError)
