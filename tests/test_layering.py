"""Data flows one way: upstream modules never import downstream ones."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = {
    "sgexplore.groups": ["jax", "plotly", "ipywidgets", "sgexplore.basis", "sgexplore.render"],
    "sgexplore.basis": ["plotly", "ipywidgets", "sgexplore.render", "sgexplore.widgets"],
    "sgexplore.orbifold": ["jax", "plotly", "ipywidgets", "sgexplore.render"],
    "sgexplore.crystal": ["jax", "plotly", "ipywidgets", "crystal_toolkit", "pymatgen",
                          "sgexplore.basis", "sgexplore.render"],
    "sgexplore.kernels": ["plotly", "ipywidgets", "sgexplore.render", "sgexplore.widgets"],
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
