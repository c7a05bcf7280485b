"""HTML summaries of groups, for notebooks and dashboards: the general position and the
Wyckoff positions as the International Tables (Vol. A) and Bilbao's GENPOS/WYCKPOS print
them, with the coordinate triplets listed modulo the centring translations."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
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


def _exact(values: np.ndarray) -> np.ndarray:
    """Float coordinates of a Wyckoff representative as integers over DENOMINATOR."""
    scaled = np.asarray(values, dtype=float) * DENOMINATOR
    exact = np.rint(scaled).astype(np.int64)
    if np.abs(scaled - exact).max(initial=0.0) > 1e-9:
        raise ValueError(f"{values} is not a multiple of 1/{DENOMINATOR}")
    return exact


def triplet_text(matrix: np.ndarray, offset: np.ndarray) -> str:
    """The coordinates ``A p + b`` (integer A, b as numerators over 24) in ITA style, e.g.
    ``-x+1/2,y+1/2,-z+1/2`` or ``x,2x,1/4``."""
    parts = []
    for row, constant in zip(np.asarray(matrix, dtype=np.int64), offset):
        term = ""
        for coefficient, name in zip(row, _AXES):
            if coefficient:
                sign = "-" if coefficient < 0 else ("+" if term else "")
                size = "" if abs(coefficient) == 1 else str(abs(coefficient))
                term += f"{sign}{size}{name}"
        if constant % DENOMINATOR:
            value = _fraction_text(constant % DENOMINATOR)
            term += f"+{value}" if term else value
        parts.append(term or "0")
    return ",".join(parts)


def wyckoff_triplets(group: CrystallographicGroup, position: WyckoffPosition) -> tuple[str, ...]:
    """Every coordinate triplet of a Wyckoff position, modulo the centring translations:
    the images of its representative under the coset representatives, the constants
    reduced into [0, 1), duplicates (equal up to a lattice or centring translation)
    dropped, in the order the operations produce them (the representative first).

    Examples:
        >>> from sgexplore import space_group
        >>> g = space_group("P2_1/c")
        >>> sorted(wyckoff_triplets(g, g.wyckoff_positions()[0]))
        ['-x,-y,-z', '-x,y+1/2,-z+1/2', 'x,-y+1/2,z+1/2', 'x,y,z']
    """
    a = np.rint(position.matrix).astype(np.int64)
    b = _exact(position.offset)
    centring = _centring_numerators(group)
    seen: set[tuple] = set()
    triplets = []
    for op in coset_operations(group):
        matrix = op.rotation @ a
        offset = np.mod(op.rotation @ b + op.translation_numerator, DENOMINATOR)
        key = (matrix.tobytes(), frozenset(np.mod(offset + c, DENOMINATOR).tobytes() for c in centring))
        if key not in seen:
            seen.add(key)
            triplets.append(triplet_text(matrix, offset))
    return tuple(triplets)


def wyckoff_rows(group: CrystallographicGroup) -> tuple[WyckoffRow, ...]:
    """The Wyckoff positions with all their triplets, general position first (ITA order)."""
    return tuple(WyckoffRow(w.multiplicity, w.letter, w.site_symmetry, wyckoff_triplets(group, w),
                            tuple(getattr(w, "reflection_conditions", ())))
                 for w in group.wyckoff_positions())


_TABLE_BOX = "overflow-x:auto;max-width:100%"
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


def _wyckoff_html(group: CrystallographicGroup) -> str:
    general = tuple(getattr(group, "reflection_conditions", ())) or ("none",)
    body = []
    for i, row in enumerate(wyckoff_rows(group)):
        # Lines break between triplets, never inside one.
        triplets = " ".join(f"<code class='sg-triplet' style='display:inline-block;white-space:nowrap'>"
                            f"({escape(t)})</code>" for t in row.coordinates)
        conditions = "".join(f"<div{_NOWRAP}>{escape(c)}</div>"
                             for c in (general if i == 0 else row.conditions))
        body.append(f"<tr class='sg-wyckoff-row' data-letter='{escape(row.letter)}'>"
                    f"<td>{row.multiplicity}</td><td>{escape(row.letter)}</td>"
                    f"<td{_NOWRAP}>{escape(row.site_symmetry)}</td>"
                    f"<td class='sg-triplets' style='min-width:12em'>{triplets}</td>"
                    f"<td class='sg-conditions'>{conditions}</td></tr>")
    centring = centring_text(group)
    line = f"<div class='sg-centring-vectors'><code>{escape(centring)}</code></div>" if centring else ""
    return ("<h4>Wyckoff positions</h4>" + line
            + f"<div style='{_TABLE_BOX}'><table class='sg-wyckoff'>"
            f"<tr><th{_NOWRAP}>Mult.</th><th>Letter</th><th>Site symmetry</th><th>Coordinates</th>"
            "<th title='general conditions on the first row; special positions add theirs'>"
            "Reflection conditions</th></tr>" + "".join(body) + "</table></div>")


def group_summary_html(group: CrystallographicGroup) -> str:
    """An HTML card: names, order, point group, lattice, the general position in ITA
    notation (grouped by centring translation) and the Wyckoff positions with all their
    coordinate triplets, site symmetries and reflection conditions.

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
