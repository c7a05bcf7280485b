"""Every model trait is documented (issue 17: "every trait documented (type, default,
meaning)"): each trait has a ``help`` string and is named in its class docstring, and each
control a view builds for a bounded trait takes the trait's range."""

from __future__ import annotations

import inspect
import re

import pytest
import traitlets

import sgexplore.widgets as sw
from sgexplore.widgets import _base, _crystal, _gp, _gplab, _orbifold, _plane, _space

MODULES = (_base, _crystal, _gp, _gplab, _orbifold, _plane, _space, sw)
MODELS = sorted({obj for module in MODULES for _, obj in inspect.getmembers(module, inspect.isclass)
                 if issubclass(obj, _base.RecomputingModel) and obj.__module__.startswith("sgexplore")},
                key=lambda c: c.__name__)


def _own_traits(model: type) -> dict[str, traitlets.TraitType]:
    """The public traits a model class declares (its own and inherited from sgexplore's)."""
    return {name: trait for name, trait in model.class_traits().items()
            if not name.startswith("_")}


def _documented(model: type) -> str:
    return "\n".join(inspect.getdoc(c) or "" for c in model.__mro__
                     if c.__module__.startswith("sgexplore"))


def test_the_models_are_found():
    names = {m.__name__ for m in MODELS}
    assert {"GPModel", "GPLabModel", "CrystalModel", "SpaceGroupModel", "PlaneGroupModel"} <= names


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_trait_has_help_and_is_named_in_the_docstring(model):
    doc = _documented(model)
    missing_help = [n for n, t in _own_traits(model).items() if not t.help]
    assert not missing_help, f"{model.__name__}: traits without help: {missing_help}"
    undocumented = [n for n in _own_traits(model) if not re.search(rf"\b{n}\b", doc)]
    assert not undocumented, f"{model.__name__}: traits not named in the docstring: {undocumented}"


@pytest.mark.parametrize(("view", "model", "controls"), [
    (lambda: sw.GPLab("p2"), _gplab.GPLabModel, ("lengthscale", "noise", "seed")),
    (lambda: sw.CrystalExplorer("NaCl"), _crystal.CrystalModel, ("symprec",)),
], ids=["gp-lab", "crystal"])
def test_controls_take_their_range_from_the_trait(view, model, controls):
    built = view()
    for name in controls:
        control = getattr(built, name)
        assert (control.min, control.max) == tuple(_base.bounds(model, name).values()), name


@pytest.mark.parametrize(("make", "name", "value"), [
    (lambda: _gplab.GPLabModel("p2", resolution=16, n_functions=20), "lengthscale", 0.0),
    (lambda: _gplab.GPLabModel("p2", resolution=16, n_functions=20), "noise", 2.0),
    (lambda: _gplab.GPLabModel("p2", resolution=16, n_functions=20), "resolution", 4096),
    (lambda: _crystal.CrystalModel("NaCl"), "symprec", 5.0),
], ids=["lab-lengthscale", "lab-noise", "lab-resolution", "crystal-symprec"])
def test_a_value_out_of_range_is_refused_in_error_and_the_results_stay(make, name, value):
    model = make()
    before = {n: getattr(model, n) for n in ("truth", "crystal") if n in model.traits()}
    setattr(model, name, value)
    assert "must be between" in model.error, model.error
    for n, v in before.items():
        assert getattr(model, n) is v
