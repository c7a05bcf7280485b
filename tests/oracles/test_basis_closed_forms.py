"""Closed forms: p1/P1 are the real Fourier basis, p2 keeps the cosines, p4m and p6m
match the formulas of MATH.md, and fractional-coordinate functions ignore the metric."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.basis import invariant_basis


def _real_fourier(x: np.ndarray, bound: int, metric: np.ndarray, max_eigenvalue: float):
    """The standard real Fourier basis {1, sqrt2 cos 2 pi k.x, sqrt2 sin 2 pi k.x} over
    a half-space of frequencies, with eigenvalues."""
    dim = x.shape[1]
    columns, eigenvalues = [np.ones(len(x))], [0.0]
    inverse = np.linalg.inv(metric)
    for k in itertools.product(range(-bound, bound + 1), repeat=dim):
        k = np.array(k)
        nonzero = k[np.flatnonzero(k)[0]] if k.any() else 0
        if nonzero <= 0:
            continue
        lam = 4 * np.pi**2 * k @ inverse @ k
        if lam <= max_eigenvalue:
            arg = 2 * np.pi * x @ k
            columns += [np.sqrt(2) * np.cos(arg), np.sqrt(2) * np.sin(arg)]
            eigenvalues += [lam, lam]
    return np.array(columns).T, np.array(eigenvalues)


def _span_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Largest principal-angle sine between the column spans of a and b (sampled)."""
    qa, _ = np.linalg.qr(a)
    qb, _ = np.linalg.qr(b)
    return float(np.linalg.norm(qa - qb @ (qb.T @ qa), 2))


@pytest.mark.parametrize("symbol", ["p1", "P1"])
def test_translation_group_is_the_real_fourier_basis(symbol, rng):
    g = wallpaper_group(symbol) if symbol == "p1" else space_group(symbol)
    lattice = g.default_lattice
    bound = 30.0 * 4 * np.pi**2 / max(np.diag(lattice.metric).min(), 1) / 4
    basis = invariant_basis(g, max_eigenvalue=bound)
    x = rng.random((600, g.dim))
    expected, eigenvalues = _real_fourier(x, 12, lattice.metric, bound)
    np.testing.assert_allclose(basis.eigenvalues, np.sort(eigenvalues), rtol=1e-12)
    values = np.asarray(basis(x))
    # Same eigenspaces, level by level (any rotation within a level is allowed).
    for level in basis.levels:
        mine = values[:, np.isclose(basis.eigenvalues, level)]
        theirs = expected[:, np.isclose(eigenvalues, level)]
        assert mine.shape == theirs.shape
        assert _span_distance(mine, theirs) < 1e-10


@pytest.mark.parametrize("bound", [50.0, 400.0, 2000.0])
def test_p2_count_is_half_of_p1_plus_one(bound):
    p1 = invariant_basis(wallpaper_group("p1"), max_eigenvalue=bound)
    p2 = invariant_basis(wallpaper_group("p2"), max_eigenvalue=bound)
    assert len(p2) == (len(p1) + 1) // 2
    assert all(o.part == "real" for o in p2.frequency_orbits)


def test_p4m_closed_form(rng):
    basis = invariant_basis(wallpaper_group("p4m"), max_eigenvalue=4 * np.pi**2 * 30)
    x = rng.random((200, 2))
    values = np.asarray(basis(x))
    a, b = 2 * np.pi * x[:, 0], 2 * np.pi * x[:, 1]
    for h in range(2, 6):
        for k in range(1, h):
            if h * h + k * k > 30:
                continue
            formula = np.sqrt(2) * (np.cos(h * a) * np.cos(k * b) + np.cos(k * a) * np.cos(h * b))
            level = np.isclose(basis.eigenvalues, 4 * np.pi**2 * (h * h + k * k))
            coefficients, *_ = np.linalg.lstsq(values[:, level], formula, rcond=None)
            np.testing.assert_allclose(values[:, level] @ coefficients, formula, atol=1e-10)


def test_p6m_first_nonconstant_function(rng):
    a = 1.3
    g = wallpaper_group("p6m")
    basis = invariant_basis(g, n=3, lattice=g.lattice(a=a))
    assert basis.eigenvalues[1] == pytest.approx(16 * np.pi**2 / (3 * a**2))
    assert basis.multiplicities[:2].tolist() == [1, 1]
    x = rng.random((100, 2))
    u, v = 2 * np.pi * x[:, 0], 2 * np.pi * x[:, 1]
    formula = 2 / np.sqrt(6) * (np.cos(u) + np.cos(v) + np.cos(u - v))
    values = np.asarray(basis(x))[:, 1]
    np.testing.assert_allclose(np.abs(values), np.abs(formula), atol=1e-12)
    np.testing.assert_allclose(values * np.sign(values @ formula), formula, atol=1e-12)


def test_functions_in_fractional_coordinates_ignore_the_metric(rng):
    g = space_group("P2_1/c")
    one = invariant_basis(g, n=40, lattice=g.lattice(beta=95.0))
    other = invariant_basis(g, n=200, lattice=g.lattice(a=1.7, beta=125.0))
    x = rng.random((300, 3))
    mine, theirs = np.asarray(one(x)), np.asarray(other(x))
    for orbit, function in zip(one.frequency_orbits, mine.T):
        keys = [set(map(tuple, o.frequencies)) for o in other.frequency_orbits]
        match = [i for i, key in enumerate(keys) if key == set(map(tuple, orbit.frequencies))]
        assert match, "the same orbits exist under any metric"
        span = theirs[:, match]
        coefficients, *_ = np.linalg.lstsq(span, function, rcond=None)
        np.testing.assert_allclose(span @ coefficients, function, atol=1e-10)
