"""Special reflection conditions of the Wyckoff positions against brute force and ITA's text.

The oracle is the structure factor of one orbit of the position, F(k) = sum_g
exp(2 pi i k.(g.r(p))) over every operation, at random values of the free parameters p, in
floating point: a reflection is absent for the position where F vanishes at both draws.
The printed lines are parsed here (independently of the code that writes them) and applied
as ITA means them: the general conditions, plus each special line on every image of k
under the Laue group that lies in the line's class.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group

from ..conftest import every_group_and_setting

_CLASS_VECTORS = {  # class name -> (basis columns of k in hkl, parameter names)
    "hkl": ("100/010/001", "hkl"), "hkil": ("100/010/001", "hkl"), "0kl": ("010/001", "kl"),
    "h0l": ("100/001", "hl"), "hk0": ("100/010", "hk"), "hki0": ("100/010", "hk"), "h00": ("100", "h"),
    "0k0": ("010", "k"), "00l": ("001", "l"), "000l": ("001", "l"), "hhl": ("110/001", "hl"),
    "hh-2hl": ("110/001", "hl"), "h-h0l": ("1m0/001", "hl"), "h-h0": ("1m0", "h"), "h-h00": ("1m0", "h"),
    "hh-2h0": ("110", "h"), "hhh": ("111", "h"),
    "hk": ("10/01", "hk"), "h0": ("10", "h"), "0k": ("01", "k"), "hh": ("11", "h"),
}

_CONGRUENCE = re.compile(r"((?:[-+\dhkl]+, )*[-+\dhkl]+) = (\d+)n(?:\+(\d+))?")


def _coefficients(form: str, names: str) -> np.ndarray:
    coefficients = np.zeros(len(names), dtype=np.int64)
    for sign, size, name in re.findall(r"([+-]?)(\d*)([hkl])", form):
        coefficients[names.index(name)] += (-1 if sign == "-" else 1) * int(size or 1)
    return coefficients


def parse(line: str):
    """'hkl: h = 2n+1 or h, k, l = 4n' -> (M, names, [[(c, n, a), ...] alternatives])."""
    name, text = line.split(": ")
    columns, names = _CLASS_VECTORS[name]
    matrix = np.array([[{"1": 1, "0": 0, "m": -1}[c] for c in col] for col in columns.split("/")]).T
    alternatives = []
    for alternative in text.split(" or "):
        congruences, end = [], 0
        for match in _CONGRUENCE.finditer(alternative):
            assert alternative[end:match.start()] in ("", ", ", " and "), f"cannot read {line!r}"
            forms, modulus, residue = match.groups()
            for form in forms.split(", "):
                congruences.append((_coefficients(form, names), int(modulus), int(residue or 0)))
            end = match.end()
        assert congruences and end == len(alternative), f"cannot read {line!r}"
        alternatives.append(congruences)
    return matrix, alternatives


def _laue(g) -> np.ndarray:
    flat = np.unique(np.concatenate([g.rotations, -g.rotations]).reshape(-1, g.dim**2), axis=0)
    return flat.reshape(-1, g.dim, g.dim)


def allowed_by(g, lines, k: np.ndarray) -> np.ndarray:
    allowed = np.ones(len(k), dtype=bool)
    for line in lines:
        matrix, alternatives = parse(line)
        for r in _laue(g):
            image = k @ r  # R^T k as rows
            p = np.linalg.lstsq(matrix.astype(float), image.T.astype(float), rcond=None)[0].T
            p = np.rint(p).astype(np.int64)
            member = np.all(p @ matrix.T == image, axis=1)
            holds = np.zeros(len(k), dtype=bool)
            for congruences in alternatives:
                term = np.ones(len(k), dtype=bool)
                for c, n, a in congruences:
                    term &= np.mod(p @ c - a, n) == 0
                holds |= term
            allowed &= ~member | holds
    return allowed


def _frequencies(dim: int, rng) -> np.ndarray:
    """Every k with |h|, |k|, |l| <= 4 (8 in the plane) and random k up to 24: residues
    modulo 8 of generic members (no two indices of equal size) need the larger ones."""
    reach = 8 if dim == 2 else 4
    box = np.array(list(itertools.product(range(-reach, reach + 1), repeat=dim)))
    return np.concatenate([box, rng.integers(-24, 25, size=(1000, dim))])


def orbit_absent(g, position, k: np.ndarray, rng) -> np.ndarray:
    """Where the orbit's structure factor vanishes at two random parameter draws."""
    absent = np.ones(len(k), dtype=bool)
    for _ in range(2):
        x = position.matrix @ rng.uniform(0.05, 0.95, g.dim) + position.offset
        images = x @ np.transpose(g.rotations, (0, 2, 1)) + g.translations
        # The distinct points of the orbit (each operation image counted once per point
        # would only scale F by the stabiliser's order).
        _, first = np.unique(np.round(np.mod(images, 1.0), 6) % 1.0, axis=0, return_index=True)
        images = images[first]
        total = np.exp(2j * np.pi * (k @ images.T)).sum(axis=1)
        absent &= np.abs(total) < 1e-7 * len(images)
    return absent


@every_group_and_setting
def test_printed_special_conditions_are_exactly_the_orbit_absences(g, rng):
    k = _frequencies(g.dim, rng)
    general = allowed_by(g, g.reflection_conditions, k)
    np.testing.assert_array_equal(general, ~g.systematic_absences(k)[0])
    positions = g.wyckoff_positions()
    assert positions[0].reflection_conditions == ()
    for position in positions:
        predicted = general & allowed_by(g, position.reflection_conditions, k)
        observed = ~orbit_absent(g, position, k, rng)
        wrong = k[predicted != observed]
        assert not len(wrong), (f"{position.multiplicity}{position.letter} {position.coordinates} "
                                f"{position.reflection_conditions}: wrong at {wrong[:5].tolist()}")
        # A special line adds absences: each line kills some k the rest let through.
        for i, line in enumerate(position.reflection_conditions):
            rest = position.reflection_conditions[:i] + position.reflection_conditions[i + 1:]
            without = general & allowed_by(g, rest, k)
            assert np.any(without & ~predicted), f"{position.letter}: {line!r} adds nothing"


ITA = {  # Special conditions as printed in ITA Vol. A (group, setting, letter)
    # Fd-3m (227), origin choice 2: spinel and diamond positions
    ("Fd-3m", "2", "f"): ("hkl: h = 2n+1 or h+k+l = 4n",),
    ("Fd-3m", "2", "d"): ("hkl: h = 2n+1 or h, k, l = 4n+2 or h, k, l = 4n",),
    ("Fd-3m", "2", "c"): ("hkl: h = 2n+1 or h, k, l = 4n+2 or h, k, l = 4n",),
    ("Fd-3m", "2", "b"): ("hkl: h = 2n+1 or h+k+l = 4n",),
    ("Fd-3m", "2", "a"): ("hkl: h = 2n+1 or h+k+l = 4n",),
    ("Fd-3m", "2", "e"): (),  # 32e x,x,x: no extra conditions
    # Fd-3m origin choice 1 (8a at 0,0,0: diamond)
    ("Fd-3m", "1", "a"): ("hkl: h = 2n+1 or h+k+l = 4n",),
    ("Fd-3m", "1", "c"): ("hkl: h = 2n+1 or h, k, l = 4n+2 or h, k, l = 4n",),
    ("Fd-3m", "1", "f"): ("hkl: h = 2n+1 or h+k+l = 4n",),
    # Fm-3m (225): 8c (fluorite F), 24d, 48g
    ("Fm-3m", None, "c"): ("hkl: h = 2n",),
    ("Fm-3m", None, "d"): ("hkl: h = 2n",),
    ("Fm-3m", None, "a"): (),
    # P6_3/mmc (194)
    ("P6_3/mmc", None, "a"): ("hkil: l = 2n",),
    ("P6_3/mmc", None, "b"): ("hkil: l = 2n",),
    ("P6_3/mmc", None, "c"): ("hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2",),
    ("P6_3/mmc", None, "d"): ("hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2",),
    ("P6_3/mmc", None, "f"): ("hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2",),
    ("P6_3/mmc", None, "h"): (),
    # P6_222 (180): 3c 1/2,0,0
    ("P6_222", None, "c"): ("hkil: h = 2n+1 or k = 2n+1 or l = 3n",),
    # P4_2/mnm (136): rutile Ti 2a, O 4f
    ("P4_2/mnm", None, "a"): ("hkl: h+k+l = 2n",),
    ("P4_2/mnm", None, "f"): (),
    # I4_1/amd (141), origin choice 2: anatase Ti 4a; 16f x,0,0
    ("I4_1/amd", "2", "a"): ("hkl: l = 2n+1 or 2h+l = 4n",),
    ("I4_1/amd", "2", "e"): ("hkl: l = 2n+1 or 2h+l = 4n",),
    ("I4_1/amd", "2", "f"): ("hkl: l = 2n+1 or h = 2n",),
    # P2_1/c (14) 2a 0,0,0; Pnma (62) 4a 0,0,0
    ("P2_1/c", None, "a"): ("hkl: k+l = 2n",),
    ("Pnma", None, "a"): ("hkl: h+l, k = 2n",),
    # plane groups (ITA Vol. A, part 6)
    ("p4gm", None, "a"): ("hk: h+k = 2n",),
    ("p2mg", None, "a"): ("hk: h = 2n",),
    ("p2gg", None, "a"): ("hk: h+k = 2n",),
}


def _ita_id(key):
    symbol, setting, letter = key
    return f"{symbol}:{setting}:{letter}" if setting else f"{symbol}:{letter}"


@pytest.mark.parametrize("key", sorted(ITA, key=str), ids=[_ita_id(k) for k in sorted(ITA, key=str)])
def test_special_conditions_as_printed_in_the_international_tables(key):
    symbol, setting, letter = key
    g = wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol, setting=setting)
    (position,) = [w for w in g.wyckoff_positions() if w.letter == letter]
    assert position.reflection_conditions == ITA[key]


def test_parser_reads_every_form_it_is_given():
    matrix, alternatives = parse("hkl: l = 2n+1 or h, k = 2n, h+k+l = 4n")
    assert matrix.shape == (3, 3) and len(alternatives) == 2
    assert [(c.tolist(), n, a) for c, n, a in alternatives[1]] == [
        ([1, 0, 0], 2, 0), ([0, 1, 0], 2, 0), ([1, 1, 1], 4, 0)]
    _, (only,) = parse("0kl: k+l = 4n and k, l = 2n")
    assert [(c.tolist(), n) for c, n, _ in only] == [([1, 1], 4), ([1, 0], 2), ([0, 1], 2)]
    _, alternatives = parse("hkil: l = 2n or h-k = 3n+1 or h-k = 3n+2")
    assert [(c.tolist(), n, a) for ((c, n, a),) in alternatives] == [
        ([0, 0, 1], 2, 0), ([1, -1, 0], 3, 1), ([1, -1, 0], 3, 2)]
