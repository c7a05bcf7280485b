"""Binder's environment built from ``binder/`` alone, as repo2docker builds it, in a fresh
virtual environment: it must be complete, consistent, and run every dashboard notebook."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["sgexplore", "sgexplore.groups", "sgexplore.basis", "sgexplore.kernels", "sgexplore.gp",
          "sgexplore.orbifolds", "sgexplore.render", "sgexplore.crystal", "sgexplore.widgets"]

# Run inside the Binder environment: every notebook, as nbclient executes it, with no error
# output and no text on stderr.
EXECUTE = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
failures = []
for path in sorted(Path("notebooks").glob("*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    failures += [(path.name, e) for e in errors]
    print(path.name, "ran", flush=True)
if failures:
    sys.exit(repr(failures))
"""


def _repository_copy(target: Path) -> Path:
    """What Binder clones: the tracked files and the untracked ones git does not ignore."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory, worker_id):
    """(repository copy, environment's python) after requirements.txt and postBuild.

    Built once per test run: pytest-xdist may hand this module's tests to both workers, and
    the first to ask builds the environment (a minute or more of pip) while the other waits
    for it under a file lock, then uses it."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == "python-3.11"
    if sys.version_info[:2] != (3, 11):
        pytest.fail(f"Binder runs Python 3.11 ({runtime}); this test runs {sys.version}")
    # The run's own folder, shared by its workers (each worker's base is a folder in it).
    shared = tmp_path_factory.getbasetemp()
    shared = shared if worker_id == "master" else shared.parent
    base = shared / "binder"
    repo, env = base / "repo", base / "env"
    python = env / "bin" / "python"
    environ = {**os.environ, "PATH": f"{env / 'bin'}:{os.environ['PATH']}", "VIRTUAL_ENV": str(env)}
    environ.pop("PYTHONPATH", None)
    with open(shared / "binder.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = base / "built"
        if not built.exists():
            shutil.rmtree(base, ignore_errors=True)  # what a failed build by the other left
            _repository_copy(repo)
            subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
            run = dict(cwd=repo, env=environ, capture_output=True, text=True)
            # repo2docker: pip install -r binder/requirements.txt from the repository root,
            # then postBuild. --no-compile only skips writing .pyc files up front (a minute on
            # 2 cores); what is installed is the same.
            install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-compile",
                                      "-r", "binder/requirements.txt"], **run)
            assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
            post = subprocess.run(["binder/postBuild"], **run)
            assert post.returncode == 0, post.stdout + post.stderr
            built.touch()
    return repo, python, environ


def test_binder_environment_is_consistent_and_equals_the_lock(binder_env):
    repo, python, environ = binder_env
    check = subprocess.run([str(python), "-m", "pip", "check"], cwd=repo, env=environ,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--exclude-editable"], cwd=repo,
                            env=environ, capture_output=True, text=True, check=True).stdout
    lock = _pins((ROOT / "requirements.lock").read_text())
    installed = {name: v for name, v in _pins(frozen).items() if name not in ("pip", "sgexplore")}
    assert {n: (v, lock.get(n)) for n, v in installed.items() if lock.get(n) != v} == {}


def test_binder_environment_imports_every_layer_and_configures_voila(binder_env):
    repo, python, environ = binder_env
    imported = subprocess.run([str(python), "-c", "import " + ", ".join(LAYERS)], cwd=repo,
                              env=environ, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr[-3000:]
    prefix = python.parent.parent
    config = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "sgexplore.json"
    assert json.loads(config.read_text()) == json.loads((ROOT / "voila.json").read_text())
    template = prefix / "share" / "jupyter" / "voila" / "templates" / "sgexplore" / "index.html.j2"
    assert "cdn." not in template.read_text()


def test_binder_environment_runs_every_notebook(binder_env, tmp_path):
    """Through ``binder/start``, as repo2docker runs the server: it turns JAX's persistent
    compilation cache on, so each notebook's kernel after the first loads what was compiled."""
    repo, python, environ = binder_env
    home = tmp_path / "home"  # Binder's user starts with an empty home
    home.mkdir()
    environ = {key: value for key, value in environ.items() if not key.startswith("JAX_")}
    executed = subprocess.run([str(repo / "binder" / "start"), str(python), "-c", EXECUTE],
                              cwd=repo, env={**environ, "HOME": str(home)},
                              capture_output=True, text=True)
    assert executed.returncode == 0, executed.stdout + executed.stderr[-5000:]
    names = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert executed.stdout.split() == [word for n in names for word in (n, "ran")]
    assert any((home / ".cache" / "jax").iterdir()), "binder/start did not turn JAX's cache on"


def _pins(text: str) -> dict[str, str]:
    """{normalised name: version} of the ``name==version`` lines of a requirements text."""
    pins = {}
    for line in text.splitlines():
        name, sep, pinned = line.split("#")[0].strip().partition("==")
        if sep:
            pins[name.strip().lower().replace("_", "-").replace(".", "-")] = pinned.strip()
    return pins
