"""The top-level package: ``import sgexplore`` lists what it offers, and ``sgexplore.orbifold``
(the function) never collides with the ``sgexplore.orbifolds`` subpackage."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import sgexplore as sx


def test_dir_lists_the_public_names_and_every_subpackage():
    listed = dir(sx)
    assert listed == sorted(listed)
    assert set(sx.__all__) <= set(listed)
    modules = {m.name for m in pkgutil.iter_modules(sx.__path__) if not m.name.startswith("_")}
    assert modules <= set(listed)
    assert {"groups", "basis", "kernels", "gp", "orbifolds", "crystal", "render", "widgets"} <= modules
    assert [n for n in listed if n.startswith("_")] == ["__version__"]


def _fresh(code: str) -> str:
    """Run ``code`` in a new interpreter, so that import order is what the test says."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.parametrize("first", ["function", "subpackage"])
def test_orbifold_is_the_function_whatever_was_imported_first(first):
    steps = ["import sgexplore as sx", "f = sx.orbifold", "import sgexplore.orbifolds as m"]
    if first == "subpackage":
        steps[1], steps[2] = steps[2], steps[1]
    out = _fresh("; ".join(steps + [
        "import types",
        "print(isinstance(m, types.ModuleType), m.__name__, callable(f), f is m.orbifold,"
        " sx.orbifold is f, sx.orbifolds is m)",
    ]))
    assert out == "True sgexplore.orbifolds True True True True"


def test_the_old_subpackage_name_is_gone():
    out = _fresh("import importlib.util; print(importlib.util.find_spec('sgexplore.orbifold'))")
    assert out == "None"


def test_orbifold_of_a_wallpaper_group_and_of_a_space_group():
    plane = sx.orbifold(sx.wallpaper_group("p4m"))
    assert plane.conway == "*442"
    space = sx.orbifold(sx.space_group(225))
    assert type(space).__name__ == "SpaceOrbifold"
    assert space.singular_vertices[0].local_group.schoenflies == "O_h"


def test_subpackages_load_on_first_use_without_jax_for_the_exact_layers():
    out = _fresh("import sys, sgexplore as sx; sx.orbifolds; sx.groups; "
                 "print('jax' in sys.modules, sx.gp.__name__, 'jax' in sys.modules)")
    assert out == "False sgexplore.gp True"
