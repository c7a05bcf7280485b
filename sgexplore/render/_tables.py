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
        f"<li><code>{escape(e.operation.xyz)}</code> <small>{escape(_element_text(e))}</small></li>"
        for e in group.symmetry_elements
    )
    wyckoff = "".join(
        f"<tr><td>{w.multiplicity}</td><td>{escape(w.letter)}</td><td>{escape(w.site_symmetry)}</td>"
        f"<td><code>{escape(w.coordinates)}</code></td></tr>"
        for w in group.wyckoff_positions()
    )
    return (
        f"<div class='sg-group-summary' data-symbol='{escape(group.symbol)}'>"
        f"<h3>{escape(group.symbol)}</h3><table>{table}</table>"
        f"<h4>Operations ({group.order})</h4>"
        f"<ol class='sg-operations' style='columns:3'>{operations}</ol>"
        "<h4>Wyckoff positions</h4><table class='sg-wyckoff'>"
        "<tr><th>Mult.</th><th>Letter</th><th>Site symmetry</th><th>Coordinates</th></tr>"
        f"{wyckoff}</table></div>"
    )


def _element_text(element) -> str:
    """A short description such as 'rotation 4 about [0, 0, 1]' or 'glide (0, 1/2)'."""
    words = {"identity": "identity", "translation": "translation", "inversion": "inversion",
             "rotation": f"rotation {element.symbol}", "screw": f"screw {element.symbol}",
             "rotoinversion": f"rotoinversion {element.symbol}", "mirror": "mirror",
             "glide": "glide"}[element.kind]
    if element.axis is not None:
        words += f" [{','.join(str(int(v)) for v in element.axis)}]"
    if element.kind in ("glide", "translation", "screw"):
        words += " by (" + ", ".join(f"{v:g}" for v in element.intrinsic) + ")"
    return words
