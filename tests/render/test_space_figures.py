"""3D figures: the orbifold surface for all 17 plane groups and the asymmetric unit with its
singular set for all 230 space groups."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from sgexplore.orbifolds import orbifold, orbifold_embedding
from sgexplore.render import plot_asymmetric_unit, plot_orbifold_surface

from ..conftest import space_groups, wallpaper_groups


def _values(trace, axis: str) -> np.ndarray:
    """Coordinates with the None separators of line traces as NaN; the data itself must
    hold no NaN."""
    raw = list(getattr(trace, axis))
    assert not any(v is not None and not np.isfinite(v) for v in raw), "NaN or inf in the data"
    return np.array([np.nan if v is None else v for v in raw], dtype=float)


def _assert_finite_mesh(mesh) -> None:
    xyz = np.stack([_values(mesh, a) for a in "xyz"], axis=1)
    assert np.all(np.isfinite(xyz)) and len(xyz) >= 3
    ijk = np.stack([np.asarray(getattr(mesh, a)) for a in "ijk"], axis=1)
    assert ijk.min() >= 0 and ijk.max() < len(xyz)


@wallpaper_groups
def test_orbifold_surface(g):
    o = orbifold(g)
    figure = plot_orbifold_surface(o, resolution=6)
    assert isinstance(figure, go.Figure)
    surface = figure.data[0]
    _assert_finite_mesh(surface)
    embedding = orbifold_embedding(g, 3)
    # The surface is the image of the fundamental domain: its vertices satisfy the map.
    xyz = np.stack([_values(surface, a) for a in "xyz"], axis=1)
    vertex_images = embedding(o.vertices)
    assert all(np.min(np.linalg.norm(xyz - v, axis=1)) < 1e-9 for v in vertex_images)
    names = {t.name: t for t in figure.data}
    assert ("mirror boundary" in names) == any(e.kind == "mirror" for e in o.edges)
    for key, records, prefix in (("cone points", o.cone_points, ""),
                                 ("corner reflectors", o.corner_reflectors, "*")):
        assert (key in names) == bool(records)
        if records:
            assert sorted(names[key].text) == sorted(f"{prefix}{n}" for _, n in records)
    title = figure.layout.title.text
    assert o.conway in title
    assert ("self-intersects" in title) == (not embedding.injective)


@space_groups
def test_asymmetric_unit_with_singular_set(g):
    figure = plot_asymmetric_unit(g)
    names = {t.name: t for t in figure.data}
    elements = g.cell_elements
    asu = names["asymmetric unit"]
    _assert_finite_mesh(asu)
    expected = g.fundamental_domain.vertices @ g.default_lattice.matrix.T
    np.testing.assert_allclose(np.stack([_values(asu, a) for a in "xyz"], axis=1), expected)
    cell = names["unit cell"]
    assert np.count_nonzero(np.isnan(_values(cell, "x"))) == 12, "twelve cell edges"
    for order, count in elements.axis_counts().items():
        trace = names[f"{order}-fold axes"]
        assert np.count_nonzero(np.isnan(_values(trace, "x"))) == count
    assert ("screw axes" in names) == any(elements.axis_screws)
    assert ("mirror planes" in names) == bool(elements.plane_mirror.any())
    assert ("glide planes" in names) == bool((~elements.plane_mirror).any())
    assert ("inversion centres" in names) == bool(len(elements.inversion_centres))
    if len(elements.rotoinversion_points):
        assert list(names["rotoinversion points"].text) == list(elements.rotoinversion_symbols)
    for trace in figure.data:
        for axis in "xyz":
            values = _values(trace, axis)
            assert np.isfinite(values).any()
            box = np.abs(g.default_lattice.matrix).sum(axis=1)
            finite = values[np.isfinite(values)]
            assert finite.min() >= -box.max() - 1e-9 and finite.max() <= box.max() + 1e-9
    assert g.symbol in figure.layout.title.text
