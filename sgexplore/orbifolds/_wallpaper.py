"""The orbifold R^2 / G of a wallpaper group, from the gluing of its fundamental domain.

Everything here is derived from the group's operations and its asymmetric unit, with exact
rational arithmetic: which edges are mirrors, which are glued to which by what operation,
the cone points and corner reflectors, the topology of the underlying surface, and from
those the Conway symbol and the orbifold Euler characteristic. No lookup table is used.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np

from ..groups import SpaceGroup, UnknownGroupError, WallpaperGroup, wallpaper_group
from ..groups import group as lookup_group
from ..groups._operations import DENOMINATOR
from ._space import SpaceOrbifold, space_orbifold

Point = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class _Affine:
    """x -> R x + t with exact t (a group operation times a lattice translation)."""

    rotation: tuple[tuple[int, int], tuple[int, int]]
    translation: Point
    xyz: str

    def __call__(self, p: Point) -> Point:
        (a, b), (c, d) = self.rotation
        return (a * p[0] + b * p[1] + self.translation[0], c * p[0] + d * p[1] + self.translation[1])

    @property
    def det(self) -> int:
        (a, b), (c, d) = self.rotation
        return a * d - b * c

    @property
    def is_identity(self) -> bool:
        return self.rotation == ((1, 0), (0, 1)) and self.translation == (0, 0)

    def kind(self) -> str:
        """rotation, translation, mirror or glide."""
        if self.rotation == ((1, 0), (0, 1)):
            return "translation"
        if self.det == 1:
            return "rotation"
        p = self((Fraction(0), Fraction(0)))
        q = self(p)  # (R t + t) / 2 is the glide vector; zero for a mirror
        return "mirror" if q == (0, 0) else "glide"

    def fixed_point(self) -> Point | None:
        """The unique fixed point of a rotation (None for other kinds)."""
        if self.det != 1 or self.rotation == ((1, 0), (0, 1)):
            return None
        (a, b), (c, d) = self.rotation
        m = ((a - 1, b), (c, d - 1))
        det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
        tx, ty = -self.translation[0], -self.translation[1]
        return ((tx * m[1][1] - m[0][1] * ty) / det, (m[0][0] * ty - m[1][0] * tx) / det)


@dataclass(frozen=True)
class OrbifoldEdge:
    """One edge (or part of an edge) of the fundamental domain.

    Attributes:
        start, end: (2,) float64 end points, counter-clockwise along the domain.
        kind: ``"mirror"`` (orbifold boundary) or ``"glued"``.
        partner: index of the edge it is glued to (None for mirrors).
        operation: the coordinate triplet of the operation (lattice translation included)
            that maps this edge onto its partner, or of the reflection fixing a mirror edge.
        operation_kind: ``"rotation"``, ``"translation"``, ``"glide"`` or ``"mirror"``.
        reversed: whether the map sends start to the partner's end (orientation of the
            identification as drawn along the domain boundary).
    """

    start: np.ndarray
    end: np.ndarray
    kind: str
    partner: int | None
    operation: str
    operation_kind: str
    reversed: bool


@dataclass(frozen=True)
class Orbifold:
    """The orbifold of a wallpaper group.

    Attributes:
        group: the wallpaper group.
        vertices: (v, 2) float64 fundamental-domain polygon (counter-clockwise).
        edges: the domain's boundary, split at rotation centres, with identifications.
        cone_points: ((point (2,), order), ...) rotation centres off the mirrors.
        corner_reflectors: ((point (2,), order), ...) where mirrors meet at angle pi / n.
        boundaries: number of mirror boundary curves.
        crosscaps, handles: of the underlying surface.
        orientable: whether the underlying surface is orientable.
        underlying_euler_characteristic: V - E + F of the glued domain.
    """

    group: WallpaperGroup
    vertices: np.ndarray
    edges: tuple[OrbifoldEdge, ...]
    cone_points: tuple[tuple[np.ndarray, int], ...]
    corner_reflectors: tuple[tuple[np.ndarray, int], ...]
    boundaries: int
    crosscaps: int
    handles: int
    orientable: bool
    underlying_euler_characteristic: int
    _corner_orders_by_boundary: tuple[tuple[int, ...], ...]

    @property
    def conway(self) -> str:
        """Conway's orbifold symbol: handles o, cone orders, then * and corner orders for
        each boundary, then crosscaps x; orders in decreasing order."""
        cones = "".join(str(n) for n in sorted((n for _, n in self.cone_points), reverse=True))
        mirrors = "".join("*" + "".join(map(str, c)) for c in self._corner_orders_by_boundary)
        return "o" * self.handles + cones + mirrors + "x" * self.crosscaps

    def embedding(self, x, dim: int = 3) -> np.ndarray:
        """The picture of fractional points x (..., 2) on the orbifold in R^dim: the exactly
        invariant map of :func:`sgexplore.orbifolds.orbifold_embedding` (injective on the
        orbit space in R^3 except for pg and pgg, which embed in R^4).

        Examples:
            >>> o = orbifold("p2")
            >>> bool(np.allclose(o.embedding([[0.1, 0.3]]), o.embedding([[-0.1, 0.7]])))
            True
        """
        from ._embedding import orbifold_embedding

        return orbifold_embedding(self.group, dim)(x)

    @property
    def euler_characteristic(self) -> Fraction:
        """chi = chi(underlying surface) - sum (n-1)/n over cones - sum (n-1)/(2n) over corners."""
        chi = Fraction(self.underlying_euler_characteristic)
        chi -= sum((Fraction(n - 1, n) for _, n in self.cone_points), Fraction(0))
        chi -= sum((Fraction(n - 1, 2 * n) for _, n in self.corner_reflectors), Fraction(0))
        return chi


def _operations(group: WallpaperGroup, reach: int = 2) -> list[_Affine]:
    maps = []
    for op in group.operations:
        r = tuple(tuple(int(v) for v in row) for row in op.rotation)
        base = [Fraction(int(n), DENOMINATOR) for n in op.translation_numerator]
        for shift in itertools.product(range(-reach, reach + 1), repeat=2):
            t = (base[0] + shift[0], base[1] + shift[1])
            label = op.xyz if shift == (0, 0) else f"{op.xyz} + ({shift[0]},{shift[1]})"
            maps.append(_Affine(r, t, label))
    return maps


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    if cross != 0:
        return False
    dot = (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])
    length = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2
    return 0 < dot < length


def _split_edges(vertices: list[Point], maps: list[_Affine]) -> list[tuple[Point, Point]]:
    """Domain edges split so that every identification maps whole pieces onto whole pieces:
    at rotation centres on an edge (an edge folded onto itself) and at images of split points
    that land inside an edge (an edge glued to part of another, or slid along itself by a
    glide), repeated until nothing changes."""
    sides = list(zip(vertices, vertices[1:] + vertices[:1]))
    points = set(vertices) | {c for c in (m.fixed_point() for m in maps) if c is not None
                              and any(_on_segment(c, a, b) for a, b in sides)}
    for _ in range(8):
        new = {m(p) for m in maps for p in points
               if any(_on_segment(m(p), a, b) for a, b in sides)} - points
        if not new:
            break
        points |= new
    edges = []
    for a, b in sides:
        inside = sorted((c for c in points if _on_segment(c, a, b)),
                        key=lambda c: (c[0] - a[0]) ** 2 + (c[1] - a[1]) ** 2)
        chain = [a, *inside, b]
        edges.extend(zip(chain[:-1], chain[1:]))
    return edges


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Point, Point] = {}

    def find(self, p: Point) -> Point:
        self.parent.setdefault(p, p)
        while self.parent[p] != p:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        return p

    def union(self, a: Point, b: Point) -> None:
        self.parent[self.find(a)] = self.find(b)


def orbifold(group: WallpaperGroup | SpaceGroup | str) -> Orbifold | SpaceOrbifold:
    """The orbifold of a wallpaper group or of a space group, derived from its fundamental
    domain (:func:`sgexplore.orbifolds.space_orbifold` for space groups).

    Examples:
        >>> o = orbifold("p4g")
        >>> o.conway, o.euler_characteristic
        ('4*2', Fraction(0, 1))
        >>> orbifold("Fm-3m").singular_vertices[0].local_group.schoenflies
        'O_h'
    """
    if isinstance(group, str):
        try:
            group = lookup_group(group)
        except UnknownGroupError:
            group = wallpaper_group(group)
    if isinstance(group, SpaceGroup):
        return space_orbifold(group)
    g = wallpaper_group(group) if not isinstance(group, WallpaperGroup) else group
    return _wallpaper_orbifold(g.symbol)


@cache
def _wallpaper_orbifold(symbol: str) -> Orbifold:
    """The orbifold of a wallpaper group, built once per kernel: every view of a page (and
    every page of a preheated kernel) shares it."""
    g = wallpaper_group(symbol)
    vertices = [(Fraction(x), Fraction(y)) for x, y in g.asu_vertices]
    maps = [m for m in _operations(g) if not m.is_identity]
    pieces = _split_edges(vertices, maps)
    index = {frozenset(e): i for i, e in enumerate(pieces)}
    classes = _UnionFind()
    for a, _ in pieces:
        classes.find(a)
    edges: list[OrbifoldEdge] = []
    glued_pairs = 0
    orientable = True
    for i, (a, b) in enumerate(pieces):
        mirror = next((m for m in maps if m.det == -1 and m(a) == a and m(b) == b), None)
        if mirror is not None:
            edges.append(OrbifoldEdge(np.array(a, float), np.array(b, float), "mirror", None,
                                      mirror.xyz, "mirror", False))
            continue
        for m in maps:
            j = index.get(frozenset((m(a), m(b))))
            if j is not None and j != i:
                partner = pieces[j]
                reverse = m(a) == partner[1]
                classes.union(a, m(a))
                classes.union(b, m(b))
                orientable &= m.det == 1
                edges.append(OrbifoldEdge(np.array(a, float), np.array(b, float), "glued", j,
                                          m.xyz, m.kind(), reverse))
                glued_pairs += 1
                break
        else:
            # The domains are bundled data for the 17 groups, each checked by the tests.
            raise RuntimeError(f"edge {a}-{b} of the {g.symbol} domain is neither mirror nor glued")
    vertex_classes: dict[Point, list[Point]] = {}
    for a, _ in pieces:
        vertex_classes.setdefault(classes.find(a), []).append(a)
    mirror_count = sum(e.kind == "mirror" for e in edges)
    chi = len(vertex_classes) - (mirror_count + glued_pairs // 2) + 1

    cones, corners = [], []
    corner_of: dict[Point, int] = {}
    for root, members in vertex_classes.items():
        site = g.site_symmetry(np.array([float(v) for v in members[0]]))
        proper = sum(round(np.linalg.det(r)) == 1 for r in site.rotations)
        reflecting = len(site.rotations) > proper
        if proper > 1 and reflecting:
            corners.append((np.array(members[0], float), proper))
            corner_of[root] = proper
        elif proper > 1:
            cones.append((np.array(members[0], float), proper))
    boundaries = _boundary_corners(pieces, edges, classes, corner_of)
    b = len(boundaries)
    if orientable:
        handles, crosscaps = (2 - b - chi) // 2, 0
    else:
        handles, crosscaps = 0, 2 - b - chi
    return Orbifold(g, np.array(vertices, dtype=float), tuple(edges), tuple(cones),
                    tuple(corners), b, crosscaps, handles, orientable, chi, boundaries)


def _boundary_corners(pieces, edges, classes, corner_of) -> tuple[tuple[int, ...], ...]:
    """Corner orders on each mirror boundary curve (connected components of mirror edges)."""
    components = _UnionFind()
    touched = set()
    for (a, b), edge in zip(pieces, edges):
        if edge.kind == "mirror":
            ra, rb = classes.find(a), classes.find(b)
            components.union(ra, rb)
            touched |= {ra, rb}
    groups: dict[Point, list[int]] = {}
    for root in touched:
        orders = groups.setdefault(components.find(root), [])
        if root in corner_of:
            orders.append(corner_of[root])
    return tuple(sorted((tuple(sorted(v, reverse=True)) for v in groups.values()), reverse=True))
