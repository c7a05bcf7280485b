"""ipywidgets front ends; the only place ipywidgets and traitlets appear."""

from __future__ import annotations

from ._canvas import SymmetryCanvas
from ._crystal import CrystalExplorer, CrystalModel, crystal_dashboard
from ._dashboards import (
    DeepLink,
    explorer_dashboard,
    jax_device_html,
    space_group_dashboard,
    warm_up,
)
from ._lesson import Exercise, lesson_dashboard
from ._lesson_space import space_lesson_dashboard
from ._gplab import GPLab, GPLabModel, gp_lab_dashboard
from ._figure import FigureWidget
from ._explorers import (
    BasisExplorer,
    GPExplorer,
    LatticeEditor,
    OrbifoldExplorer,
    SpaceGroupExplorer,
)
from ..limits import MAX_FUNCTIONS, MAX_GRID_OBSERVATIONS, MAX_OBSERVATIONS, MAX_RESOLUTION
from ._models import (
    BasisModel,
    GPModel,
    LatticeModel,
    OrbifoldModel,
    SpaceGroupModel,
)
from ._picker import GroupPicker
from ._query import query_parameters

__all__ = [
    "MAX_FUNCTIONS",
    "MAX_GRID_OBSERVATIONS",
    "MAX_OBSERVATIONS",
    "MAX_RESOLUTION",
    "BasisExplorer",
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
    "LatticeEditor",
    "LatticeModel",
    "OrbifoldExplorer",
    "OrbifoldModel",
    "SpaceGroupExplorer",
    "SpaceGroupModel",
    "SymmetryCanvas",
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
