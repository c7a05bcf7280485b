"""``sgexplore serve``'s command line, its dashboards and what a pip install ships; the
server itself is driven in tests/e2e/test_serving.py."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from sgexplore.serving import DASHBOARDS, dashboard, notebooks_dir
from sgexplore.serving._app import parser, pool_sizes, voila_arguments
from sgexplore.serving._network import qr_svg

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_has_a_card_and_every_card_a_notebook_and_a_picture():
    names = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(d.name for d in DASHBOARDS) == names
    for d in DASHBOARDS:
        assert (notebooks_dir() / d.notebook).is_file()
        assert (ROOT / "sgexplore" / "serving" / "static" / d.picture).stat().st_size > 1000
        assert d.examples and all("=" in query for _, query in d.examples)


def test_the_promised_two_minutes_hold_for_the_defaults():
    """A kernel whose page went ends within 2 minutes: its connection is dropped three ping
    intervals after the page went at worst (no pong for two, noticed at the next ping), then
    it waits the grace, then the next check."""
    args = parser().parse_args(["serve"])
    worst = 3 * args.ping_interval + args.page_grace + args.cull_interval
    assert worst <= 120, worst
    argv, config = voila_arguments(args)
    assert "--Voila.ip=127.0.0.1" in argv  # only this machine, unless told otherwise
    assert config.Voila.tornado_settings == {"ws_ping_interval": 10_000, "ws_ping_timeout": 20_000}
    assert "--MappingKernelManager.cull_idle_timeout=1200" in argv
    assert "--MappingKernelManager.cull_connected=True" in argv
    assert "--PageKernelManager.page_grace=60" in argv


def test_lan_listens_on_every_interface_and_pools_are_per_dashboard():
    argv, config = voila_arguments(parser().parse_args(["serve", "--lan", "--pool", "0,crystal=3"]))
    assert "--Voila.ip=0.0.0.0" in argv and "--SgexploreVoila.lan=True" in argv
    assert config.VoilaKernelManager.kernel_pools_config == {
        "default": {"pool_size": 0}, "crystal.ipynb": {"pool_size": 3}}
    assert "--VoilaConfiguration.preheat_kernel=True" in argv
    argv, _ = voila_arguments(parser().parse_args(["serve", "--pool", "0"]))
    assert "--VoilaConfiguration.preheat_kernel=False" in argv


def test_voila_json_and_the_server_agree_on_template_overrides_and_idle_culling():
    """Binder and JupyterHub read voila.json; `sgexplore serve` sets the same itself."""
    settings = json.loads((ROOT / "voila.json").read_text())
    argv, _ = voila_arguments(parser().parse_args(["serve"]))
    for key, value in settings["VoilaConfiguration"].items():
        assert f"--VoilaConfiguration.{key}={value}" in argv
    for key, value in settings["VoilaExecutor"].items():
        assert f"--VoilaExecutor.{key}={value}" in argv
    cull = settings["MappingKernelManager"]
    assert f"--MappingKernelManager.cull_idle_timeout={cull['cull_idle_timeout']}" in argv


@pytest.mark.parametrize("text, message", [
    ("nonsense=2", "unknown dashboard 'nonsense'; choose from explorer"),
    ("x", "pool size 'x' is not a whole number"),
    ("1,explorer=500", "pool size 500 is outside 0-200"),
])
def test_bad_pool_sizes_are_refused_with_what_to_do(text, message, capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(["serve", "--pool", text])
    assert message in capsys.readouterr().err
    with pytest.raises(Exception, match=message.split(";")[0]):
        pool_sizes(text)


def test_unknown_options_are_refused_and_voila_options_passed_on(capsys):
    from sgexplore.serving._app import main

    with pytest.raises(SystemExit):
        main(["serve", "--colour=red"])
    assert "unrecognized arguments: --colour=red" in capsys.readouterr().err


def test_without_the_dashboard_extra_the_command_names_it():
    code = ("import sys; sys.modules['voila'] = None\n"
            "from sgexplore.serving import main\nmain(['serve'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert 'pip install "sgexplore[dashboard]"' in out.stderr


def test_the_qr_code_encodes_the_url():
    svg = qr_svg("http://192.168.1.20:8866/")
    assert svg.startswith("<svg") and "<title>http://192.168.1.20:8866/</title>" in svg


def _dashboard_function(name: str):
    """The function the dashboard's notebook calls with the query parameters."""
    import sgexplore.widgets as widgets_module

    nb = nbformat.read(ROOT / "notebooks" / dashboard(name).notebook, as_version=4)
    last = [c.source for c in nb.cells if c.cell_type == "code"][-1].strip().splitlines()[-1]
    return getattr(widgets_module, last.split("(")[0])


EXAMPLES = [(d.name, query) for d in DASHBOARDS for _, query in d.examples]


@pytest.mark.parametrize("name, query", EXAMPLES, ids=[f"{n}?{q}" for n, q in EXAMPLES])
def test_every_example_link_is_accepted_by_its_dashboard(name, query):
    """The landing page's deep links name values the dashboard takes: no 'ignored' or
    'unknown' message anywhere on the page."""
    import ipywidgets

    from sgexplore.widgets import query_parameters

    page = _dashboard_function(name)(query_parameters(query))
    texts, todo = [], [page]
    while todo:
        widget = todo.pop()
        if isinstance(widget, ipywidgets.HTML):
            texts.append(widget.value)
        todo.extend(getattr(widget, "children", ()))
    assert texts and not [t for t in texts if "ignored" in t or "unknown" in t.lower()]


def test_the_wheel_ships_the_dashboards_the_landing_page_and_the_command(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("sgexplore-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for d in DASHBOARDS:
        assert f"sgexplore/_notebooks/{d.notebook}" in names
        assert f"sgexplore/serving/static/{d.picture}" in names
    assert "sgexplore/serving/landing.html" in names
    assert "sgexplore-0.1.0.data/data/etc/jupyter/labconfig/page_config.d/sgexplore.json" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "sgexplore = sgexplore.serving:main" in entry_points
