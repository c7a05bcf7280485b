"""Data flows one way: upstream modules never import downstream ones."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = {
    "sgexplore.groups": ["jax", "plotly", "ipywidgets", "sgexplore.basis", "sgexplore.render"],
    "sgexplore.basis": ["plotly", "ipywidgets", "sgexplore.render", "sgexplore.widgets"],
    "sgexplore.orbifolds": ["jax", "plotly", "ipywidgets", "sgexplore.render"],
    "sgexplore.crystal": ["jax", "plotly", "ipywidgets", "crystal_toolkit", "pymatgen",
                          "sgexplore.basis", "sgexplore.render"],
    "sgexplore.kernels": ["plotly", "ipywidgets", "sgexplore.render", "sgexplore.widgets"],
    # The dashboard records and the command's entry point: no server until `serve` runs.
    "sgexplore.serving": ["jax", "plotly", "ipywidgets", "voila", "sgexplore.widgets"],
}


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_upstream_does_not_import_downstream(module):
    code = (
        f"import sys, {module}; "
        f"print(','.join(m for m in {FORBIDDEN[module]!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_top_level_exports_resolve():
    import sgexplore

    for name in sgexplore.__all__:
        assert getattr(sgexplore, name) is not None
    code = "import sys, sgexplore; print('jax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "import sgexplore must not load JAX"


WIDGETS = sorted((Path(__file__).resolve().parents[1] / "sgexplore" / "widgets").glob("*.py"))
# Imports that stay inside a function: an optional dependency, loaded only where it is used.
LOCAL_IMPORTS = {("_query.py", "voila.utils")}


@pytest.mark.parametrize("path", WIDGETS, ids=[p.name for p in WIDGETS])
def test_widgets_import_no_private_name_across_files_and_nothing_inside_functions(path):
    tree = ast.parse(path.read_text())
    top_level = {id(node) for node in tree.body}
    for node in tree.body:
        if isinstance(node, ast.Try):  # a guarded import of an optional internal (_compat)
            top_level |= {id(n) for n in node.body + [h for x in node.handlers for h in x.body]}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        module = getattr(node, "module", None) or node.names[0].name
        if id(node) not in top_level:
            assert (path.name, module) in LOCAL_IMPORTS, f"{path.name}:{node.lineno} imports {module} in a function"
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            private = [a.name for a in node.names if a.name.startswith("_")]
            if node.level == 0 and path.name == "_compat.py":
                continue  # other libraries' internals live there, behind a version guard
            assert not private, f"{path.name}:{node.lineno} imports private {private} from {module}"
