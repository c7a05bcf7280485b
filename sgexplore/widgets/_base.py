"""What every explorer shares: the dashboard's group, the reading of a typed group key."""

from __future__ import annotations

import traitlets

from ..groups import (
    CrystallographicGroup,
    UnknownGroupError,
    all_wallpaper_groups,
    group,
    space_group,
    wallpaper_group,
)

#: The 17 wallpaper groups by their common (short) symbols, in ITA order.
SYMBOLS = [g.common_symbol for g in all_wallpaper_groups()]


def group_key(g: CrystallographicGroup) -> str:
    """The key a deep link names ``g`` by: the short symbol of a plane group (``p4m``), the
    Hermann-Mauguin symbol of a space group (``Fm-3m``)."""
    return g.common_symbol if g.dim == 2 else g.symbol


def group_readings(text: str) -> tuple[CrystallographicGroup, ...]:
    """Every group a typed key can name: one for a symbol; for a bare number, the space
    group of that number and, from 1 to 17, first the plane group of that number too.

    Raises:
        UnknownGroupError: no group has that symbol or number.

    Examples:
        >>> [g.symbol for g in group_readings("12")]
        ['p4gm', 'C2/m']
        >>> [g.symbol for g in group_readings(" 225 ")], group_readings("p4m")[0].symbol
        (['Fm-3m'], 'p4mm')
    """
    stripped = str(text).strip()
    if stripped.isdecimal():
        number = int(stripped)
        if 1 <= number <= 17:
            return wallpaper_group(number), space_group(number)
        if 18 <= number <= 230:
            return (space_group(number),)
        raise UnknownGroupError(f"no group has number {stripped[:12]}: plane groups are "
                                "numbered 1-17, space groups 1-230")
    return (group(stripped),)


def space_group_for(text: str) -> CrystallographicGroup:
    """The space group a key typed on a space-group page names: a symbol, or a number
    1-230 (on this page 1-17 are space groups too).

    Raises:
        UnknownGroupError: no space group by that name, saying so when it names a plane group.

    Examples:
        >>> space_group_for("12").symbol, space_group_for("Fm-3m").number
        ('C2/m', 225)
    """
    try:
        return space_group(str(text).strip())
    except UnknownGroupError as exc:
        try:
            other = group(str(text).strip())
        except UnknownGroupError:
            raise exc from None
        if other.dim == 2:
            key = str(text).strip()[:40]
            what = ("is a plane group" if key in (other.symbol, other.common_symbol)
                    else f"is the plane group {other.common_symbol}")
            raise UnknownGroupError(f"{key} {what}: this page shows the 230 space groups (the "
                                    "main dashboard shows plane groups)") from None
        return other


def describe_readings(text: str, readings: tuple[CrystallographicGroup, ...]) -> str:
    """What a number naming two groups means, and how to choose the other one."""
    plane, space = readings
    return (f"{text.strip()} names two groups: the plane group {plane.common_symbol} "
            f"({plane.conway}) and the space group {space.symbol}; type the symbol (or choose "
            "below) to see the other")


class GroupState(traitlets.HasTraits):
    """The one group of a dashboard: every tab, model, group control and the deep link
    follow it through traitlets links, so a group chosen anywhere is shown everywhere.

    Attributes:
        group (CrystallographicGroup): the group the dashboard shows; its Group tab and deep
            link name it. Default: p4mm.
        plane (str): the wallpaper group (short symbol, one of ``SYMBOLS``) that the plane
            explorers show: ``group`` when it is a plane group, else the last plane group
            (a space group leaves them where they were). Default: ``"p4m"``. Setting it sets
            ``group`` to that plane group.

    Examples:
        >>> state = GroupState()
        >>> state.plane = "p6m"
        >>> state.group.symbol
        'p6mm'
        >>> state.group = space_group("Fm-3m")
        >>> state.plane
        'p6m'
    """

    group = traitlets.Instance(CrystallographicGroup,
                               help="the group the dashboard shows (any dimension)")
    plane = traitlets.Enum(SYMBOLS, default_value="p4m",
                           help="the wallpaper group the plane explorers show (short symbol)")

    def __init__(self, group: CrystallographicGroup | str = "p4m", **kwargs) -> None:
        start = group if isinstance(group, CrystallographicGroup) else group_readings(group)[0]
        super().__init__(group=start, **kwargs)
        if start.dim == 2:
            self.plane = start.common_symbol

    @traitlets.observe("group")
    def _plane_follows(self, change: dict) -> None:
        if change["new"].dim == 2:
            self.plane = change["new"].common_symbol

    @traitlets.observe("plane")
    def _group_follows(self, change: dict) -> None:
        if self.group.dim != 2 or self.group.common_symbol != change["new"]:
            self.group = wallpaper_group(change["new"])
