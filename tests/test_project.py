"""What Binder and ``make serve`` rely on, read from the files themselves."""

from __future__ import annotations

import os
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_binder_runs_python_3_11_with_pinned_requirements_matching_the_tested_versions():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    pins = {}
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"{line!r} is not pinned"
            pins[name.strip()] = pinned.strip()
    for name in ("jax", "plotly", "anywidget", "ipywidgets", "voila", "spglib", "numpy"):
        assert pins[name] == version(name), f"binder pins {name}=={pins[name]}, tests ran {version(name)}"


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
    voila = next(line for line in recipe.splitlines() if "bin/voila" in line)
    assert "--Voila.ip=127.0.0.1" in voila and "--preheat_kernel=True" in voila
    assert "JAX_COMPILATION_CACHE_DIR=" in voila
