"""Every figure function takes ``template``: the figure carries the template given, plotly's
default when None, and none at all for ``BARE``, built without ever reading the default; and
the figure functions refuse bad input with ``SgexploreError``."""

from __future__ import annotations

from functools import cache

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.crystal import (
    example,
    plot_coefficients,
    plot_reconstruction,
    plot_structure,
    project_density,
    slice_frame,
)
from sgexplore.groups import SgexploreError
from sgexplore.orbifolds import orbifold
from sgexplore.render import (
    BARE,
    cartesian_field,
    isosurface_mesh,
    plot_asu_tiling,
    plot_asymmetric_unit,
    plot_field,
    plot_fundamental_domain,
    plot_gallery,
    plot_general_positions,
    plot_isosurfaces,
    plot_orbifold_surface,
    plot_slice,
    plot_space_orbifold,
    plot_spectrum,
    plot_symmetry_elements,
)

# The property does not depend on the group: small, fast ones.
P2 = wallpaper_group("p2")
P_1 = space_group("P-1")


@cache
def _field_3d() -> np.ndarray:
    return np.random.default_rng(17).normal(size=(8, 8, 8))


@cache
def _projection():
    return project_density(example("NaCl"), n=20)


FIGURES = {
    "plot_field": lambda t: plot_field(P2, np.zeros((8, 8)), template=t),
    "plot_spectrum": lambda t: plot_spectrum(np.array([0.0, 1.0, 1.0]), template=t),
    "plot_gallery": lambda t: plot_gallery(P2, np.zeros((2, 8, 8)), columns=2, template=t),
    "plot_symmetry_elements": lambda t: plot_symmetry_elements(P2, cells=1, template=t),
    "plot_fundamental_domain": lambda t: plot_fundamental_domain(orbifold(P2), template=t),
    "plot_orbifold_surface": lambda t: plot_orbifold_surface(orbifold(P2), resolution=2, template=t),
    "plot_general_positions-2D": lambda t: plot_general_positions(P2, template=t),
    "plot_general_positions-3D": lambda t: plot_general_positions(P_1, template=t),
    "plot_asymmetric_unit": lambda t: plot_asymmetric_unit(P_1, template=t),
    "plot_isosurfaces": lambda t: plot_isosurfaces(P_1, _field_3d(), template=t),
    "plot_slice": lambda t: plot_slice(_field_3d(), template=t),
    "plot_slice-lattice": lambda t: plot_slice(_field_3d(), lattice=P_1.default_lattice, template=t),
    "plot_space_orbifold": lambda t: plot_space_orbifold(orbifold(P_1), template=t),
    "plot_asu_tiling": lambda t: plot_asu_tiling(P_1, steps=1, template=t),
    "plot_structure": lambda t: plot_structure(example("NaCl"), template=t),
    "plot_coefficients": lambda t: plot_coefficients(_projection(), template=t),
    "plot_reconstruction": lambda t: plot_reconstruction(_projection(), 5, template=t),
}


def _json(template) -> dict:
    return template.to_plotly_json()


# What the figure's layout.template must equal, for each template given.
EXPECTED = {
    "plotly_white": lambda: _json(pio.templates["plotly_white"]),
    "bare": lambda: _json(go.Figure(layout={"template": {}}).layout.template),
    "default": lambda: _json(pio.templates[pio.templates.default]),
}
GIVEN = {"plotly_white": "plotly_white", "bare": BARE, "default": None}


@pytest.mark.parametrize("kind", list(GIVEN))
@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_carries_the_template_given(name, kind):
    figure = FIGURES[name](GIVEN[kind])
    assert isinstance(figure, go.Figure)
    assert _json(figure.layout.template) == EXPECTED[kind]()
    if kind == "bare":
        assert _json(figure.layout.template.layout) == {}


@pytest.fixture
def default_template_unreadable(monkeypatch):
    """plotly's default template and every template lookup raise, as a build that reads
    the default would."""
    def refuse(*args):
        raise AssertionError("the default template was read")

    monkeypatch.setattr(type(pio.templates), "__getitem__", refuse)
    monkeypatch.setattr(type(pio.templates), "default", property(refuse))


@pytest.mark.parametrize("name", list(FIGURES))
def test_bare_figures_never_read_the_default_template(name, default_template_unreadable):
    figure = FIGURES[name](BARE)
    assert _json(figure.layout.template.layout) == {}


def test_the_unreadable_default_is_noticed(default_template_unreadable):
    """The fixture bites: a figure built with plotly's default reads it."""
    with pytest.raises(AssertionError, match="default template was read"):
        FIGURES["plot_spectrum"](None)


BAD_INPUTS = {
    "2D field of a 3D grid": lambda: cartesian_field(np.zeros((4, 4, 4)), P2.default_lattice),
    "unknown overlay": lambda: plot_field(P2, np.zeros((8, 8)), overlays=("grid",)),
    "cells out of range": lambda: plot_symmetry_elements(P2, cells=7),
    "point not finite": lambda: plot_general_positions(P2, point=(np.nan, 0.1)),
    "point of the wrong dimension": lambda: plot_general_positions(P_1, point=(0.1, 0.2)),
    "isosurface of a 2D grid": lambda: isosurface_mesh(np.zeros((4, 4)), 0.0),
    "fraction out of range": lambda: plot_isosurfaces(P_1, _field_3d(), fraction=1.5),
    "no such slice": lambda: plot_slice(np.zeros((4, 4, 4)), axis=2, index=4),
    "bad slice axis": lambda: plot_slice(np.zeros((4, 4, 4)), axis=3),
    "steps out of range": lambda: plot_asu_tiling(P_1, steps=0),
    "bad frame axis": lambda: slice_frame(np.eye(3), axis=3),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_sgexplore_error(name):
    with pytest.raises(SgexploreError):
        BAD_INPUTS[name]()
