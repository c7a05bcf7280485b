"""sgexplore: crystallographic symmetry you can see, and functions that respect it.

``import sgexplore`` loads only the exact group layer; everything else loads on first use
(``sgexplore.gp``, ``sgexplore.invariant_basis``, ...). ``dir(sgexplore)`` lists the names
re-exported here (``__all__``) and the subpackages and modules:

- ``groups``: the 17 wallpaper and 230 space groups as exact integer data (no JAX);
- ``basis``: frequency orbits, extinctions and the invariant Fourier basis (JAX);
- ``kernels``: invariant spectral kernels, as tinygp kernels;
- ``gp``: Gaussian processes with those kernels (prior samples and posteriors by FFT);
- ``orbifolds``: orbit spaces, Conway symbols, singular sets, invariant embeddings;
- ``crystal``: structures, symmetry detection and density projections;
- ``render``: pure functions from data to plotly figures;
- ``widgets``: ipywidgets explorers behind the Voila dashboards;
- ``limits``: the documented caps on every input;
- ``bench``: benchmarks (``python -m sgexplore.bench``).

Examples:
    >>> import sgexplore as sx
    >>> sx.orbifold(sx.wallpaper_group("p4m")).conway
    '*442'
"""

from __future__ import annotations

import importlib

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
    "symmetry_breaking": "sgexplore.basis",
    "orbifold": "sgexplore.orbifolds",
    "from_structure": "sgexplore.crystal",
    "Crystal": "sgexplore.crystal",
}
_SUBMODULES = ("basis", "bench", "crystal", "gp", "groups", "kernels", "limits", "orbifolds",
               "render", "serving", "widgets")


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'sgexplore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*__all__, *_SUBMODULES})


__all__ = [
    "BasisTooLargeError",
    "CellElements",
    "Crystal",
    "CrystallographicGroup",
    "FrequencyOrbit",
    "FundamentalDomain",
    "InvariantBasis",
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
    "orbifold",
    "space_group",
    "symmetry_breaking",
    "wallpaper_group",
]
