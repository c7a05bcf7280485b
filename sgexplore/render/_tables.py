"""HTML summaries of groups, for notebooks and dashboards."""

from __future__ import annotations

from html import escape

from ..groups import CrystallographicGroup, SpaceGroup, WallpaperGroup


def group_summary_html(group: CrystallographicGroup) -> str:
    """An HTML card: names, order, point group, lattice, and the operations as triplets.

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
    operations = "".join(
        f"<li><code>{escape(xyz)}</code></li>" for xyz in group.operation_strings
    )
    return (
        f"<div class='sg-group-summary' data-symbol='{escape(group.symbol)}'>"
        f"<h3>{escape(group.symbol)}</h3><table>{table}</table>"
        f"<h4>Operations ({group.order})</h4>"
        f"<ol class='sg-operations' style='columns:4'>{operations}</ol></div>"
    )
