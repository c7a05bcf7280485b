"""Pure functions from sgexplore data to figures and HTML; never imports ipywidgets."""

from __future__ import annotations

from ._plane import plot_fundamental_domain, plot_symmetry_elements
from ._space import plot_asymmetric_unit, plot_orbifold_surface
from ._tables import group_summary_html

__all__ = [
    "group_summary_html",
    "plot_asymmetric_unit",
    "plot_fundamental_domain",
    "plot_orbifold_surface",
    "plot_symmetry_elements",
]
