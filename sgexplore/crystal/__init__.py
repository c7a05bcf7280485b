"""From a real crystal to its symmetry: structure input, spglib detection, crystal-toolkit
scenes as plotly figures, and the crystal's density in its group's invariant basis.

Reading and detecting structures needs only NumPy and spglib (pymatgen for CIF input); the
density (JAX) and figure (plotly, crystal-toolkit) functions load their libraries on first
use.
"""

from importlib import import_module

from ._examples import EXAMPLES, example, example_cell
from ._structure import Crystal, Site, StructureError, closest_pair, from_structure

_LAZY = {
    "DensityProjection": "_density", "density_grid": "_density", "density_on_grid": "_density",
    "project_density": "_density", "structure_factors": "_density",
    "plot_coefficients": "_figures", "plot_reconstruction": "_figures",
    "plot_structure": "_figures", "pymatgen_structure": "_figures",
    "scene_traces": "_figures", "slice_frame": "_figures", "structure_scene": "_figures",
}

__all__ = ["EXAMPLES", "Crystal", "Site", "StructureError", "closest_pair", "example", "example_cell",
           "from_structure", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
