"""The Orbifold view of the space-group dashboard, headless: facts from the orbifold, the
tiling stepper, group changes, and deep-link values reported on the page."""

from __future__ import annotations

import pytest

from sgexplore.orbifolds import orbifold
from sgexplore.widgets import space_group_dashboard
from sgexplore.widgets._space_orbifold import SpaceOrbifoldView, embedding_dimension_text


def test_orbifold_view_shows_gluing_facts_and_tiles_one_operation_at_a_time():
    view = SpaceOrbifoldView("P2_1/c")
    o = orbifold("P2_1/c")
    facts = view.facts.value
    listed = [f for i, f in enumerate(o.faces) if f.kind != "mirror" and f.partner >= i]
    assert facts.count("sg-gluing-pair") == len(listed) == 4
    for number, face in enumerate(listed, start=1):
        assert f"pair {number}: " in facts and f"<code>{face.operation}</code> ({face.symbol})" in facts
        # the legend of the figure beside the list numbers the pairs the same way
        kind = "folded" if face.kind == "folded" else "glued"
        assert f"pair {number}: {kind} ({face.symbol})" in [t.name for t in view.figure.data]
    assert "sg-chi'>0<" in facts and "not Sohncke" in facts
    assert facts.count("sg-orbifold-vertex") == len(o.singular_vertices) == 4
    hover = " ".join(str(t.hovertext) for t in view.figure.data if t.type == "mesh3d")
    assert all(f.operation in hover for f in o.faces if f.kind != "mirror")
    assert view.steps.max == 4 and view.visible_copies() == 1
    assert "1 of 4 copies" in view.step_label.value
    view.steps.value = 3
    assert view.visible_copies() == 3 and "3 of 4 copies" in view.tiling.layout.title.text
    assert f"<code>{view.group.coset_representatives[2].xyz}</code>" in view.step_label.value
    view.set_group("Fm-3m")
    assert view.steps.max == 192 and view.steps.value == 1 and view.visible_copies() == 1
    assert "m-3m" in view.facts.value and "Sohncke" in view.facts.value
    assert "4-fold singular edges" in [t.name for t in view.figure.data]
    assert view.figure.layout.height >= 600 and view.tiling.layout.height >= 600


def test_embedding_dimension_missing_from_the_table_is_not_an_error(monkeypatch):
    from sgexplore.orbifolds import _embedding

    monkeypatch.setattr(_embedding, "_dimension_table", lambda: {})
    text = embedding_dimension_text(orbifold("Ia-3d").group)
    assert text.startswith("not available:") and "Ia-3d is not measured yet" in text
    view = SpaceOrbifoldView("Ia-3d")
    assert "not measured yet" in view.facts.value


def test_embedding_dimension_of_another_setting_names_the_measured_one():
    from sgexplore.groups import space_group

    text = embedding_dimension_text(space_group(14, setting="c1"))
    assert text.startswith("not available:") and "default setting" in text
    assert embedding_dimension_text(space_group(14)).isdigit()


def test_dashboard_orbifold_tab_follows_the_group():
    page = space_group_dashboard({"group": "P6_3/mmc", "view": "orbifold"})
    explorer = page.explorer
    assert explorer.tabs.selected_index == 1 and "view=orbifold" in page.link.query
    assert explorer.tabs.orbifold.group.symbol == "P6_3/mmc"
    assert "24 copies" in explorer.tabs.orbifold.step_label.value
    explorer.group_box.value = "Ia-3d"
    assert explorer.tabs.orbifold.group.symbol == "Ia-3d" and explorer.tabs.orbifold.steps.max == 96
    explorer.tabs.selected_index = 0
    assert "view=isosurfaces" in page.link.query


@pytest.mark.parametrize("params, message, shown", [
    ({"index": "-1"}, "ignored index='-1'", "index=1"),
    ({"index": "4000"}, "ignored index='4000'", "index=1"),
    ({"resolution": "5"}, "ignored resolution='5'", "resolution=48"),
    ({"resolution": "1000"}, "ignored resolution='1000'", "resolution=48"),
    ({"mode": "xyz"}, "ignored mode='xyz'", "mode=basis"),
    ({"view": "both"}, "ignored view='both'", "view=isosurfaces"),
    ({"seed": "-3"}, "ignored seed='-3'", "seed=0"),
    ({"index": "three"}, "ignored index='three': not a valid int", "index=1"),
], ids=["index-negative", "index-large", "resolution-small", "resolution-large", "mode", "view",
        "seed", "index-text"])
def test_bad_deep_link_values_are_reported_and_the_link_shows_the_default(params, message, shown):
    from html import unescape

    page = space_group_dashboard({"group": "P1", "resolution": "16", **params})
    assert message in unescape(page.children[1].value)
    assert shown in page.link.query
    assert page.explorer.model.error == ""


def test_slice_axis_shows_the_monoclinic_angle():
    import numpy as np

    from sgexplore.widgets import SpaceGroupExplorer

    explorer = SpaceGroupExplorer("P2_1/c", index=2, resolution=16)
    cell = explorer.plane.data[1]
    assert np.ptp(np.asarray(cell.x)) == pytest.approx(explorer.model.group.default_lattice.matrix[0, 0])
    explorer.slice_axis.value = "y"
    assert explorer.slice.description == "y slice"
    corners = np.array([explorer.plane.data[1].x, explorer.plane.data[1].y]).T
    a, c = corners[1] - corners[0], corners[3] - corners[0]
    beta = np.degrees(np.arccos(a @ c / np.linalg.norm(a) / np.linalg.norm(c)))
    assert beta == pytest.approx(explorer.model.group.default_lattice.parameters["beta"])
    assert beta != pytest.approx(90.0)
