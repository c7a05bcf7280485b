"""The space-group orbifold figure: gluing pairs named on hover, mirror boundary, singular
edges by order in colours distinct from the isosurfaces, vertices labelled."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.orbifolds import orbifold
from sgexplore.render import plot_space_orbifold
from sgexplore.render._orbifold3d import SINGULAR_COLOURS

ISOSURFACE_COLOURS = {"#c0392b", "#2c7fb8"}


@pytest.mark.parametrize("symbol", ["P1", "P2_1/c", "P4_332", "Fm-3m", "P6_222", "Ia-3d"])
def test_figure_shows_gluing_boundary_and_singular_set(symbol):
    o = orbifold(symbol)
    figure = plot_space_orbifold(o)
    names = [t.name for t in figure.data]
    meshes = [t for t in figure.data if t.type == "mesh3d"]
    for mesh in meshes:
        xyz = np.array([mesh.x, mesh.y, mesh.z], dtype=float)
        assert np.isfinite(xyz).all()
        faces = np.array([mesh.i, mesh.j, mesh.k])
        assert faces.min() >= 0 and faces.max() < xyz.shape[1]
    hover = " ".join(str(m.hovertext) for m in meshes)
    for face in o.faces:
        if face.kind == "mirror":
            assert "mirror faces (boundary)" in names
        else:
            assert face.operation in hover
    orders = sorted({e.order for e in o.singular_edges})
    assert [n for n in names if n.endswith("singular edges")] == [f"{n}-fold singular edges" for n in orders]
    for trace in figure.data:
        if trace.name.endswith("singular edges"):
            assert trace.line.color not in ISOSURFACE_COLOURS
    labels = [t for t in figure.data if t.name == "singular vertices"]
    expected = sorted(v.local_group.hermann_mauguin for v in o.singular_vertices for _ in v.points)
    # Every point of every singular vertex is marked and named on hover; each vertex's
    # label is shown once at most, where it overlaps no other label or marker.
    assert sorted(h.split(" / ")[0] for h in (labels[0].hovertext if labels else [])) == expected
    shown = [t for t in (labels[0].text if labels else []) if t]
    assert len(shown) <= len(o.singular_vertices) and set(shown) <= set(expected)
    assert figure.layout.height >= 600
    assert "chi = 0" in figure.layout.title.text


def test_singular_palette_avoids_the_isosurface_colours():
    assert not ISOSURFACE_COLOURS & set(SINGULAR_COLOURS.values())
