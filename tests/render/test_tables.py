"""The Group tab's tables as ITA prints them: general position modulo centring, every
Wyckoff triplet, fractions only; checked against the group's own operations and orbits
for all 17 plane groups and all 230 space groups."""

from __future__ import annotations

import re
from html import escape

import numpy as np
import pytest

from sgexplore.groups import Operation, all_space_groups, all_wallpaper_groups, space_group
from sgexplore.render import group_summary_html
from sgexplore.render._tables import (
    centring_text,
    general_position_rows,
    wyckoff_rows,
)

GROUPS = [*all_wallpaper_groups(), *all_space_groups()]
IDS = [f"{g.number}-{g.symbol}" if g.dim == 3 else g.symbol for g in GROUPS]


def _centring(g) -> np.ndarray:
    identity = np.eye(g.dim, dtype=np.int64)
    return np.array([op.translation_numerator for op in g.operations
                     if np.array_equal(op.rotation, identity)])


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_general_position_times_centring_is_the_group(g):
    """Rows x centring vectors = all operations, each exactly once (Fm-3m: 48 x 4)."""
    rows = general_position_rows(g)
    centring = _centring(g)
    assert len(rows) * len(centring) == g.order
    assert len(rows) == g.point_group_order
    products = {Operation(op.rotation, op.translation_numerator + c).key
                for op in (Operation.from_xyz(r.coordinates) for r in rows) for c in centring}
    assert products == {op.key for op in g.operations}
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_wyckoff_triplets_are_the_orbit_modulo_centring(g):
    """Each position lists multiplicity / (centring vectors) triplets; evaluated at
    random parameters and shifted by the centring vectors they give exactly the orbit of
    the representative point (the group's images, reduced into the cell)."""
    rng = np.random.default_rng(g.number)
    centring = _centring(g) / 24
    rotations = np.array([op.rotation for op in g.operations], dtype=float)
    translations = np.array([op.translation for op in g.operations])
    for position, row in zip(g.wyckoff_positions(), wyckoff_rows(g)):
        assert len(row.coordinates) * len(centring) == position.multiplicity, row
        assert row.coordinates[0] == position.coordinates
        p = rng.uniform(0.05, 0.45, g.dim)
        listed = np.array([op(p) for op in (Operation.from_xyz(t) for t in row.coordinates)])
        points = np.mod((listed[:, None, :] + centring[None]).reshape(-1, g.dim), 1.0)
        x = position.matrix @ p + position.offset
        orbit = np.mod(x @ rotations.transpose(0, 2, 1) + translations, 1.0)

        def same(a, b):
            d = a[:, None, :] - b[None, :, :]
            return np.all(np.abs(d - np.rint(d)) < 1e-9, axis=-1)

        assert same(points, points).sum() == len(points), f"{row.letter}: repeated points"
        assert same(points, orbit).any(axis=1).all() and same(orbit, points).any(axis=1).all()


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_summary_prints_fractions_never_decimals(g):
    """No decimal point in an operation, its symbol, a triplet or a centring vector (site
    symmetries such as 2.22 have dots of their own)."""
    texts = [t for r in general_position_rows(g) for t in (r.coordinates, r.symbol)]
    texts += [t for r in wyckoff_rows(g) for t in r.coordinates] + [centring_text(g)]
    assert not [t for t in texts if "." in t]
    html = group_summary_html(g)
    general = html.split("class='sg-wyckoff-row'")[1].split("</tr>")[0]
    general = re.sub(r"<[^>]+>", "", general)  # the lines may wrap between spans
    for condition in g.reflection_conditions:  # the general conditions, on the general position
        assert escape(condition) in general
    assert html.count("class='sg-operation'") == g.point_group_order
    assert html.count("class='sg-wyckoff-row'") == len(g.wyckoff_positions())


def test_fm3m_shows_48_operations_under_its_centring_line():
    g = space_group("Fm-3m")
    html = group_summary_html(g)
    assert centring_text(g) == "(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+"
    assert "<div class='sg-centring-vectors'><code>(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+" in html
    assert html.count("class='sg-operation'") == 48
    assert "48 modulo the centring translations, 192 in the cell" in html


def test_p21c_general_position_lists_its_four_triplets():
    g = space_group("P2_1/c")
    general = wyckoff_rows(g)[0]
    assert (general.multiplicity, general.letter) == (4, "e")
    assert set(general.coordinates) == {"x,y,z", "-x,y+1/2,-z+1/2", "-x,-y,-z", "x,-y+1/2,z+1/2"}
    assert centring_text(g) == ""


@pytest.mark.parametrize("g", GROUPS, ids=IDS)
def test_each_special_position_shows_its_own_conditions_on_its_row(g):
    """The general conditions on the general position's row only; each special position's
    row carries its extra conditions, or ITA's "no extra conditions"."""
    html = group_summary_html(g)
    rows = html.split("<tr class='sg-wyckoff-row'")[1:]
    positions = g.wyckoff_positions()
    assert len(rows) == len(positions)
    for row, position in zip(rows[1:], positions[1:]):
        cell = row.split("<td class='sg-conditions'>")[1].split("</td>")[0]
        text = re.sub(r"<[^>]+>", "", cell)
        expected = "".join(position.reflection_conditions) or "no extra conditions"
        assert text == escape(expected), (position.letter, text)
        for line in g.reflection_conditions:
            assert escape(line) not in text or line in position.reflection_conditions


def test_fd3m_diamond_and_spinel_rows():
    rows = {r.letter: r for r in wyckoff_rows(space_group("Fd-3m"))}
    assert rows["a"].conditions == ("hkl: h = 2n+1 or h+k+l = 4n",)
    assert rows["c"].conditions == ("hkl: h = 2n+1 or h, k, l = 4n+2 or h, k, l = 4n",)
    assert rows["e"].conditions == ()
    html = group_summary_html(space_group("Fd-3m"))
    row = html.split("data-letter='c'>")[1].split("</tr>")[0]
    # It may wrap after "or" and never inside a congruence.
    assert ("<span style='white-space:nowrap'>hkl: h = 2n+1 or</span> "
            "<span style='white-space:nowrap'>h, k, l = 4n+2 or</span> "
            "<span style='white-space:nowrap'>h, k, l = 4n</span>") in row


def test_fd3m_card_prints_itas_text():
    """The Group tab's card shows ITA's representative, its element and ITA's triplets
    (issue 25: it showed -x+1/4,-y+1/4,z with 2 1/8,1/8,z, and 8a as 1/8,1/8,1/8 3/8,3/8,7/8)."""
    html = group_summary_html(space_group("Fd-3m"))
    operation = html.split("<tr class='sg-operation'><td>(2)</td>")[1].split("</tr>")[0]
    assert "<code>-x+3/4,-y+1/4,z+1/2</code>" in operation and "2(0,0,1/2) 3/8,1/8,z" in operation
    for letter, triplets in (("a", "1/8,1/8,1/8 7/8,3/8,3/8"), ("c", "0,0,0 3/4,1/4,1/2 1/4,1/2,3/4 1/2,3/4,1/4")):
        row = html.split(f"data-letter='{letter}'>")[1].split("</tr>")[0]
        shown = re.findall(r"<code class='sg-triplet'[^>]*>\(([^)]*)\)</code>", row)
        assert shown == triplets.split(), letter
