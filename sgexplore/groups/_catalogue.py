"""Look up wallpaper and space groups by number, symbol, Conway or Hall symbol."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import numpy as np

from ._errors import UnknownGroupError
from ._group import CrystallographicGroup, SpaceGroup, WallpaperGroup
from ._lattice import lattice_rule
from ._operations import Operation, closure, sort_operations, translations_to_numerators
from ._spacegroup_data import N_HALL, database_operations, spacegroup_types
from ._wallpaper_data import PLANE_GROUPS

_PREFERRED_CHOICES = ("2", "H")

_CRYSTAL_SYSTEMS = (
    (2, "triclinic"), (15, "monoclinic"), (74, "orthorhombic"), (142, "tetragonal"),
    (167, "trigonal"), (194, "hexagonal"), (230, "cubic"),
)


def _normalise(symbol: str) -> str:
    """Canonical spelling: NFKC (subscripts to digits), overbars and unicode minus to
    '-', '×' to 'x', no whitespace or underscores."""
    text = unicodedata.normalize("NFKC", symbol)
    text = re.sub(r"(\d)\u0305", r"-\1", text)
    text = text.replace("\u2212", "-").replace("\u00d7", "x")
    return re.sub(r"[\s_]", "", text)


def _suggest(key: str, candidates: list[str]) -> str:
    lowered = {c.lower(): c for c in candidates}
    typed = _normalise(key).lower()
    close = difflib.get_close_matches(typed, list(lowered), n=6, cutoff=0.5)
    # A name less than half as long as the key only shares a letter with it ('foo' and o).
    close = [c for c in close if 2 * len(c) >= len(typed)]
    return f"; did you mean {', '.join(lowered[c] for c in close)}?" if close else ""


def default_hall_number(number: int) -> int:
    """spglib Hall number of the default setting of space group ``number``.

    The default is the first ITA setting (unique axis b, cell choice 1, axes abc), except
    that origin choice 2 (inversion centre at the origin) and hexagonal axes for the
    rhombohedral groups are preferred: these are the settings of most CIF files and
    databases, and putting the inversion centre at the origin makes every invariant basis
    function of a centrosymmetric group real up to a constant phase.
    """
    halls = _halls_of_number()[number]
    types = spacegroup_types()
    for hall in halls:
        if types[hall - 1].choice in _PREFERRED_CHOICES:
            return hall
    return halls[0]


@lru_cache(maxsize=1)
def _halls_of_number() -> dict[int, list[int]]:
    table: dict[int, list[int]] = {}
    for t in spacegroup_types():
        table.setdefault(t.number, []).append(t.hall_number)
    return table


@lru_cache(maxsize=1)
def _space_group_index() -> tuple[dict[str, list[int]], dict[str, int]]:
    """(normalised lower-case HM spellings -> Hall numbers, Hall symbols -> Hall number)."""
    hm: dict[str, list[int]] = {}
    hall: dict[str, int] = {}
    for t in spacegroup_types():
        # spglib joins equivalent monoclinic names with "=": "P 2_1/c = P 1 1 2_1/b = P 2_1/b".
        names = {t.international_short, t.international_full, *t.international.split("=")}
        names = {n.strip() for n in names}
        if t.choice:
            names |= {f"{n}:{t.choice}" for n in list(names)}
        for name in names:
            hm.setdefault(_normalise(name).lower(), []).append(t.hall_number)
        # Some settings of No. 68 share a Hall symbol (same operations): keep the first.
        hall.setdefault(" ".join(t.hall_symbol.split()), t.hall_number)
    return hm, hall


@lru_cache(maxsize=1)
def _wallpaper_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for record in PLANE_GROUPS:
        for name in (record.symbol, record.full_symbol, record.common_symbol, record.conway):
            index[_normalise(name).lower()] = record.number
    return index


def _space_group_names() -> list[str]:
    return sorted({t.international_short for t in spacegroup_types()})


def _wallpaper_names() -> list[str]:
    return [r.symbol for r in PLANE_GROUPS] + [r.common_symbol for r in PLANE_GROUPS] + [
        r.conway for r in PLANE_GROUPS
    ]


@lru_cache(maxsize=None)
def _wallpaper_by_number(number: int) -> WallpaperGroup:
    record = PLANE_GROUPS[number - 1]
    generators = [Operation.from_xyz(g) for g in record.generators]
    return WallpaperGroup(
        number=record.number,
        symbol=record.symbol,
        full_symbol=record.full_symbol,
        operations=tuple(closure(generators, 2)),
        point_group=record.point_group,
        lattice_system=record.lattice,
        centring=record.symbol[0],
        lattice_rule=lattice_rule(2, record.lattice),
        conway=record.conway,
        common_symbol=record.common_symbol,
        asu_vertices=record.asu,
    )


@lru_cache(maxsize=None)
def _space_group_by_hall(hall_number: int) -> SpaceGroup:
    t = spacegroup_types()[hall_number - 1]
    rotations, translations = database_operations(hall_number)
    numerators = translations_to_numerators(translations)
    operations = sort_operations([Operation(r, n) for r, n in zip(rotations, numerators)])
    crystal_system = next(name for last, name in _CRYSTAL_SYSTEMS if t.number <= last)
    centring = t.international_short[0]
    if centring == "R":
        family = "rhombohedral" if t.choice == "R" else "hexagonal"
        lattice_system = "rhombohedral"
    elif crystal_system == "trigonal":
        family = lattice_system = "hexagonal"
    else:
        family = lattice_system = crystal_system
    unique_axis = t.choice.strip("-")[:1] if crystal_system == "monoclinic" else None
    return SpaceGroup(
        number=t.number,
        symbol=t.international_short,
        full_symbol=t.international_full,
        operations=tuple(operations),
        point_group=t.pointgroup_international,
        lattice_system=lattice_system,
        centring=centring,
        lattice_rule=lattice_rule(3, family, unique_axis),
        hall_number=t.hall_number,
        hall_symbol=t.hall_symbol,
        setting=t.choice,
        schoenflies=t.schoenflies,
        setting_symbol=_setting_symbol(t.international),
        crystal_system=crystal_system,
    )


def _setting_symbol(international: str) -> str:
    """The setting-specific name from spglib's "P 2_1/c = P 1 1 2_1/b = P 2_1/b" form."""
    parts = [p.strip() for p in international.split("=")]
    return parts[1] if len(parts) > 1 else parts[0]


def _parse_number(key: object, kind: str, last: int) -> int | None:
    if isinstance(key, (bool, np.bool_)):
        raise UnknownGroupError(f"{key!r} is not a {kind} group key")
    if isinstance(key, (int, np.integer)):
        number = int(key)
    elif isinstance(key, str) and key.strip().isdigit():
        number = int(key.strip())
    else:
        return None
    if not 1 <= number <= last:
        raise UnknownGroupError(f"{kind} group numbers run from 1 to {last}; got {number}")
    return number


def wallpaper_group(key: int | str | WallpaperGroup) -> WallpaperGroup:
    """One of the 17 wallpaper groups by ITA number, HM symbol or Conway symbol.

    Examples:
        >>> wallpaper_group("p4m").symbol
        'p4mm'
        >>> wallpaper_group("22×").symbol
        'p2gg'
        >>> wallpaper_group(17).conway
        '*632'
    """
    if isinstance(key, WallpaperGroup):
        return key
    if isinstance(key, str) and _normalise(key).lower() in _wallpaper_index():
        return _wallpaper_by_number(_wallpaper_index()[_normalise(key).lower()])
    number = _parse_number(key, "wallpaper", 17)
    if number is None:
        if not isinstance(key, str):
            raise UnknownGroupError(f"a wallpaper group key is a number or a symbol, got {key!r}")
        number = _wallpaper_index().get(_normalise(key).lower())
        if number is None:
            raise UnknownGroupError(
                f"unknown wallpaper group {key!r}" + _suggest(key, _wallpaper_names())
            )
    return _wallpaper_by_number(number)


def _resolve_setting(number: int, setting: int | str) -> int:
    halls = _halls_of_number()[number]
    types = spacegroup_types()
    if isinstance(setting, (int, np.integer)) and not isinstance(setting, bool):
        if int(setting) in halls:
            return int(setting)
        raise UnknownGroupError(
            f"Hall number {setting} is not a setting of space group {number}; "
            f"its settings are Hall numbers {halls[0]}-{halls[-1]}"
        )
    for hall in halls:
        if types[hall - 1].choice == str(setting).strip():
            return hall
    choices = ", ".join(repr(types[h - 1].choice) for h in halls)
    raise UnknownGroupError(f"space group {number} has no setting {setting!r}; choices: {choices}")


def space_group(key: int | str | SpaceGroup, setting: int | str | None = None) -> SpaceGroup:
    """One of the 230 space groups, in its default setting or in ``setting``.

    Args:
        key: ITA number; short, full or setting Hermann-Mauguin symbol in common
            spellings (``"Fm-3m"``, ``"F m -3 m"``, ``"P6_3/mmc"``, ``"P63/mmc"``,
            ``"Fd-3m:1"``); or a Hall symbol (``"-P 6c 2c"``, prefix ``"Hall:"`` to force it).
        setting: a spglib Hall number (1-530) or a choice string (``"1"``, ``"2"``,
            ``"H"``, ``"R"``, ``"c"``, ``"ba-c"``, ...). Default: see ``default_hall_number``.

    Examples:
        >>> space_group("P6_3/mmc").number
        194
        >>> space_group(227, setting="1").hall_symbol
        'F 4d 2 3 -1d'
    """
    if isinstance(key, SpaceGroup) and setting is None:
        return key
    if isinstance(key, SpaceGroup):
        key = key.number
    number = _parse_number(key, "space", 230)
    if number is not None:
        hall = default_hall_number(number) if setting is None else _resolve_setting(number, setting)
        return _space_group_by_hall(hall)
    if not isinstance(key, str):
        raise UnknownGroupError(f"a space group key is a number or a symbol, got {key!r}")
    hall = _lookup_space_symbol(key)
    if hall is None:
        raise UnknownGroupError(f"unknown space group {key!r}" + _suggest(key, _space_group_names()))
    if setting is not None:
        hall = _resolve_setting(spacegroup_types()[hall - 1].number, setting)
    return _space_group_by_hall(hall)


def _lookup_space_symbol(key: str) -> int | None:
    hm, hall = _space_group_index()
    text = key.strip()
    if text.lower().startswith("hall:"):
        return hall.get(" ".join(text[5:].split()))
    halls = hm.get(_normalise(text).lower())
    if halls:
        number = spacegroup_types()[halls[0] - 1].number
        default = default_hall_number(number)
        return default if default in halls else min(halls)
    return hall.get(" ".join(text.split()))


def group(key: str | CrystallographicGroup) -> CrystallographicGroup:
    """A wallpaper or space group from any symbol; the spelling decides.

    Lower-case lattice letters (``p4m``, ``cmm``) and Conway symbols (``*632``) name
    wallpaper groups; upper-case HM symbols and Hall symbols name space groups. Bare
    numbers are ambiguous and refused: use ``wallpaper_group(n)`` or ``space_group(n)``.

    Examples:
        >>> group("p4m").dim, group("P4mm").dim, group("*632").symbol
        (2, 3, 'p6mm')
    """
    if isinstance(key, CrystallographicGroup):
        return key
    conway_digits = isinstance(key, str) and _normalise(key) in {r.conway for r in PLANE_GROUPS}
    if not conway_digits and (not isinstance(key, str) or _parse_number(key, "any", 10**9)):
        raise UnknownGroupError(
            f"{key!r} is ambiguous: numbers name both wallpaper (1-17) and space groups "
            "(1-230); call wallpaper_group(n) or space_group(n)"
        )
    text = key.strip()
    wallpaper = _wallpaper_index().get(_normalise(text).lower())
    lower_or_conway = bool(text) and not text[0].isupper()
    if wallpaper is not None and lower_or_conway:
        return _wallpaper_by_number(wallpaper)
    hall = _lookup_space_symbol(text)
    if hall is not None:
        return _space_group_by_hall(hall)
    if wallpaper is not None:
        return _wallpaper_by_number(wallpaper)
    raise UnknownGroupError(
        f"unknown group {key!r}" + _suggest(key, _wallpaper_names() + _space_group_names())
    )


def all_wallpaper_groups() -> tuple[WallpaperGroup, ...]:
    """The 17 wallpaper groups in ITA order."""
    return tuple(_wallpaper_by_number(n) for n in range(1, 18))


def all_space_groups() -> tuple[SpaceGroup, ...]:
    """The 230 space groups in their default settings, in ITA order."""
    return tuple(space_group(n) for n in range(1, 231))


def all_settings() -> tuple[SpaceGroup, ...]:
    """All 530 Hall settings of spglib's database, in Hall-number order."""
    return tuple(_space_group_by_hall(h) for h in range(1, N_HALL + 1))
