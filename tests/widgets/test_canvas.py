"""SymmetryCanvas: the operations it sends are the group's, its images are the orbits, and
the overlays it sends are the group's symmetry elements and fundamental domain."""

from __future__ import annotations

import numpy as np
import pytest
import traitlets

from sgexplore.widgets import DrawExplorer, SymmetryCanvas

from ..conftest import WALLPAPER

IDS = [g.symbol for g in WALLPAPER]


def _fixed_modulo_lattice(op, points: np.ndarray) -> np.ndarray:
    """(n,) whether op maps each point to itself up to a lattice translation."""
    moved = points @ op.rotation.T + op.translation
    offset = moved - points
    return np.all(np.abs(offset - np.round(offset)) < 1e-9, axis=1)


@pytest.mark.parametrize("g", WALLPAPER, ids=IDS)
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


@pytest.mark.parametrize("g", WALLPAPER, ids=IDS)
def test_overlay_is_the_groups_elements_and_domain(g):
    geometry = SymmetryCanvas(g.common_symbol).geometry
    elements = g.cell_elements
    np.testing.assert_array_equal(np.asarray(geometry["mirrors"]).reshape(-1, 2, 2), elements.mirror_lines)
    np.testing.assert_array_equal(np.asarray(geometry["glides"]).reshape(-1, 2, 2), elements.glide_lines)
    rotations = np.asarray(geometry["rotations"]).reshape(-1, 3)
    np.testing.assert_array_equal(rotations[:, :2], elements.rotation_centres)
    np.testing.assert_array_equal(rotations[:, 2], elements.rotation_orders)
    np.testing.assert_array_equal(np.asarray(geometry["domain"]), g.fundamental_domain.vertices)


@pytest.mark.parametrize("g", WALLPAPER, ids=IDS)
def test_overlay_elements_are_fixed_by_the_operations(g, rng):
    """Checked against the operations alone: every point of a mirror segment is fixed by a
    reflection; a glide segment is mapped into its own line by an operation that fixes none
    of its points; a centre of order n is fixed by a rotation of order n and by none of a
    higher order; the domain's images under the operations cover the cell once."""
    geometry = SymmetryCanvas(g.common_symbol).geometry
    ops = g.operations
    t = rng.random(7)[:, None]
    for a, b in np.asarray(geometry["mirrors"]).reshape(-1, 2, 2):
        points = a + t * (b - a)
        assert any(_fixed_modulo_lattice(op, points).all() for op in ops
                   if round(np.linalg.det(op.rotation)) == -1)
    for a, b in np.asarray(geometry["glides"]).reshape(-1, 2, 2):
        points = a + t * (b - a)
        direction = (b - a) / np.linalg.norm(b - a)
        normal = np.array([-direction[1], direction[0]])

        def on_line(op):
            moved = points @ op.rotation.T + op.translation
            # the distance to the line, up to lattice translations of the moved points
            return any(np.all(np.abs((moved + s - a) @ normal) < 1e-9)
                       for s in np.array([[i, j] for i in (-2, -1, 0, 1, 2) for j in (-2, -1, 0, 1, 2)]))
        assert any(round(np.linalg.det(op.rotation)) == -1 and on_line(op)
                   and not _fixed_modulo_lattice(op, points).any() for op in ops)
    for u, v, order in np.asarray(geometry["rotations"]).reshape(-1, 3):
        centre = np.array([[u, v]])
        orders = [round(2 * np.pi / np.arccos(np.clip(np.trace(op.rotation @ np.eye(2)) / 2, -1, 1)))
                  for op in ops if round(np.linalg.det(op.rotation)) == 1
                  and not np.array_equal(op.rotation, np.eye(2)) and _fixed_modulo_lattice(op, centre)[0]]
        assert max(orders) == order
    domain = np.asarray(geometry["domain"])
    samples = rng.random((400, 2))
    inside = np.zeros(len(samples), dtype=int)
    normals = [(np.array([y0 - y1, x1 - x0])) for (x0, y0), (x1, y1) in zip(domain, np.roll(domain, -1, axis=0))]
    for op in ops:
        images = samples @ op.rotation.T + op.translation
        images -= np.floor(images)
        for shift in np.array([[i, j] for i in (-1, 0, 1) for j in (-1, 0, 1)]):
            x = images + shift
            inside += np.all([(x - vertex) @ n > 0 for vertex, n in zip(domain, normals)], axis=0)
    assert np.all(inside == 1)


def test_unknown_group_keeps_the_last_one():
    canvas = SymmetryCanvas("p3")
    canvas.group = "p5"
    assert "unknown wallpaper group" in canvas.error and len(canvas.operations) == 3


def test_undo_clear_and_width_bounds():
    canvas = SymmetryCanvas("p2")
    canvas.strokes = [[[0.1, 0.1], [0.2, 0.2]], [[0.3, 0.3], [0.4, 0.1]]]
    canvas.styles = [["#000000", 2.0], ["#ff0000", 5.0]]
    canvas.undo()
    assert canvas.strokes == [[[0.1, 0.1], [0.2, 0.2]]] and canvas.styles == [["#000000", 2.0]]
    canvas.clear()
    assert canvas.strokes == [] and canvas.styles == []
    with pytest.raises(traitlets.TraitError, match="between 0.5 and 40"):
        canvas.width = 1000
    with pytest.raises(traitlets.TraitError):
        canvas.overlays = ["cell", "everything"]


def test_draw_tab_chooser_names_hm_and_conway_and_keeps_strokes_across_groups():
    explorer = DrawExplorer("p4g")
    assert explorer.group_select.label == "p4g (4*2)"
    assert ("p6m (*632)", "p6m") in explorer.group_select.options
    assert len(explorer.group_select.options) == 17
    stroke = [[0.1, 0.2], [0.15, 0.25], [0.2, 0.22]]
    explorer.canvas.strokes = [stroke]
    assert "1 stroke<" in explorer.count.value
    explorer.group_select.value = "p6m"
    assert explorer.canvas.group == "p6m" and len(explorer.canvas.operations) == 12
    assert explorer.canvas.strokes == [stroke]
    assert "sg-instruction" in explorer.children[0].value
