"""ipywidgets front ends; the only place ipywidgets and traitlets appear."""

from __future__ import annotations

from ._picker import GroupPicker
from ._query import query_parameters

__all__ = ["GroupPicker", "query_parameters"]
