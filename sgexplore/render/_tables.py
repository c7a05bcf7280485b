"""HTML summaries of groups, for notebooks and dashboards: the general position and the
Wyckoff positions as the International Tables (Vol. A) and Bilbao's GENPOS/WYCKPOS print
them, with the coordinate triplets listed modulo the centring translations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from html import escape

import numpy as np

from ..groups import (
    DENOMINATOR,
    CrystallographicGroup,
    Operation,
    SpaceGroup,
    WallpaperGroup,
    WyckoffPosition,
)

_AXES = "xyz"


@dataclass(frozen=True)
class OperationRow:
    """One line of the general position: ITA's number, the coordinate triplet and the
    symmetry operation with its location (e.g. ``2(0,1/2,0) 1/4,y,1/4``)."""

    number: int
    coordinates: str
    symbol: str


@dataclass(frozen=True)
class WyckoffRow:
    """One Wyckoff position as ITA lists it.

    Attributes:
        multiplicity, letter, site_symmetry: as in ITA.
        coordinates: every coordinate triplet of the position modulo the centring
            translations (multiplicity / number of centring vectors of them).
        conditions: the special reflection conditions of the position ("" for none).
    """

    multiplicity: int
    letter: str
    site_symmetry: str
    coordinates: tuple[str, ...]
    conditions: tuple[str, ...]


def _fraction_text(numerator: int, denominator: int = DENOMINATOR) -> str:
    return str(Fraction(int(numerator), denominator))


def centring_text(group: CrystallographicGroup) -> str:
    """The centring translations as ITA prints them above the coordinates, e.g.
    ``(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+``; "" for a primitive cell.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> centring_text(wallpaper_group("cmm"))
        '(0,0)+ (1/2,1/2)+'
    """
    vectors = _centring_numerators(group)
    if len(vectors) == 1:
        return ""
    return " ".join("(" + ",".join(_fraction_text(v) for v in c) + ")+" for c in vectors)


def _centring_numerators(group: CrystallographicGroup) -> np.ndarray:
    return np.rint(np.asarray(group.centring_translations) * DENOMINATOR).astype(np.int64)


def coset_operations(group: CrystallographicGroup) -> tuple[Operation, ...]:
    """The operations modulo the centring translations (ITA's general position: 48 for
    Fm-3m), the group's ``coset_representatives``."""
    return tuple(group.coset_representatives)


def general_position_rows(group: CrystallographicGroup) -> tuple[OperationRow, ...]:
    """The general position: one row per coset representative, numbered (1), (2), ...

    Examples:
        >>> from sgexplore import space_group
        >>> rows = general_position_rows(space_group("Fm-3m"))
        >>> len(rows), rows[0].coordinates
        (48, 'x,y,z')
    """
    elements = {e.operation: e for e in group.symmetry_elements}
    return tuple(OperationRow(i + 1, op.xyz, elements[op].ita_symbol)
                 for i, op in enumerate(coset_operations(group)))


def wyckoff_triplets(group: CrystallographicGroup, position: WyckoffPosition) -> tuple[str, ...]:
    """Every coordinate triplet of a Wyckoff position modulo the centring translations, in
    ITA's order (the position's ``triplets``: ITA's text in a standard setting).

    Examples:
        >>> from sgexplore import space_group
        >>> g = space_group("P2_1/c")
        >>> wyckoff_triplets(g, g.wyckoff_positions()[0])
        ('x,y,z', '-x,y+1/2,-z+1/2', '-x,-y,-z', 'x,-y+1/2,z+1/2')
    """
    return position.triplets


def wyckoff_rows(group: CrystallographicGroup) -> tuple[WyckoffRow, ...]:
    """The Wyckoff positions with all their triplets, general position first (ITA order)."""
    return tuple(WyckoffRow(w.multiplicity, w.letter, w.site_symmetry, wyckoff_triplets(group, w),
                            w.reflection_conditions)
                 for w in group.wyckoff_positions())


# contain: the box scrolls its table sideways itself and lends the page none of its width
# (without it a wide general-position table made the whole card, and the tab, scroll).
_TABLE_BOX = "overflow-x:auto;max-width:100%;contain:inline-size"
_NOWRAP = " style='white-space:nowrap'"


def _general_position_html(group: CrystallographicGroup) -> str:
    rows = "".join(
        f"<tr class='sg-operation'><td>({r.number})</td><td{_NOWRAP}><code>{escape(r.coordinates)}</code>"
        f"</td><td class='sg-ita-symbol'{_NOWRAP}>{escape(r.symbol)}</td></tr>"
        for r in general_position_rows(group))
    centring = centring_text(group)
    line = f"<div class='sg-centring-vectors'><code>{escape(centring)}</code></div>" if centring else ""
    count = len(coset_operations(group))
    note = (f" ({count} modulo the centring translations, {group.order} in the cell)"
            if count != group.order else f" ({count})")
    return (f"<h4>General position{escape(note)}</h4>{line}"
            f"<div style='{_TABLE_BOX}'><table class='sg-operations'>"
            f"<tr><th{_NOWRAP}>No.</th><th{_NOWRAP}>Coordinates</th><th{_NOWRAP}>Symmetry operation</th></tr>"
            f"{rows}</table></div>")


_BREAKS = re.compile(r"(, | or | and )")
_LONE_INDEX = re.compile(r"(?:^|[ :])[hkil],$")


def condition_html(line: str) -> str:
    """One reflection-condition line that may wrap after a comma, "or" or "and", never inside
    a congruence ("k+l = 4n" stays whole), so that a narrow page wraps the column instead of
    scrolling it sideways.

    Examples:
        >>> condition_html("hkl: h = 2n+1 or h+k+l = 4n")
        "<div class='sg-condition'><span style='white-space:nowrap'>hkl: h = 2n+1 or</span> <span style='white-space:nowrap'>h+k+l = 4n</span></div>"
    """
    pieces = _BREAKS.split(line)
    # Each separator stays with the text before it: "h+k," / "or" end a line, never start
    # one; a list of single indices ("h, k, l = 4n+2") stays on one line.
    chunks: list[str] = []
    for i in range(0, len(pieces), 2):
        chunk = "".join(pieces[i:i + 2]).rstrip()
        if chunks and _LONE_INDEX.search(chunks[-1]):
            chunks[-1] += " " + chunk
        else:
            chunks.append(chunk)
    spans = " ".join(f"<span{_NOWRAP}>{escape(chunk)}</span>" for chunk in chunks)
    return f"<div class='sg-condition'>{spans}</div>"


def _conditions_cell(row: WyckoffRow, general: tuple[str, ...], first: bool) -> str:
    """ITA's column: the general conditions on the general position's row; on a special
    position's row its extra conditions ("as above, plus") or "no extra conditions"."""
    if first:
        return "".join(condition_html(c) for c in general) or "<div class='sg-condition'>none</div>"
    if not row.conditions:
        return "<div class='sg-no-extra' style='opacity:0.6'>no extra conditions</div>"
    return "".join(condition_html(c) for c in row.conditions)


# On a narrow page (a phone, a split screen) each row becomes a grid: multiplicity, letter,
# site symmetry and coordinates on its first line, the conditions on a second line under the
# coordinates, wrapping there instead of pushing the table sideways.
_NARROW_STYLE = (
    "<style>table.sg-wyckoff td {vertical-align: top} table.sg-wyckoff td.sg-conditions {min-width: 15em}"
    " @media (max-width: 640px) {"
    "table.sg-wyckoff, table.sg-wyckoff tbody {display: block}"
    " table.sg-wyckoff tr {display: grid; grid-template-columns: 3em 2.5em 5em minmax(0, 1fr);"
    " border-bottom: 1px solid rgba(128,128,128,0.3)}"
    " table.sg-wyckoff td.sg-triplets, table.sg-wyckoff td.sg-conditions {min-width: 0 !important}"
    " table.sg-wyckoff .sg-conditions, table.sg-wyckoff th:last-child {grid-column: 2 / -1}}</style>")


def _wyckoff_html(group: CrystallographicGroup) -> str:
    general = tuple(group.reflection_conditions)
    body = []
    for i, row in enumerate(wyckoff_rows(group)):
        # Lines break between triplets, never inside one.
        triplets = " ".join(f"<code class='sg-triplet' style='display:inline-block;white-space:nowrap'>"
                            f"({escape(t)})</code>" for t in row.coordinates)
        conditions = _conditions_cell(row, general, i == 0)
        body.append(f"<tr class='sg-wyckoff-row' data-letter='{escape(row.letter)}'>"
                    f"<td>{row.multiplicity}</td><td>{escape(row.letter)}</td>"
                    f"<td{_NOWRAP}>{escape(row.site_symmetry)}</td>"
                    f"<td class='sg-triplets' style='min-width:12em'>{triplets}</td>"
                    f"<td class='sg-conditions'>{conditions}</td></tr>")
    centring = centring_text(group)
    line = f"<div class='sg-centring-vectors'><code>{escape(centring)}</code></div>" if centring else ""
    return ("<h4>Wyckoff positions</h4>" + _NARROW_STYLE + line
            + f"<div style='{_TABLE_BOX}'><table class='sg-wyckoff'>"
            f"<tr><th{_NOWRAP}>Mult.</th><th>Letter</th><th>Site symmetry</th><th>Coordinates</th>"
            "<th title='General: on the general position (first row). Special: as above, plus the "
            "conditions on the row of each special position.'>Reflection conditions</th></tr>"
            + "".join(body) + "</table></div>")


@lru_cache(maxsize=64)
def group_summary_html(group: CrystallographicGroup) -> str:
    """An HTML card: names, order, point group, lattice, the general position in ITA
    notation (grouped by centring translation) and the Wyckoff positions with all their
    coordinate triplets, site symmetries and reflection conditions. Kept for the last 64
    groups (groups are one object each; a space group's card takes 1-3 s to build).

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> "*442" in group_summary_html(wallpaper_group("p4m"))
        True
    """
    rows = [
        ("Number", str(group.number)),
        ("Symbol", group.symbol),
        ("Full symbol", group.full_symbol),
    ]
    if isinstance(group, WallpaperGroup):
        rows.append(("Conway symbol", group.conway))
    if isinstance(group, SpaceGroup):
        rows += [
            ("Schoenflies", group.schoenflies),
            ("Hall symbol", f"{group.hall_symbol} (Hall number {group.hall_number})"),
            ("Setting", group.setting or "standard"),
        ]
    rows += [
        ("Order (per cell)", str(group.order)),
        ("Point group", f"{group.point_group} (order {group.point_group_order})"),
        ("Lattice system", group.lattice_system),
        ("Centring", group.centring),
        ("Symmorphic", "yes" if group.is_symmorphic else "no"),
        ("Free lattice parameters", ", ".join(group.free_lattice_parameters)),
        ("Generators", "; ".join(op.xyz for op in group.generators) or "(lattice translations)"),
    ]
    table = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{escape(k)}</th>"
        f"<td class='sg-{escape(k.lower().replace(' ', '-').replace('(', '').replace(')', ''))}'>"
        f"{escape(v)}</td></tr>"
        for k, v in rows
    )
    return (
        f"<div class='sg-group-summary' data-symbol='{escape(group.symbol)}' style='max-width:100%'>"
        f"<h3>{escape(group.symbol)}</h3><div style='{_TABLE_BOX}'><table>{table}</table></div>"
        f"{_general_position_html(group)}{_wyckoff_html(group)}</div>"
    )
