"""Every dashboard, every parameter of its deep-link schema, every kind of hostile value
(empty, huge, negative, nan, inf, 10**30, unicode, a repeated key): the page is built with a
message naming the parameter, never an exception, and a following valid change still
updates its figure."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from sgexplore.widgets import (
    crystal_dashboard,
    explorer_dashboard,
    gp_lab_dashboard,
    query_parameters,
    space_group_dashboard,
)
from sgexplore.widgets._crystal import CRYSTAL_LINK
from sgexplore.widgets._dashboards import EXPLORER_LINK
from sgexplore.widgets._gplab import GPLAB_LINK
from sgexplore.widgets._links import parse_link
from sgexplore.widgets._space import SPACE_LINK

HOSTILE = {"empty": "", "huge": "9" * 400, "negative": "-7", "nan": "nan", "inf": "inf",
           "10**30": "10**30", "unicode": "\u202e\uff11\uff12\u00e9", "repeated": None}

# The tab each main-dashboard parameter is seen in, and small grids to keep the test quick.
EXPLORER_TABS = {"tab": None, "index": "2", "seed": "3", "lengthscale": "3", "resolution": "2",
                 "break": "2"}
QUIET = {"explorer": {"resolution": "16"}, "space_groups": {"resolution": "8"},
         "crystal": {}, "gp_lab": {}}
DASHBOARDS = {"explorer": (explorer_dashboard, EXPLORER_LINK),
              "space_groups": (space_group_dashboard, SPACE_LINK),
              "crystal": (crystal_dashboard, CRYSTAL_LINK),
              "gp_lab": (gp_lab_dashboard, GPLAB_LINK)}
CASES = [(page, parameter, kind) for page, (_, schema) in DASHBOARDS.items()
         for parameter in schema for kind in HOSTILE]


def _fingerprint(figure) -> str:
    digest = hashlib.sha256()
    for trace in figure.data:
        for key in ("x", "y", "z"):
            value = getattr(trace, key, None)
            if value is not None:
                digest.update(np.asarray(value, dtype=float).tobytes())
    return digest.hexdigest()


def _query(page: str, name: str, kind: str) -> dict[str, str]:
    params = dict(QUIET[page])
    if page == "explorer" and EXPLORER_TABS[name]:
        params["tab"] = EXPLORER_TABS[name]
    if kind == "repeated":  # the last value of a repeated key counts, as Voila passes it
        params.update(query_parameters(f"{name}=1&{name}=%E2%80%AEnan&{name}=-0x10"))
    else:
        params[name] = HOSTILE[kind]
    return params


def _shown_figure_and_change(page: str, dashboard):
    """The figure a visitor sees and a valid change of the page that must redraw it."""
    if page == "explorer":
        shown = dashboard.tab_view(dashboard.tabs.selected_index)
        figure = shown.figure if hasattr(shown, "figure") else shown.diagram
        return figure, lambda: setattr(dashboard.state, "plane", "p6")
    if page == "space_groups":
        explorer = dashboard.explorer
        return explorer.surface, lambda: setattr(explorer.index, "value", explorer.index.value + 2)
    if page == "crystal":
        explorer = dashboard.explorer
        return explorer.reconstruction, lambda: setattr(explorer.n, "value", explorer.n.value % 40 + 7)
    lab = dashboard.lab
    truth = lab.figure if hasattr(lab, "figure") else lab.truth_panel  # one figure, or a panel each
    return truth, lambda: setattr(lab.seed, "value", lab.seed.value + 5)


@pytest.mark.parametrize("page, parameter, kind", CASES,
                         ids=[f"{p}-{q.name}-{k}" for p, q, k in CASES])
def test_a_hostile_value_gives_the_page_with_a_message_and_the_page_keeps_working(page, parameter, kind):
    build, schema = DASHBOARDS[page]
    params = _query(page, parameter.name, kind)
    expected: list[str] = []
    parse_link(params, schema, expected)
    dashboard = build(params)
    notice = dashboard.children[1].value
    if parameter.name in params:
        assert expected, f"{params[parameter.name]!r} should be refused"
        assert f"ignored {parameter.name}=" in notice
    assert "Traceback" not in notice and "internal error" not in notice
    assert dashboard.link.parameters.get(parameter.name) != params.get(parameter.name, object())
    figure, change = _shown_figure_and_change(page, dashboard)
    before = _fingerprint(figure)
    change()
    assert _fingerprint(figure) != before
    model = getattr(dashboard, "explorer", None) or getattr(dashboard, "lab", None)
    if model is not None:
        assert model.model.error == ""
