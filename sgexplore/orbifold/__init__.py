"""Orbifolds (orbit spaces) of the wallpaper groups, derived from their fundamental domains."""

from __future__ import annotations

from ._wallpaper import Orbifold, OrbifoldEdge, orbifold

__all__ = ["Orbifold", "OrbifoldEdge", "orbifold"]
