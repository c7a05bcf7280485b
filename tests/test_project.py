"""What Binder and ``make serve`` rely on, read from the files themselves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_tested_environment_is_the_lock():
    """make test installed every package at its locked version (the lock Binder installs)."""
    from .test_binder import _pins

    lock = _pins((ROOT / "requirements.lock").read_text())
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    # pip comes with the venv; uv is what `make lock` installs to write the lock.
    installed = {n: v for n, v in _pins(frozen).items() if n not in ("pip", "uv", "sgexplore")}
    assert {n: (v, lock.get(n)) for n, v in installed.items() if lock.get(n) != v} == {}
    assert set(lock) <= set(installed) | {"setuptools"}, set(lock) - set(installed)


def test_binder_installs_the_lock_and_python_3_11():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    lines = [line for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["-c ../requirements.lock", ".[dashboard]"]
    assert int(version("plotly").split(".")[0]) >= 6  # FigureWidget needs plotly's anywidget


def test_binder_start_sets_the_jax_cache_and_hands_over(tmp_path):
    start = ROOT / "binder" / "start"
    assert os.access(start, os.X_OK)
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    out = subprocess.run([str(start), "sh", "-c", "echo $JAX_COMPILATION_CACHE_DIR"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert out == f"{tmp_path}/.cache/jax"


def test_readme_binder_badges_open_existing_dashboards():
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"urlpath=voila/render/(notebooks/[\w.]+\.ipynb)", readme)
    assert len(targets) >= 5 and all((ROOT / t).exists() for t in targets)
    assert {Path(t).name for t in targets} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}


def test_make_serve_binds_to_localhost_and_preheats():
    recipe = subprocess.run(["make", "-n", "serve", "VENV=/nonexistent"], cwd=ROOT,
                            capture_output=True, text=True).stdout.replace("\\\n", " ")
    serve = next(line for line in recipe.splitlines() if "bin/sgexplore serve" in line)
    # 127.0.0.1 and one preheated kernel per dashboard are sgexplore serve's defaults
    # (tests/test_serving_cli.py); LAN=1 asks for every interface.
    assert "--lan" not in serve and "--pool=1 " in serve and "--jax-cache=" in serve
    recipe = subprocess.run(["make", "-n", "serve", "VENV=/nonexistent", "LAN=1"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    assert "--lan" in recipe
