"""Deep links: every parameter of the main dashboard's schema refuses hostile values with a
message on the page, never a cell error, and the page keeps working."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl

import ipywidgets as widgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgexplore.widgets import crystal_dashboard, explorer_dashboard, gp_lab_dashboard, space_group_dashboard
from sgexplore.widgets._crystal import CRYSTAL_LINK
from sgexplore.widgets._dashboards import EXPLORER_LINK
from sgexplore.widgets._space import SPACE_LINK
from sgexplore.widgets._gplab import GPLAB_LINK
from sgexplore.widgets._links import parse_link

SCHEMAS = {"explorer": EXPLORER_LINK, "space_groups": SPACE_LINK, "crystal": CRYSTAL_LINK,
           "gp_lab": GPLAB_LINK}
PARAMETERS = [(f"{page}:{p.name}", p) for page, schema in SCHEMAS.items() for p in schema]

HOSTILE = ["", " ", "-1", "-5", "0", "4", "2000", "1000000000", "1e30", "-1e30", "nan", "inf",
           "-inf", "10**30", "1" + "0" * 30, "0x10", "1/2", "１２", "é", "\u202e3", "3;4",
           "<script>", "None"]


def _acceptable(parameter, value) -> bool:
    if value is None:
        return parameter.default is None
    if parameter.kind is str:
        return ((not parameter.choices or value in parameter.choices)
                and (not parameter.pattern or re.fullmatch(parameter.pattern, value) is not None))
    return (isinstance(value, parameter.kind) and not (isinstance(value, float) and not math.isfinite(value))
            and parameter.low <= value <= parameter.high)


@pytest.mark.parametrize("parameter", [p for _, p in PARAMETERS], ids=[i for i, _ in PARAMETERS])
@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                      st.integers().map(str), st.floats().map(str)))
def test_every_value_is_parsed_into_range_or_refused_with_a_message(parameter, text):
    errors: list[str] = []
    value = parse_link({parameter.name: text}, (parameter,), errors)[parameter.name]
    assert _acceptable(parameter, value)
    if errors:
        assert value == parameter.default and errors[0].startswith(f"ignored {parameter.name}=")


@pytest.mark.parametrize("query", [
    {"tab": "2", "resolution": "1000000000"}, {"tab": "2", "resolution": "2000"},
    {"tab": "2", "resolution": "4"}, {"tab": "3", "resolution": "-5"},
    {"tab": "3", "lengthscale": "0"}, {"tab": "3", "lengthscale": "-1"},
    {"tab": "3", "lengthscale": "nan"}, {"tab": "3", "lengthscale": "inf"},
    {"tab": "3", "seed": "1" + "0" * 30}, {"resolution": "1000000000"}, {"tab": "9"},
], ids=lambda q: "&".join(f"{k}={v[:12]}" for k, v in q.items()))
def test_a_bad_deep_link_gives_the_dashboard_a_message_and_the_default(query):
    dashboard = explorer_dashboard(query)
    notice = dashboard.children[1].value
    key = next(k for k in query if k != "tab" or query[k] == "9")
    assert f"ignored {key}=" in notice
    assert dashboard.link.parameters.get(key) != query[key]  # the link names what is shown
    tabs = dashboard.tabs
    shown = dashboard.tab_view(tabs.selected_index)
    assert not (isinstance(shown, widgets.HTML) and "could not be built" in shown.value)
    if tabs.selected_index in (2, 3):
        model = shown.model
        field = model.field if tabs.selected_index == 2 else model.mean
        assert model.error in ("", None) and field is not None
        assert math.isfinite(float(abs(field).max()))


def test_a_tab_that_fails_to_build_says_so_and_the_others_work(monkeypatch):
    from sgexplore.widgets import _dashboards

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(_dashboards, "OrbifoldExplorer", broken)
    dashboard = explorer_dashboard({"tab": "1"})
    assert "could not be built: boom" in dashboard.tab_view(1).value
    dashboard.tabs.selected_index = 2
    assert dashboard.tab_view(2).model.field is not None


@pytest.mark.parametrize("dashboard, query, key", [
    (gp_lab_dashboard, {"seed": "1" + "0" * 30}, "seed"),
    (gp_lab_dashboard, {"lengthscale": "nan"}, "lengthscale"),
    (gp_lab_dashboard, {"n": "1000000"}, "n"),
    (crystal_dashboard, {"n": "-3"}, "n"),
], ids=["gp_lab-seed", "gp_lab-lengthscale", "gp_lab-n", "crystal-n"])
def test_the_other_dashboards_report_bad_links_too(dashboard, query, key):
    page = dashboard(query)
    assert f"ignored {key}=" in page.children[1].value
    assert page.link.parameters.get(key) != query[key]


def _query(link) -> dict[str, str]:
    pairs = parse_qsl(link.query)
    assert len(pairs) == len(dict(pairs)), "each parameter once"
    return dict(pairs)


def test_the_main_link_follows_the_tab_and_every_tracked_trait():
    d = explorer_dashboard({"group": "p2", "resolution": "16", "tab": "3"})
    gp = d.explorers["gp"]
    gp.seed.value = 9
    gp.model.lengthscale = 0.4
    d.tabs.selected_index = 2
    d.explorers["basis"].model.index = 5
    assert _query(d.link) == {"group": "p2", "tab": "2", "index": "5", "seed": "9",
                              "lengthscale": "0.4", "resolution": "16"}


def test_the_space_group_link_follows_the_view_mode_seed_and_index():
    d = space_group_dashboard({"group": "P2_1/c", "resolution": "8"})
    d.explorer.mode.value = "gp"
    d.explorer.seed.value = 4
    d.explorer.tabs.selected_index = 1
    assert _query(d.link) == {"group": "P2_1/c", "index": "1", "seed": "4", "resolution": "8",
                              "mode": "gp", "view": "orbifold"}


def test_the_gp_lab_and_crystal_links_follow_their_pages():
    d = gp_lab_dashboard({"group": "p3", "n": "2"})
    d.lab.model.observe_at([[0.1, 0.2]])
    d.lab.model.seed = 3
    assert _query(d.link) == {"group": "p3", "seed": "3", "lengthscale": "0.2", "n": "3"}
    c = crystal_dashboard({"example": "Si", "n": "7"})
    assert _query(c.link) == {"example": "Si", "n": "7"}
    c.explorer.n.value = 9
    assert _query(c.link)["n"] == "9"


def test_the_copy_button_keeps_presentation_mode():
    d = gp_lab_dashboard({})
    button = d.link.html.value
    assert "sg-copy-link" in button and "sg-present" in button and "present=1" in button


def test_copy_link_writes_floats_as_typed():
    """?lengthscale=0.3 gave a copy link with lengthscale=0.30000000000000004: the browser's
    slider snaps to min + k * step in floating point and sends that back."""
    from sgexplore.widgets import explorer_dashboard

    d = explorer_dashboard({"lengthscale": "0.3", "tab": "3"})
    slider = d.explorers["gp"].lengthscale
    slider.value = slider.min + round((0.3 - slider.min) / slider.step) * slider.step
    assert slider.value != 0.3  # what the browser sends back
    assert "lengthscale=0.3&" in d.link.query + "&" and "0.30000000000000004" not in d.link.query
