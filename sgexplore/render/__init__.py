"""Pure functions from sgexplore data to figures and HTML; never imports ipywidgets."""

from __future__ import annotations

try:
    import plotly  # noqa: F401  (every function here builds a plotly figure)
except ImportError as _error:
    from .._extras import missing_extra

    raise missing_extra(__name__, _error) from _error

from ._diagrams import (
    GENERAL_POINT_2D,
    GENERAL_POINT_3D,
    OrbitPoints,
    diagram_plane_basis,
    orbit_points,
    plot_general_positions,
)
from ._fields import cartesian_field, field_heatmap, plot_field, plot_gallery, plot_spectrum
from ._orbifold3d import plot_space_orbifold
from ._plane import plot_fundamental_domain, plot_symmetry_elements
from ._space import (
    isosurface_mesh,
    plot_asymmetric_unit,
    plot_isosurfaces,
    plot_orbifold_surface,
    plot_slice,
)
from ._tiling import TilePiece, asu_tiling, plot_asu_tiling, tiling_operations
from ._template import BARE, short_lines
from ._tables import (
    OperationRow,
    WyckoffRow,
    centring_text,
    general_position_rows,
    group_summary_html,
    wyckoff_rows,
    wyckoff_triplets,
)

__all__ = [
    "BARE",
    "short_lines",
    "GENERAL_POINT_2D",
    "GENERAL_POINT_3D",
    "OperationRow",
    "diagram_plane_basis",
    "OrbitPoints",
    "TilePiece",
    "asu_tiling",
    "plot_asu_tiling",
    "tiling_operations",
    "WyckoffRow",
    "centring_text",
    "general_position_rows",
    "orbit_points",
    "plot_general_positions",
    "wyckoff_rows",
    "wyckoff_triplets",
    "cartesian_field",
    "field_heatmap",
    "isosurface_mesh",
    "plot_field",
    "plot_gallery",
    "plot_isosurfaces",
    "plot_space_orbifold",
    "plot_spectrum",
    "group_summary_html",
    "plot_asymmetric_unit",
    "plot_fundamental_domain",
    "plot_orbifold_surface",
    "plot_slice",
    "plot_symmetry_elements",
]
