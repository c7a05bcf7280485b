"""Bounded work, clear refusals: every cap of ``sgexplore.limits`` is checked before any
allocation, and every refusal is a ``SgexploreError`` (a ``ValueError``) naming its limit."""

from __future__ import annotations

import math

import numpy as np
import pytest

import sgexplore
from sgexplore import (
    BasisTooLargeError,
    LatticeError,
    LimitError,
    SgexploreError,
    StructureError,
    UnknownGroupError,
    invariant_basis,
    limits,
    space_group,
    wallpaper_group,
)


def test_one_error_base_for_every_refusal():
    from sgexplore.basis import BasisTooLargeError as basis_error
    from sgexplore.crystal import StructureError as crystal_error

    assert basis_error is BasisTooLargeError and crystal_error is StructureError
    for error in (UnknownGroupError, LatticeError, BasisTooLargeError, StructureError, LimitError):
        assert issubclass(error, SgexploreError) and issubclass(error, ValueError)
    assert issubclass(BasisTooLargeError, LimitError)
    assert {"SgexploreError", "LimitError", "limits"} <= set(sgexplore.__all__)


@pytest.mark.parametrize("kwargs, match", [
    ({"max_eigenvalue": 1e21}, "MAX_FREQUENCIES"),
    ({"max_eigenvalue": 1e300}, "MAX_FREQUENCIES"),
    ({"n": 2**62}, "at most 30,000,000 functions"),
    ({"n": 2**200}, "MAX_FREQUENCIES"),
], ids=["eigenvalue-1e21", "eigenvalue-1e300", "n-2^62", "n-2^200"])
def test_huge_requests_are_refused_before_enumerating(kwargs, match):
    # Before: 1e21 overflowed the int64 size guard and asked NumPy for 75 GiB.
    with pytest.raises(BasisTooLargeError, match=match):
        invariant_basis("p1", **kwargs)


def test_the_function_cap_follows_the_group_order():
    g = space_group("Fm-3m")
    with pytest.raises(BasisTooLargeError, match=f"at most {limits.MAX_FREQUENCIES // 192:,}"):
        invariant_basis(g, n=limits.MAX_FREQUENCIES // 192 + 1)


@pytest.mark.parametrize("kwargs", [
    {"n": -1}, {"n": 0}, {"n": 2.0}, {"n": float("nan")}, {"n": True}, {"n": "3"},
    {"max_eigenvalue": float("nan")}, {"max_eigenvalue": float("inf")}, {"max_eigenvalue": -1.0},
    {"max_eigenvalue": "10"}, {}, {"n": 3, "max_eigenvalue": 10.0},
], ids=["n=-1", "n=0", "n=2.0", "n=nan", "n=True", "n=str", "lam=nan", "lam=inf", "lam<0",
        "lam=str", "neither", "both"])
def test_bad_counts_and_bounds_are_refused(kwargs):
    with pytest.raises(SgexploreError):
        invariant_basis("p2", **kwargs)


@pytest.mark.parametrize("key", [None, 3.5, object(), [1, 2]], ids=["None", "float", "object", "list"])
def test_a_missing_group_is_a_clear_error(key):
    # Before: AttributeError: 'NoneType' object has no attribute 'default_lattice'.
    with pytest.raises(UnknownGroupError, match="needs a group"):
        invariant_basis(key, n=3)


def test_the_estimate_is_the_ellipsoid_volume():
    from sgexplore.basis._orbits import candidate_box, frequencies_within

    g = wallpaper_group("p2")
    metric = g.lattice(a=1.0, b=3.0, gamma=70.0).metric
    bound = 4 * math.pi**2 * 40.0
    count = len(frequencies_within(metric, bound))
    # Area of {k : k^T M^-1 k <= r^2} is pi r^2 sqrt(det M); the lattice count is within
    # its perimeter (a few percent at this radius).
    assert count == pytest.approx(math.pi * 40.0 * math.sqrt(np.linalg.det(metric)), rel=0.05)
    assert candidate_box(metric, bound) == [6, 18]


@pytest.mark.parametrize("parameters, match", [
    ({"a": 1e200}, "out of range"), ({"a": 1e-200}, "out of range"), ({"b": 5e11}, "out of range"),
    ({"b": 150.0}, "at most 100 times"), ({"a": 0.005}, "at most 100 times"),
], ids=["a=1e200", "a=1e-200", "b=5e11", "ratio-150", "ratio-240"])
def test_lattice_parameters_have_documented_bounds(parameters, match):
    # Before: a=1e200 said "linearly independent"; b=5e11 was accepted (53 s, 7.3 GB later).
    with pytest.raises(LatticeError, match=match):
        wallpaper_group("p2").lattice(**parameters)


def test_lattice_matrices_have_the_same_bounds():
    with pytest.raises(LatticeError, match="at most 100 times"):
        invariant_basis("p1", n=10, lattice=np.diag([1.0, 5e3]))
    with pytest.raises(LatticeError, match="out of range"):
        sgexplore.Lattice(np.diag([1e7, 1e7, 1e7]))
    assert len(invariant_basis("p2", n=24, lattice=wallpaper_group("p2").lattice(b=100.0))) == 24


@pytest.mark.parametrize("cells", [-1, 0, (2, 0), (1, 2, 3), 1.5, True, "2"],
                         ids=["-1", "0", "(2,0)", "3-tuple", "1.5", "True", "str"])
def test_on_grid_cells_must_be_positive_integers(cells):
    # Before: cells=-1 raised MLIRError and cells=0 returned an empty array.
    basis = invariant_basis("p4m", n=10)
    with pytest.raises(SgexploreError, match="cells must be 2 positive integers"):
        basis.on_grid((8, 8), cells=cells)


def test_on_grid_counts_cells_in_the_memory_check():
    basis = invariant_basis("p4m", n=10)
    with pytest.raises(BasisTooLargeError, match="tiled over"):
        basis.on_grid((64, 64), cells=10**4)
    with pytest.raises(BasisTooLargeError, match="MAX_GRID_BYTES"):
        basis.on_grid((2**40, 2**40))
    tiled = np.asarray(basis.on_grid((8, 8), cells=(2, 3)))
    assert tiled.shape == (16, 24, 10)
    np.testing.assert_array_equal(tiled[8:16, 16:24], np.asarray(basis.on_grid((8, 8))))


@pytest.mark.parametrize("shape", [(0, 8), (-8, 8), (8,), (8.0, 8)], ids=["0", "neg", "1d", "float"])
def test_grid_shapes_must_be_positive_integers(shape):
    basis = invariant_basis("p4m", n=10)
    with pytest.raises(SgexploreError, match="grid shape"):
        basis.on_grid(shape)


@pytest.mark.parametrize("spectrum, lengthscale, limit", [
    ("heat", 1e20, "constant"), ("heat", 1e30, "constant"), ("matern", 1e20, "constant"),
    ("matern", 1e-20, "uniform"), ("heat", 1e-30, "uniform"),
], ids=["heat-1e20", "heat-1e30", "matern-1e20", "matern-1e-20", "heat-1e-30"])
def test_float32_kernel_weights_reach_their_limits_without_nan(spectrum, lengthscale, limit):
    import jax.numpy as jnp

    from sgexplore.kernels import spectral_kernel

    basis = invariant_basis("p4m", n=100, dtype=jnp.float32)
    weights = np.asarray(spectral_kernel(basis, spectrum, lengthscale, amplitude=2.0).weights())
    # Before: l^2 overflowed float32 and the weights were NaN. A very long lengthscale keeps
    # only the constant function; a very short one weighs every function alike.
    expected = np.r_[4.0, np.zeros(99)] if limit == "constant" else np.full(100, 4.0 / 100)
    np.testing.assert_allclose(weights, expected, rtol=1e-5, atol=1e-30)


def test_kernel_arguments_are_checked():
    from sgexplore.kernels import group_averaged_kernel, spectral_kernel

    basis = invariant_basis("p4m", n=10)
    for make in (spectral_kernel, group_averaged_kernel):
        # Before: AttributeError: 'NoneType' object has no attribute '_device_terms'.
        with pytest.raises(SgexploreError, match="needs an InvariantBasis"):
            make(None)
    with pytest.raises(LimitError, match="MAX_KERNEL_AMPLITUDE"):
        spectral_kernel(basis, amplitude=1e20)
    with pytest.raises(SgexploreError, match="lengthscale must be a number"):
        spectral_kernel(basis, lengthscale="wide")


def test_a_density_grid_beyond_its_cap_is_a_limit_error():
    from sgexplore.crystal import example
    from sgexplore.crystal._density import density_on_grid
    from sgexplore.limits import MAX_DENSITY_POINTS

    with pytest.raises(LimitError, match="MAX_DENSITY_POINTS"):
        density_on_grid(example("NaCl"), shape=(MAX_DENSITY_POINTS // 64**2 + 1, 64, 64))
