"""Exact group data: the 17 wallpaper groups and the 230 space groups (530 settings).

No JAX and no plotting here: everything downstream starts from these integers.
"""

from __future__ import annotations

from ._catalogue import (
    all_settings,
    all_space_groups,
    all_wallpaper_groups,
    default_hall_number,
    group,
    space_group,
    wallpaper_group,
)
from ._domain import FundamentalDomain
from ._errors import (
    BasisTooLargeError,
    LatticeError,
    LimitError,
    PointError,
    SgexploreError,
    StructureError,
    StructureTooLargeError,
    ToleranceError,
    UnknownGroupError,
)
from ._cell3d import SpaceCellElements
from ._group import CrystallographicGroup, SpaceGroup, WallpaperGroup
from ._lattice import Lattice, LatticeRule
from ._operations import DENOMINATOR, Operation
from ._subgroups import SubgroupRelation, WyckoffSplit, wyckoff_splitting
from ._symmetry import CellElements, SiteSymmetry, SymmetryElement, WyckoffPosition

__all__ = [
    "DENOMINATOR",
    "CellElements",
    "SiteSymmetry",
    "SymmetryElement",
    "WyckoffPosition",
    "CrystallographicGroup",
    "FundamentalDomain",
    "Lattice",
    "BasisTooLargeError",
    "LatticeError",
    "LatticeRule",
    "LimitError",
    "PointError",
    "SgexploreError",
    "StructureError",
    "StructureTooLargeError",
    "ToleranceError",
    "Operation",
    "SpaceCellElements",
    "SpaceGroup",
    "SubgroupRelation",
    "UnknownGroupError",
    "WallpaperGroup",
    "WyckoffSplit",
    "all_settings",
    "all_space_groups",
    "all_wallpaper_groups",
    "default_hall_number",
    "group",
    "space_group",
    "wallpaper_group",
    "wyckoff_splitting",
]
