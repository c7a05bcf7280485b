"""Figure structure for every wallpaper group: traces, finite data, closed polygons, labels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from sgexplore.orbifolds import orbifold
from sgexplore.render import plot_fundamental_domain, plot_symmetry_elements

from ..conftest import WALLPAPER


def _finite(values) -> np.ndarray:
    array = np.array([np.nan if v is None else v for v in values], dtype=float)
    return array[~np.isnan(array)]


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_symmetry_element_diagram(g):
    figure = plot_symmetry_elements(g, cells=2)
    assert isinstance(figure, go.Figure)
    names = {trace.name for trace in figure.data}
    assert {"unit cells", "fundamental domain"} <= names
    assert ("mirror lines" in names) == (len(g.cell_elements.mirror_lines) > 0)
    assert ("glide lines" in names) == (len(g.cell_elements.glide_lines) > 0)
    orders = set(g.cell_elements.rotation_orders.tolist())
    assert {f"{n}-fold centres" for n in orders} <= names
    for trace in figure.data:
        assert np.all(np.isfinite(_finite(trace.x))) and np.all(np.isfinite(_finite(trace.y)))
        assert len(_finite(trace.x)) > 0
    domain = next(t for t in figure.data if t.name == "fundamental domain")
    assert domain.x[0] == domain.x[-1] and domain.y[0] == domain.y[-1], "closed polygon"
    xs = np.concatenate([_finite(t.x) for t in figure.data])
    extent = g.default_lattice.to_cartesian(np.array([[2, 2], [2, 0], [0, 2]])).max(axis=0)
    assert xs.max() <= extent[0] + 1e-9 and xs.min() >= -abs(extent[0]) - 1e-9
    assert g.conway in figure.layout.title.text


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_fundamental_domain_gluing_figure(g):
    o = orbifold(g)
    figure = plot_fundamental_domain(o)
    domain = figure.data[0]
    assert domain.x[0] == domain.x[-1] and domain.y[0] == domain.y[-1]
    glued = [e for e in o.edges if e.kind == "glued"]
    assert len(figure.layout.annotations) == len(glued), "one arrow per glued edge"
    labels = [t for t in figure.data if t.name in ("cone points", "corner points")]
    assert sum(len(t.text) for t in labels) == len(o.cone_points) + len(o.corner_reflectors)
    for trace in figure.data:
        assert np.all(np.isfinite(_finite(trace.x)))
    assert o.conway in figure.layout.title.text


def test_bad_cell_count():
    with pytest.raises(ValueError, match="cells"):
        plot_symmetry_elements(WALLPAPER[0], cells=0)
