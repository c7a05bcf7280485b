"""Orbifolds (orbit spaces) of the wallpaper groups: gluing of the fundamental domain,
Conway symbols, and invariant embeddings of the orbit space."""

from __future__ import annotations

from ._embedding import (
    Embedding,
    InjectivityReport,
    basis_embedding,
    domain_samples,
    injectivity_report,
    orbifold_embedding,
    orbit_distance,
)
from ._wallpaper import Orbifold, OrbifoldEdge, orbifold

__all__ = [
    "Embedding",
    "InjectivityReport",
    "Orbifold",
    "OrbifoldEdge",
    "basis_embedding",
    "domain_samples",
    "injectivity_report",
    "orbifold",
    "orbifold_embedding",
    "orbit_distance",
]
