"""Presentation mode (``?present=1``) is the page template's business: every dashboard's
deep-link parsing accepts the key without a message and without changing what it shows."""

from __future__ import annotations

import pytest

from sgexplore.widgets import explorer_dashboard
from sgexplore.widgets._crystal import CRYSTAL_LINK
from sgexplore.widgets._dashboards import EXPLORER_LINK
from sgexplore.widgets._gplab import GPLAB_LINK
from sgexplore.widgets._links import parse_link
from sgexplore.widgets._space import SPACE_LINK

SCHEMAS = {"explorer": EXPLORER_LINK, "space_groups": SPACE_LINK, "crystal": CRYSTAL_LINK,
           "gp_lab": GPLAB_LINK}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_present_is_accepted_by_every_deep_link_schema(name):
    schema = SCHEMAS[name]
    errors: list[str] = []
    plain = parse_link({}, schema, errors)
    assert parse_link({"present": "1"}, schema, errors) == plain and errors == []


def test_the_explorer_with_present_shows_no_message_and_links_the_same_view():
    plain = explorer_dashboard({"group": "p4g"})
    present = explorer_dashboard({"group": "p4g", "present": "1"})
    assert present.children[1].value == "" and present.link.query == plain.link.query
