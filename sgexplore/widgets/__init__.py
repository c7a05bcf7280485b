"""ipywidgets front ends; the only place ipywidgets and traitlets appear."""

from __future__ import annotations

try:
    import anywidget  # noqa: F401
    import ipywidgets  # noqa: F401
    import plotly  # noqa: F401
except ImportError as _error:
    from .._extras import missing_extra

    raise missing_extra(__name__, _error) from _error

from ..limits import MAX_FUNCTIONS, MAX_GRID_OBSERVATIONS, MAX_OBSERVATIONS, MAX_RESOLUTION
from ._base import GroupState
from ._basis import BasisExplorer, BasisModel
from ._canvas import DrawExplorer, SymmetryCanvas, canvas_geometry
from ._crystal import CrystalExplorer, CrystalModel, crystal_dashboard
from ._dashboards import explorer_dashboard
from ._figure import FigureWidget
from ._gp import GPExplorer, GPModel
from ._gplab import GPLab, GPLabModel, gp_lab_dashboard
from ._lesson import Exercise, lesson_dashboard
from ._lesson_space import space_lesson_dashboard
from ._orbifold import OrbifoldExplorer, OrbifoldModel
from ._page import DeepLink, jax_device_html, warm_up
from ._picker import GroupPicker
from ._plane import LatticeEditor, LatticeModel
from ._query import query_parameters
from ._space import SpaceGroupExplorer, SpaceGroupModel, space_group_dashboard

__all__ = [
    "MAX_FUNCTIONS",
    "MAX_GRID_OBSERVATIONS",
    "MAX_OBSERVATIONS",
    "MAX_RESOLUTION",
    "BasisExplorer",
    "DrawExplorer",
    "DeepLink",
    "BasisModel",
    "CrystalExplorer",
    "CrystalModel",
    "GPExplorer",
    "Exercise",
    "FigureWidget",
    "GPLab",
    "GPLabModel",
    "GPModel",
    "GroupPicker",
    "GroupState",
    "LatticeEditor",
    "LatticeModel",
    "OrbifoldExplorer",
    "OrbifoldModel",
    "SpaceGroupExplorer",
    "SpaceGroupModel",
    "SymmetryCanvas",
    "canvas_geometry",
    "crystal_dashboard",
    "explorer_dashboard",
    "gp_lab_dashboard",
    "lesson_dashboard",
    "jax_device_html",
    "query_parameters",
    "space_group_dashboard",
    "space_lesson_dashboard",
    "warm_up",
]
