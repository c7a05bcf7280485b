"""sgexplore: crystallographic symmetry you can see, and functions that respect it.

The public API is re-exported here; see ``sgexplore.groups`` for the group catalogue.
"""

from __future__ import annotations

from . import limits
from .groups import (
    BasisTooLargeError,
    CellElements,
    CrystallographicGroup,
    FundamentalDomain,
    Lattice,
    LatticeError,
    LimitError,
    Operation,
    SgexploreError,
    SiteSymmetry,
    SpaceGroup,
    StructureError,
    SymmetryElement,
    UnknownGroupError,
    WallpaperGroup,
    WyckoffPosition,
    all_settings,
    all_space_groups,
    all_wallpaper_groups,
    group,
    space_group,
    wallpaper_group,
)

__version__ = "0.1.0"

# The JAX-backed layers load on first use, so that `import sgexplore` (and the exact group
# layer under it) stays free of JAX.
_LAZY = {
    "invariant_basis": "sgexplore.basis",
    "InvariantBasis": "sgexplore.basis",
    "FrequencyOrbit": "sgexplore.basis",
    "from_structure": "sgexplore.crystal",
    "Crystal": "sgexplore.crystal",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sgexplore' has no attribute {name!r}")

__all__ = [
    "BasisTooLargeError",
    "CellElements",
    "Crystal",
    "CrystallographicGroup",
    "FrequencyOrbit",
    "InvariantBasis",
    "FundamentalDomain",
    "Lattice",
    "LatticeError",
    "LimitError",
    "Operation",
    "SgexploreError",
    "SiteSymmetry",
    "SpaceGroup",
    "StructureError",
    "SymmetryElement",
    "UnknownGroupError",
    "WallpaperGroup",
    "WyckoffPosition",
    "__version__",
    "all_settings",
    "all_space_groups",
    "all_wallpaper_groups",
    "from_structure",
    "group",
    "invariant_basis",
    "limits",
    "space_group",
    "wallpaper_group",
]
