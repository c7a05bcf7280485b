"""sgexplore: crystallographic symmetry you can see, and functions that respect it.

The public API is re-exported here; see ``sgexplore.groups`` for the group catalogue.
"""

from __future__ import annotations

from .groups import (
    CrystallographicGroup,
    FundamentalDomain,
    Lattice,
    LatticeError,
    Operation,
    SpaceGroup,
    UnknownGroupError,
    WallpaperGroup,
    all_settings,
    all_space_groups,
    all_wallpaper_groups,
    group,
    space_group,
    wallpaper_group,
)

__version__ = "0.1.0"

__all__ = [
    "CrystallographicGroup",
    "FundamentalDomain",
    "Lattice",
    "LatticeError",
    "Operation",
    "SpaceGroup",
    "UnknownGroupError",
    "WallpaperGroup",
    "__version__",
    "all_settings",
    "all_space_groups",
    "all_wallpaper_groups",
    "group",
    "space_group",
    "wallpaper_group",
]
