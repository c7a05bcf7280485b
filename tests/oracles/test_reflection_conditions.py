"""Systematic absences and reflection conditions against brute force and ITA's text.

The oracle is the structure factor of a random general-position orbit,
F(k) = sum_g exp(2 pi i k.(g.x)) over every operation (centring included): it vanishes
for all x exactly at the systematically absent k.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.basis import invariant_basis

from ..conftest import all_groups, every_group_and_setting


def _box(dim: int) -> np.ndarray:
    reach = 6 if dim == 2 else 4
    return np.array(list(itertools.product(range(-reach, reach + 1), repeat=dim)))


def _brute_force_absent(g, k: np.ndarray, rng) -> np.ndarray:
    x = rng.random((3, g.dim))
    images = np.einsum("gij,pj->gpi", g.rotations, x) + g.translations[:, None, :]
    total = np.exp(2j * np.pi * np.einsum("kd,gpd->kgp", k, images)).sum(axis=1)
    return np.all(np.abs(total) < 1e-8 * g.order, axis=1)


@all_groups
def test_absences_are_exactly_where_the_orbit_structure_factor_vanishes(g, rng):
    k = _box(g.dim)
    absent = _brute_force_absent(g, k, rng)
    extinct, cause, operation = g.systematic_absences(k)
    np.testing.assert_array_equal(extinct, absent)
    # The cause named is right: a centring when one kills k, else the named operation
    # fixes k, has k.t not an integer and is a glide (det -1) or screw (det +1).
    identity = np.eye(g.dim)
    centrings = g.centring_translations
    killed_by_centring = np.any(np.abs(np.mod(k @ centrings.T + 0.5, 1) - 0.5) > 1e-9, axis=1)
    for kv, c, i, by_centring in zip(k[extinct], cause[extinct], operation[extinct], killed_by_centring[extinct]):
        r, t = g.rotations[i], g.translations[i]
        assert np.array_equal(kv @ r, kv) and abs(kv @ t - round(kv @ t)) > 1e-9
        det = round(np.linalg.det(r))
        expected = 0 if by_centring else (1 if det < 0 else 2)
        assert c == expected and (c != 0 or np.array_equal(r, identity))
    assert np.all(cause[~extinct] == -1) and np.all(operation[~extinct] == -1)


@all_groups
def test_basis_extinctions_are_every_absent_frequency_in_its_range(g, rng):
    k = _box(g.dim)
    absent = _brute_force_absent(g, k, rng)
    lam = 4 * np.pi**2 * np.einsum("ki,ij,kj->k", k, np.linalg.inv(g.default_lattice.metric), k)
    bound = lam.max() * 0.6
    basis = invariant_basis(g, max_eigenvalue=bound)
    listed = {tuple(v) for v in basis.extinctions.frequencies.tolist()}
    in_range = {tuple(v) for v, a, lv in zip(k.tolist(), absent, lam) if a and lv <= basis.eigenvalues[-1] * (1 + 1e-9)}
    assert {v for v in listed if max(map(abs, v)) <= k.max()} == in_range
    np.testing.assert_array_equal(basis.is_extinct(k), absent)
    np.testing.assert_array_equal(basis.is_extinct(k), basis.is_extinct(-k))
    # The frequencies the functions hold are exactly the surviving ones, with both signs.
    support = {tuple(v) for v in basis.support_frequencies.tolist()}
    assert {v for v in support if max(map(abs, v)) <= k.max()} == {
        tuple(v) for v, a, lv in zip(k.tolist(), absent, lam) if not a and lv <= basis.eigenvalues[-1] * (1 + 1e-9)}
    assert set(np.unique(basis.extinctions.causes)) <= {"centring", "glide", "screw"}


def test_the_lessons_windows():
    window = np.array(list(itertools.product(range(-3, 4), repeat=2)))
    bound = (2 * np.pi) ** 2 * 18
    assert len(invariant_basis("p1", max_eigenvalue=bound).extinctions) == 0
    pg = invariant_basis("pg", max_eigenvalue=bound)
    assert {tuple(v) for v in window[pg.is_extinct(window)].tolist()} == {(0, -3), (0, -1), (0, 1), (0, 3)}
    assert pg.extinctions.counts() == {"centring": 0, "glide": len(pg.extinctions), "screw": 0}
    rock_salt = invariant_basis("Fm-3m", n=10)
    assert rock_salt.extinctions.counts()["centring"] > 0
    assert all(e.cause == "centring" for e in rock_salt.extinctions)


ITA = {  # General reflection conditions as printed in ITA Vol. A (setting as named)
    ("Fm-3m", None): ("hkl: h+k, h+l, k+l = 2n", "0kl: k, l = 2n", "hhl: h+l = 2n", "h00: h = 2n"),
    ("Fd-3m", None): ("hkl: h+k, h+l, k+l = 2n", "0kl: k+l = 4n and k, l = 2n", "hhl: h+l = 2n",
                      "h00: h = 4n"),
    ("Fd-3m", "1"): ("hkl: h+k, h+l, k+l = 2n", "0kl: k+l = 4n and k, l = 2n", "hhl: h+l = 2n",
                     "h00: h = 4n"),
    ("P2_1/c", None): ("h0l: l = 2n", "0k0: k = 2n", "00l: l = 2n"),
    ("Pnma", None): ("0kl: k+l = 2n", "hk0: h = 2n", "h00: h = 2n", "0k0: k = 2n", "00l: l = 2n"),
    ("Ia-3d", None): ("hkl: h+k+l = 2n", "0kl: k, l = 2n", "hhl: 2h+l = 4n", "h00: h = 4n"),
    ("I4_1/amd", None): ("hkl: h+k+l = 2n", "hk0: h, k = 2n", "0kl: k+l = 2n", "hhl: 2h+l = 4n",
                         "00l: l = 4n", "h00: h = 2n", "h-h0: h = 2n"),
    ("P6_3/mmc", None): ("hh-2hl: l = 2n", "000l: l = 2n"),
    ("C2/c", None): ("hkl: h+k = 2n", "h0l: h, l = 2n", "0kl: k = 2n", "hk0: h+k = 2n", "0k0: k = 2n",
                     "h00: h = 2n", "00l: l = 2n"),
    ("C2", None): ("hkl: h+k = 2n", "h0l: h = 2n", "0kl: k = 2n", "hk0: h+k = 2n", "0k0: k = 2n",
                   "h00: h = 2n"),
    ("C2/m", "c2"): ("hkl: h+l = 2n", "hk0: h = 2n", "0kl: l = 2n", "h0l: h+l = 2n", "00l: l = 2n",
                     "h00: h = 2n"),  # B112/m
    ("C2/m", "c3"): ("hkl: h+k+l = 2n", "hk0: h+k = 2n", "0kl: k+l = 2n", "h0l: h+l = 2n", "00l: l = 2n",
                     "h00: h = 2n", "0k0: k = 2n"),  # I112/m
    ("P2_1", None): ("0k0: k = 2n",),
    ("P2_1", "c"): ("00l: l = 2n",),
    ("Pbam", None): ("0kl: k = 2n", "h0l: h = 2n", "h00: h = 2n", "0k0: k = 2n"),
    ("P2_12_12", None): ("h00: h = 2n", "0k0: k = 2n"),
    ("P2_13", None): ("h00: h = 2n",),
    ("Im-3m", None): ("hkl: h+k+l = 2n", "0kl: k+l = 2n", "hhl: l = 2n", "h00: h = 2n"),
    ("R-3c", None): ("hkil: -h+k+l = 3n", "hki0: -h+k = 3n", "hh-2hl: l = 3n", "h-h0l: h+l = 3n and l = 2n",
                     "000l: l = 6n", "h-h00: h = 3n"),
    ("R-3c", "R"): ("hhl: l = 2n", "hhh: h = 2n"),
    ("P6_1", None): ("000l: l = 6n",),
    ("P4_32_12", None): ("00l: l = 4n", "h00: h = 2n"),
    ("P-1", None): (),
    ("pg", None): ("0k: k = 2n",),
    ("cm", None): ("hk: h+k = 2n", "h0: h = 2n", "0k: k = 2n"),
    ("p2gg", None): ("h0: h = 2n", "0k: k = 2n"),
    ("p4gm", None): ("h0: h = 2n",),
    ("p4mm", None): (),
}


@pytest.mark.parametrize("key, setting", sorted(ITA, key=str), ids=[f"{k}:{s}" if s else k for k, s in sorted(ITA, key=str)])
def test_conditions_as_printed_in_the_international_tables(key, setting):
    g = wallpaper_group(key) if key[0].islower() else space_group(key, setting=setting)
    assert g.reflection_conditions == ITA[key, setting]


_CLASS_VECTORS = {  # class name -> (basis columns of k in hkl, parameter names)
    "hkl": ("100/010/001", "hkl"), "hkil": ("100/010/001", "hkl"), "0kl": ("010/001", "kl"),
    "h0l": ("100/001", "hl"), "hk0": ("100/010", "hk"), "hki0": ("100/010", "hk"), "h00": ("100", "h"),
    "0k0": ("010", "k"), "00l": ("001", "l"), "000l": ("001", "l"), "hhl": ("110/001", "hl"),
    "hh-2hl": ("110/001", "hl"), "h-h0l": ("1m0/001", "hl"), "h-h0": ("1m0", "h"), "h-h00": ("1m0", "h"),
    "hh-2h0": ("110", "h"), "hhh": ("111", "h"),
    "hk": ("10/01", "hk"), "h0": ("10", "h"), "0k": ("01", "k"), "hh": ("11", "h"),
}


def _parse(line: str):
    """'0kl: k+l = 4n and k, l = 2n' -> (columns, names, [(coefficients, modulus), ...])."""
    name, text = line.split(": ")
    columns, names = _CLASS_VECTORS[name]
    matrix = np.array([[{"1": 1, "0": 0, "m": -1}[c] for c in col] for col in columns.split("/")]).T
    congruences = []
    for part in text.split(" and "):
        forms, modulus = re.fullmatch(r"(.+) = (\d+)n", part).groups()
        for form in forms.split(", "):
            coefficients = [0] * len(names)
            for term in re.findall(r"[+-]?[^+-]+", form):
                size = term[:-1].lstrip("+")
                coefficients[names.index(term[-1])] += -1 if size == "-" else int(size or 1)
            congruences.append((np.array(coefficients), int(modulus)))
    return matrix, congruences


@every_group_and_setting
def test_printed_conditions_say_exactly_which_reflections_are_absent(g, rng):
    """A k in the box is allowed by the printed lines (each applied to every Laue-equivalent
    image of k, as ITA's one-class-per-set convention means) iff it is not absent."""
    k = _box(g.dim)
    extinct = g.systematic_absences(k)[0]
    allowed = np.ones(len(k), dtype=bool)
    laue = np.unique(np.concatenate([g.rotations, -g.rotations]).reshape(-1, g.dim**2), axis=0)
    laue = laue.reshape(-1, g.dim, g.dim)
    for line in g.reflection_conditions:
        matrix, congruences = _parse(line)
        for r in laue:
            image = k @ r  # R^T k as rows
            p, residual = np.linalg.lstsq(matrix, image.T.astype(float), rcond=None)[:2]
            p = p.T
            member = np.all(np.abs(p @ matrix.T - image) < 1e-9, axis=1) & np.all(
                np.abs(p - np.rint(p)) < 1e-9, axis=1)
            p = np.rint(p).astype(np.int64)
            for coefficients, modulus in congruences:
                allowed &= ~member | (np.mod(p @ coefficients, modulus) == 0)
    np.testing.assert_array_equal(allowed, ~extinct)
