"""The main dashboard without a browser: deep links, lazy tabs, shared group, bad input."""

from __future__ import annotations

import pytest

from sgexplore.widgets import explorer_dashboard, jax_device_html


def test_deep_link_builds_only_the_shown_tab_and_restores_its_state():
    d = explorer_dashboard({"group": "p6m", "index": "4", "seed": "2", "lengthscale": "0.3",
                            "tab": "2", "resolution": "64"})
    assert set(d.explorers) == {"picker", "basis"}
    basis = d.explorers["basis"]
    assert basis.model.group.symbol == "p6mm" and basis.model.index == 4
    assert basis.model.resolution == 64
    assert d.link.query == "group=p6m&tab=2&index=4&seed=2&lengthscale=0.3&resolution=64"
    d.tabs.selected_index = 3
    gp = d.explorers["gp"]
    assert gp.model.seed == 2 and gp.model.lengthscale == pytest.approx(0.3)
    gp.seed.value = 9
    basis.index.value = 6
    assert "seed=9" in d.link.query and "index=6" in d.link.query and "tab=3" in d.link.query


def test_changing_the_group_in_one_tab_changes_all():
    d = explorer_dashboard({"tab": "2", "resolution": "32"})
    d.tabs.selected_index = 1
    d.explorers["orbifold"].group_select.value = "pgg"
    assert d.explorers["basis"].model.group.symbol == "p2gg"
    d.tabs.selected_index = 3
    assert d.explorers["gp"].model.group.symbol == "p2gg"
    assert "group=pgg" in d.link.query


@pytest.mark.parametrize("params, message", [
    ({"group": "p7"}, "unknown group"),
    ({"index": "three"}, "not a valid int"),
    ({"lengthscale": "wide"}, "not a valid float"),
    ({"group": "__import__('os').system('true')"}, "unknown group"),
])
def test_bad_deep_links_give_messages_not_exceptions(params, message):
    d = explorer_dashboard(params)
    assert message in d.children[1].value
    assert d.explorers["picker"] is not None


def test_unknown_group_message_says_it_once_without_a_silly_suggestion():
    """Read "unknown group 'foo': unknown group 'foo'; did you mean o?" (the key twice, and
    p1's Conway symbol o offered for a word sharing one letter with it)."""
    text = explorer_dashboard({"group": "foo"}).children[1].value
    assert text.count("unknown group") == 1 and "did you mean" not in text
    assert "unknown group &#x27;foo&#x27;; showing" in text or "unknown group 'foo'; showing" in text
    assert "P3? Showing p4m." in explorer_dashboard({"group": "p7"}).children[1].value


def test_out_of_range_values_are_reported_on_the_page_and_never_reach_the_explorer():
    d = explorer_dashboard({"tab": "2", "index": "999999", "resolution": "32"})
    assert "between 0 and" in d.children[1].value
    assert d.explorers["basis"].model.error == "" and d.explorers["basis"].model.index == 1


def test_space_group_link_shows_it_in_the_group_tab():
    d = explorer_dashboard({"group": "Fm-3m"})
    assert d.explorers["picker"].state.group.symbol == "Fm-3m"
    assert "space group" in d.children[1].value


def test_device_line_names_the_jax_platform():
    import jax

    assert f"data-platform='{jax.devices()[0].platform}'" in jax_device_html()


def test_draw_tab_follows_the_shared_group():
    d = explorer_dashboard({"group": "p31m", "tab": "4"})
    canvas = d.explorers["canvas"].canvas
    assert len(canvas.operations) == 6
    d.explorers["canvas"].group_select.value = "p6m"
    assert len(canvas.operations) == 12 and "group=p6m" in d.link.query


def test_space_group_dashboard_deep_links():
    from sgexplore.widgets import space_group_dashboard

    d = space_group_dashboard({"group": "P6_3/mmc", "index": "3", "resolution": "16"})
    assert d.explorer.model.group.number == 194 and d.explorer.model.index == 3
    assert d.explorer.model.field.shape == (16, 16, 16)
    assert "index=3" in d.link.query
    d.explorer.index.value = 4
    assert "index=4" in d.link.query
    bad = space_group_dashboard({"group": "P7/q", "resolution": "16"})
    assert "unknown" in bad.explorer.model.error


def test_warm_up_builds_the_views_only_in_a_preheated_kernel_and_leaves_nothing_open(monkeypatch):
    from ipywidgets.widgets.widget import _instances

    from sgexplore.widgets import warm_up
    from sgexplore.widgets._figure import PlotlyBundle

    built = []

    def dashboard(params):
        built.append(params)
        return explorer_dashboard(params)

    assert warm_up(dashboard, {"tab": "2"}) is False and built == []
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    before = set(_instances)
    assert warm_up(dashboard, {"tab": "2", "resolution": "32"}, {"tab": "3", "resolution": "32"})
    assert built == [{"tab": "2", "resolution": "32"}, {"tab": "3", "resolution": "32"}]
    left = [w for k, w in _instances.items() if k not in before]
    assert all(isinstance(w, PlotlyBundle) for w in left)  # the shared bundle stays for later figures


def test_device_line_says_when_the_kernel_was_preheated(monkeypatch):
    from sgexplore.widgets import _query

    assert "sg-preheated" not in jax_device_html()
    monkeypatch.setattr(_query, "preheated", True)
    assert "kernel preheated" in jax_device_html()
