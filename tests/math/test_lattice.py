"""Lattices: every group's default lattice is invariant; symmetry-breaking input is refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sgexplore import Lattice, LatticeError, space_group, wallpaper_group

from ..conftest import every_group_and_setting


@every_group_and_setting
def test_default_lattice_is_invariant(g):
    metric = g.default_lattice.metric
    for r in g.rotations:
        np.testing.assert_allclose(r.T @ metric @ r, metric, atol=1e-12)


@every_group_and_setting
def test_each_constrained_parameter_is_refused_when_broken(g):
    parameters = g.default_lattice.parameters
    for name in set(parameters) - set(g.free_lattice_parameters):
        with pytest.raises(LatticeError, match="lattice"):
            g.lattice(**{name: parameters[name] * 1.07})


@every_group_and_setting
def test_free_parameters_are_accepted_and_respected(g):
    parameters = g.default_lattice.parameters
    changed = {n: parameters[n] * (1.1 if n in "abc" else 0.97) for n in g.free_lattice_parameters}
    lattice = g.lattice(**changed)
    for name, value in changed.items():
        assert lattice.parameters[name] == pytest.approx(value, rel=1e-12)
    g.check_lattice(lattice.matrix)


@pytest.mark.parametrize(
    "parameters",
    [
        {"a": -1.0}, {"a": 0.0}, {"a": math.nan}, {"a": math.inf},
        {"alpha": 0.0}, {"beta": 180.0}, {"gamma": 200.0},
        {"alpha": 30.0, "beta": 30.0, "gamma": 100.0},
        {"alpha": 120.0, "beta": 120.0, "gamma": 120.0},
        {"d": 1.0},
    ],
)
def test_impossible_triclinic_parameters(parameters):
    with pytest.raises(LatticeError):
        space_group("P1").lattice(**parameters)


def test_messages_name_the_constraint():
    with pytest.raises(LatticeError, match=r"p4mm has a square lattice: needs b = a"):
        wallpaper_group("p4m").lattice(a=1.0, b=1.2)
    with pytest.raises(LatticeError, match=r"gamma = 120"):
        space_group("P6_3/mmc").lattice(gamma=90.0)
    with pytest.raises(LatticeError, match="not invariant"):
        space_group("Fm-3m").check_lattice(np.diag([1.0, 1.0, 1.1]))
    with pytest.raises(LatticeError, match="3D lattice"):
        space_group("Fm-3m").check_lattice(np.eye(2))


def test_matrix_and_parameters_round_trip(rng):
    for _ in range(20):
        angles = rng.uniform(70, 110, size=3)
        lengths = rng.uniform(0.5, 2, size=3)
        p = dict(zip(("a", "b", "c"), lengths)) | dict(zip(("alpha", "beta", "gamma"), angles))
        lattice = Lattice.from_parameters(**p)
        for name, value in lattice.parameters.items():
            assert value == pytest.approx(p[name], rel=1e-10)
        assert lattice.volume == pytest.approx(abs(np.linalg.det(lattice.matrix)))
        x = rng.random((5, 3))
        np.testing.assert_allclose(lattice.to_fractional(lattice.to_cartesian(x)), x)


@pytest.mark.parametrize(
    "matrix", [np.eye(4), np.zeros((3, 3)), np.diag([1.0, 1.0, -1.0]), np.full((2, 2), np.nan)]
)
def test_bad_matrices(matrix):
    with pytest.raises(LatticeError):
        Lattice(matrix)
