"""ipywidgets front ends; the only place ipywidgets and traitlets appear."""

from __future__ import annotations

from ._canvas import SymmetryCanvas
from ._dashboards import DeepLink, explorer_dashboard, jax_device_html, space_group_dashboard
from ._explorers import (
    BasisExplorer,
    GPExplorer,
    LatticeEditor,
    OrbifoldExplorer,
    SpaceGroupExplorer,
)
from ._models import (
    MAX_FUNCTIONS,
    MAX_OBSERVATIONS,
    MAX_RESOLUTION,
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
    "MAX_OBSERVATIONS",
    "MAX_RESOLUTION",
    "BasisExplorer",
    "DeepLink",
    "BasisModel",
    "GPExplorer",
    "GPModel",
    "GroupPicker",
    "LatticeEditor",
    "LatticeModel",
    "OrbifoldExplorer",
    "OrbifoldModel",
    "SpaceGroupExplorer",
    "SpaceGroupModel",
    "SymmetryCanvas",
    "explorer_dashboard",
    "jax_device_html",
    "query_parameters",
    "space_group_dashboard",
]
