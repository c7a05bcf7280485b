"""Fundamental domains (asymmetric units) as convex polygons and polyhedra."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.spatial import ConvexHull


@dataclass(frozen=True, eq=False)
class FundamentalDomain:
    """A convex asymmetric unit in fractional coordinates.

    The domain is ``{x : normals @ x + offsets >= 0}``. Its images under the group's
    operations (and lattice translations) tile space; boundaries have measure zero.

    Attributes:
        normals: (m, d) int64 array of primitive integer inward normals.
        offsets: tuple of m exact ``Fraction`` offsets.
        vertices: (v, d) float64 array of the vertices; in 2D in counter-clockwise order.
    """

    normals: np.ndarray
    offsets: tuple[Fraction, ...]
    vertices: np.ndarray

    @property
    def dim(self) -> int:
        return self.normals.shape[1]

    @property
    def offset_array(self) -> np.ndarray:
        """(m,) float64 offsets."""
        return np.array([float(c) for c in self.offsets])

    @property
    def measure(self) -> float:
        """Area (2D) or volume (3D) as a fraction of the unit cell."""
        return float(ConvexHull(self.vertices).volume)

    def contains(self, x: np.ndarray, tolerance: float = 0.0) -> np.ndarray:
        """Boolean (...,) mask of fractional points (..., d) inside the closed domain."""
        x = np.asarray(x, dtype=float)
        return np.all(x @ self.normals.T + self.offset_array >= -tolerance, axis=-1)

    @classmethod
    def from_polygon(cls, vertices: list[tuple[Fraction, Fraction]]) -> FundamentalDomain:
        """A 2D domain from exact counter-clockwise vertices; the edges give the half-planes."""
        normals, offsets = [], []
        for (x0, y0), (x1, y1) in zip(vertices, vertices[1:] + vertices[:1]):
            nx, ny = y0 - y1, x1 - x0  # inward normal of a counter-clockwise edge
            scale = np.lcm(nx.denominator, ny.denominator)
            nx, ny = int(nx * scale), int(ny * scale)
            divisor = np.gcd(nx, ny)
            nx, ny = nx // divisor, ny // divisor
            normals.append((nx, ny))
            offsets.append(-(nx * x0 + ny * y0))
        return cls(
            np.array(normals, dtype=np.int64),
            tuple(offsets),
            np.array([[float(x), float(y)] for x, y in vertices]),
        )
