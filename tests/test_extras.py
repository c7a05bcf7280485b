"""What a pip install without the dashboard extra, or a notebook user, meets first: an
import that needs the extra names it, every dashboard function has defaults, and JupyterLab
is told not to ask for a build because of dash's source extension."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALL = 'pip install "sgexplore[dashboard]"'


@pytest.mark.parametrize(("module", "missing"), [
    ("sgexplore.render", "plotly"),
    ("sgexplore.widgets", "plotly"),
    ("sgexplore.widgets", "ipywidgets"),
    ("sgexplore.widgets", "anywidget"),
])
def test_an_import_without_the_extra_names_the_package_and_the_extra(module, missing):
    code = (f"import sys; sys.modules[{missing!r}] = None\n"
            f"try:\n    import {module}\n"
            "except ModuleNotFoundError as error:\n    print(error.name, error, sep='|')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    name, message = out.stdout.strip().split("|", 1)
    assert name == missing
    assert message == f"{module} needs {missing}, which comes with the dashboard extra: {INSTALL}"


def test_every_dashboard_function_works_without_arguments_and_says_how_in_a_notebook():
    import sgexplore.widgets as w

    dashboards = [name for name in w.__all__ if name.endswith("_dashboard")]
    assert len(dashboards) >= 6
    for name in dashboards:
        function = getattr(w, name)
        assert all(p.default is not p.empty for p in inspect.signature(function).parameters.values()), name
    for name in ("explorer_dashboard", "space_group_dashboard", "gp_lab_dashboard", "crystal_dashboard"):
        assert f"``{name}()``" in getattr(w, name).__doc__, name


def test_jupyterlab_is_told_not_to_ask_for_a_build():
    """dash ships `@plotly/dash-jupyterlab` as a source extension; JupyterLab asked at every
    load to rebuild itself for it. The wheel's page config (shared data) turns the check off,
    and the installed one reaches JupyterLab's page config."""
    import tomllib

    from jupyterlab_server.config import get_static_page_config

    target = "etc/jupyter/labconfig/page_config.d/sgexplore.json"
    shared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"][
        "targets"]["wheel"]["shared-data"]
    assert shared[target] == target
    assert json.loads((ROOT / target).read_text()) == {"buildCheck": False}
    assert get_static_page_config(level="all").get("buildCheck") is False
