"""Every group is reachable by every key kind; bad keys give helpful errors."""

from __future__ import annotations

import pytest

from sgexplore import UnknownGroupError, group, space_group, wallpaper_group
from sgexplore.groups import default_hall_number

from .conftest import SETTINGS, WALLPAPER, settings, space_groups, wallpaper_groups


@wallpaper_groups
def test_wallpaper_keys(g):
    keys = [g.number, str(g.number), g.symbol, g.full_symbol, g.common_symbol, g.conway,
            g.conway.replace("x", "×"), g.symbol.upper()]
    for key in keys:
        assert wallpaper_group(key) is g, key
    for key in (g.symbol, g.common_symbol, g.conway):
        assert group(key) is g, key


@space_groups
def test_space_group_keys(g):
    keys = [g.number, str(g.number), g.symbol, g.full_symbol, g.symbol.replace("_", ""),
            " ".join(g.symbol), g.setting_symbol]
    for key in keys:
        assert space_group(key).number == g.number, key
    assert space_group(g.symbol) is g
    assert group(g.symbol) is g


@settings
def test_every_setting_by_hall_symbol_and_number(g):
    assert space_group(g.number, setting=g.hall_number) is g
    by_hall = space_group("Hall:" + g.hall_symbol)
    assert by_hall.hall_symbol == g.hall_symbol
    assert {op.key for op in by_hall.operations} == {op.key for op in g.operations}
    assert by_hall.hall_number <= g.hall_number, "a shared Hall symbol names its first setting"
    assert group("Hall: " + g.hall_symbol) is by_hall
    if g.setting:
        assert space_group(g.number, setting=g.setting) is g
        assert space_group(f"{g.setting_symbol}:{g.setting}") is g


def test_common_spellings():
    assert wallpaper_group("p4m").symbol == "p4mm"
    assert wallpaper_group("p4mm").number == 11
    assert wallpaper_group("22x") is wallpaper_group("22×") is wallpaper_group(8)
    for key in ("Fm-3m", "F m -3 m", "Fm3̅m", "F m −3 m"):
        assert space_group(key).number == 225
    for key in ("P6_3/mmc", "P63/mmc", "P 63/m m c", "P6₃/mmc", "P 6_3/m 2/m 2/c"):
        assert space_group(key).number == 194
    assert space_group("-P 6c 2c").number == 194
    assert space_group("Pbnm").setting == "cab"
    assert group("pm").dim == 2 and group("Pm").dim == 3


def test_default_settings_are_documented_choices():
    for g in SETTINGS:
        default = space_group(g.number)
        assert default.hall_number == default_hall_number(g.number)
        if g.setting in ("1", "2"):
            assert default.setting == "2", "origin choice 2: inversion centre at the origin"
        if g.setting in ("H", "R"):
            assert default.setting == "H", "rhombohedral groups on hexagonal axes"
    assert space_group(3).setting == "b" and space_group(14).setting == "b1"
    assert space_group(227).hall_symbol == "-F 4vw 2vw 3"


def test_unknown_symbols_suggest_close_matches():
    with pytest.raises(UnknownGroupError, match=r"did you mean .*p6.*p3|did you mean .*p3.*p6"):
        wallpaper_group("p7")
    with pytest.raises(UnknownGroupError, match=r"did you mean Fm-3m"):
        space_group("Fm3m")
    with pytest.raises(UnknownGroupError, match=r"unknown group 'banana'"):
        group("banana")
    # 'o' (p1's Conway symbol) shares one letter with 'foo': no suggestion.
    with pytest.raises(UnknownGroupError, match=r"^unknown group 'foo'$"):
        group("foo")
    assert issubclass(UnknownGroupError, ValueError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wallpaper_group(18), "from 1 to 17"),
        (lambda: wallpaper_group(0), "from 1 to 17"),
        (lambda: space_group(231), "from 1 to 230"),
        (lambda: space_group("-4"), "unknown space group"),
        (lambda: space_group(True), "not a space group key"),
        (lambda: space_group(3.5), "number or a symbol"),
        (lambda: wallpaper_group(None), "number or a symbol"),
        (lambda: space_group(225, setting=1), "not a setting of space group 225"),
        (lambda: space_group(227, setting="3"), "choices: '1', '2'"),
        (lambda: space_group("Hall: P 7"), "unknown space group"),
        (lambda: group(17), "ambiguous"),
        (lambda: group("17"), "ambiguous"),
        (lambda: group(""), "unknown group"),
    ],
)
def test_bad_keys(call, message):
    with pytest.raises(UnknownGroupError, match=message):
        call()


def test_every_group_is_reachable():
    assert len({space_group(n).number for n in range(1, 231)}) == 230
    assert len({g.conway for g in WALLPAPER}) == 17
    assert len({g.hall_number for g in SETTINGS}) == 530


def test_setting_specific_symbols():
    assert space_group("P 1 1 21/b").setting == "c3"
    assert space_group("P 1 1 2").setting == "c"
    assert space_group("P2").setting == "b"
    assert space_group("P 1 1 21/b").setting_symbol == "P 1 1 2_1/b"
