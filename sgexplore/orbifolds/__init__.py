"""Orbifolds (orbit spaces) of the wallpaper and space groups: gluing of the fundamental
domain, Conway symbols (plane), singular sets and local groups (space), and invariant
embeddings of the orbit space."""

from __future__ import annotations

from ._embedding import (
    Embedding,
    InjectivityReport,
    basis_embedding,
    domain_samples,
    embedding_dimension,
    injectivity_report,
    orbifold_embedding,
    orbit_distance,
)
from ._space import (
    CellClass,
    LocalGroup,
    SingularEdge,
    SingularVertex,
    SpaceOrbifold,
    SpaceOrbifoldFace,
    point_group_names,
    space_orbifold,
)
from ._wallpaper import Orbifold, OrbifoldEdge, orbifold

__all__ = [
    "CellClass",
    "Embedding",
    "InjectivityReport",
    "LocalGroup",
    "Orbifold",
    "OrbifoldEdge",
    "basis_embedding",
    "domain_samples",
    "embedding_dimension",
    "injectivity_report",
    "orbifold",
    "orbifold_embedding",
    "orbit_distance",
    "point_group_names",
    "space_orbifold",
    "SingularEdge",
    "SingularVertex",
    "SpaceOrbifold",
    "SpaceOrbifoldFace",
]
