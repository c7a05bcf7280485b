"""The orbifold R^3 / G of a space group, from the gluing of its asymmetric unit.

Everything is derived from the group's operations and its ITA asymmetric unit D (a convex
polyhedron with exact rational faces), in exact integer arithmetic:

- The tiles gD (g over the operations and lattice translations) that meet D. Their
  intersections with D cut the faces of D into *pieces*: a piece D n gD is glued to the
  piece D n g^-1 D by g^-1, or is a mirror (g fixes it pointwise), or is folded onto itself
  (g^-1 is a 2-fold rotation about a line in the piece or an inversion through a point of
  it). The ITA faces are often cut into several pieces glued to different faces.
- The cells of the tiling inside D (points lying in the same set of tiles), refined where an
  element maps a cell onto itself without fixing it (folded pieces are halved, edges that
  are reversed are halved), so that the stabiliser of a cell fixes it pointwise. The cells
  modulo the gluing are the cells of the orbifold, each with its local group (stabiliser).
- From those: the orbifold Euler characteristic chi = sum (-1)^dim / |stabiliser| over the
  cell classes, the mirror boundary, and the singular set as a graph: edges are chains of
  1-cells on rotation axes (local group C_n, or C_nv where mirrors meet along the axis),
  vertices are points whose local group fixes only that point.

No lookup table decides any of this; only the names of the 32 point groups are tabulated.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np

from ..groups import SgexploreError, SpaceGroup, space_group
from ..groups._operations import DENOMINATOR, Operation
from ..groups._symmetry import classify_affine

Point = tuple[Fraction, Fraction, Fraction]

# Element types (det, trace) in the order of the signatures below.
_TYPES = ((1, 3), (1, -1), (1, 0), (1, 1), (1, 2), (-1, -3), (-1, 1), (-1, 0), (-1, -1), (-1, -2))
# Number of elements of each type -> (Hermann-Mauguin, Schoenflies) of the 32 point groups
# (the element counts tell the 32 geometric crystal classes apart).
_POINT_GROUPS = {
    (1, 0, 0, 0, 0, 0, 0, 0, 0, 0): ("1", "C_1"),
    (1, 0, 0, 0, 0, 1, 0, 0, 0, 0): ("-1", "C_i"),
    (1, 1, 0, 0, 0, 0, 0, 0, 0, 0): ("2", "C_2"),
    (1, 0, 0, 0, 0, 0, 1, 0, 0, 0): ("m", "C_s"),
    (1, 0, 2, 0, 0, 0, 0, 0, 0, 0): ("3", "C_3"),
    (1, 1, 0, 0, 0, 1, 1, 0, 0, 0): ("2/m", "C_2h"),
    (1, 3, 0, 0, 0, 0, 0, 0, 0, 0): ("222", "D_2"),
    (1, 1, 0, 0, 0, 0, 2, 0, 0, 0): ("mm2", "C_2v"),
    (1, 1, 0, 2, 0, 0, 0, 0, 0, 0): ("4", "C_4"),
    (1, 1, 0, 0, 0, 0, 0, 0, 2, 0): ("-4", "S_4"),
    (1, 0, 2, 0, 0, 1, 0, 2, 0, 0): ("-3", "C_3i"),
    (1, 3, 2, 0, 0, 0, 0, 0, 0, 0): ("32", "D_3"),
    (1, 0, 2, 0, 0, 0, 3, 0, 0, 0): ("3m", "C_3v"),
    (1, 1, 2, 0, 2, 0, 0, 0, 0, 0): ("6", "C_6"),
    (1, 0, 2, 0, 0, 0, 1, 0, 0, 2): ("-6", "C_3h"),
    (1, 3, 0, 0, 0, 1, 3, 0, 0, 0): ("mmm", "D_2h"),
    (1, 1, 0, 2, 0, 1, 1, 0, 2, 0): ("4/m", "C_4h"),
    (1, 5, 0, 2, 0, 0, 0, 0, 0, 0): ("422", "D_4"),
    (1, 1, 0, 2, 0, 0, 4, 0, 0, 0): ("4mm", "C_4v"),
    (1, 3, 0, 0, 0, 0, 2, 0, 2, 0): ("-42m", "D_2d"),
    (1, 3, 2, 0, 0, 1, 3, 2, 0, 0): ("-3m", "D_3d"),
    (1, 1, 2, 0, 2, 1, 1, 2, 0, 2): ("6/m", "C_6h"),
    (1, 7, 2, 0, 2, 0, 0, 0, 0, 0): ("622", "D_6"),
    (1, 1, 2, 0, 2, 0, 6, 0, 0, 0): ("6mm", "C_6v"),
    (1, 3, 2, 0, 0, 0, 4, 0, 0, 2): ("-6m2", "D_3h"),
    (1, 3, 8, 0, 0, 0, 0, 0, 0, 0): ("23", "T"),
    (1, 5, 0, 2, 0, 1, 5, 0, 2, 0): ("4/mmm", "D_4h"),
    (1, 7, 2, 0, 2, 1, 7, 2, 0, 2): ("6/mmm", "D_6h"),
    (1, 3, 8, 0, 0, 1, 3, 8, 0, 0): ("m-3", "T_h"),
    (1, 9, 8, 6, 0, 0, 0, 0, 0, 0): ("432", "O"),
    (1, 3, 8, 0, 0, 0, 6, 0, 6, 0): ("-43m", "T_d"),
    (1, 9, 8, 6, 0, 1, 9, 8, 6, 0): ("m-3m", "O_h"),
}
_EPS = 1e-9


def point_group_names(rotations) -> tuple[str, str]:
    """(Hermann-Mauguin, Schoenflies) names of the point group with these linear parts.

    Examples:
        >>> point_group_names([np.eye(3, dtype=int), -np.eye(3, dtype=int)])
        ('-1', 'C_i')

    Raises:
        SgexploreError: a matrix that is not a crystallographic linear part, or a set that is
            not one of the 32 point groups.
    """
    counts = dict.fromkeys(_TYPES, 0)
    for r in rotations:
        r = np.asarray(r)
        kind = (int(round(np.linalg.det(r))), int(np.trace(r))) if r.shape == (3, 3) else None
        if kind not in counts:
            raise SgexploreError(f"{r.tolist()} is not a crystallographic linear part (an integer "
                                 "3x3 matrix of determinant +-1 and order 1, 2, 3, 4 or 6)")
        counts[kind] += 1
    key = tuple(counts[t] for t in _TYPES)
    if key not in _POINT_GROUPS:
        raise SgexploreError(f"these {len(rotations)} linear parts (element counts {key}) are not one "
                             "of the 32 crystallographic point groups; pass all the linear parts of a "
                             "group, each once")
    return _POINT_GROUPS[key]


@dataclass(frozen=True)
class LocalGroup:
    """The local group (stabiliser) of the points of one cell.

    Attributes:
        order: number of elements.
        hermann_mauguin: point-group symbol, e.g. ``"m-3m"``, ``"4mm"``, ``"2"``.
        schoenflies: e.g. ``"O_h"``, ``"C_4v"``, ``"C_2"``.
        fixed_dimension: dimension of the set its linear parts fix (3 for the trivial group,
            2 for a mirror, 1 on an axis, 0 at an isolated singular point): the dimension of
            the orbifold stratum.
        orientation_preserving: whether all its elements are proper rotations.
    """

    order: int
    hermann_mauguin: str
    schoenflies: str
    fixed_dimension: int
    orientation_preserving: bool


@dataclass(frozen=True)
class SpaceOrbifoldFace:
    """One piece of the boundary of the asymmetric unit, with its identification.

    Attributes:
        vertices: exact vertices (Fraction triples), counter-clockwise seen from outside the
            asymmetric unit, including every cell vertex on the piece's boundary.
        plane: index of the asymmetric unit's cut (``fundamental_domain.normals``) it lies on.
        kind: ``"mirror"`` (fixed pointwise by a reflection: orbifold boundary), ``"glued"``
            (to another piece) or ``"folded"`` (glued to itself by a 2-fold rotation about a
            line in it or by an inversion through a point of it).
        partner: index of the piece it is glued to (itself for mirrors and folded pieces).
        operation: coordinate triplet of the map (lattice translation included) sending this
            piece onto its partner, e.g. ``'-x+1,y,-z+1/2'``.
        symbol: ITA-style symbol of that map's symmetry element (``"2"``, ``"2_1"``, ``"m"``,
            a glide's ITA letter ``"a"``, ``"b"``, ``"c"``, ``"n"``, ``"d"``, ``"e"`` or
            ``"g"`` (a glide along no cell direction), ``"-1"``, ``"t"`` (a translation) ...),
            from ``classify_affine`` of the map itself.
        vertex_map: ``vertex_map[i]`` is the partner's vertex that vertex i is sent to.
        rotation: (3, 3) int64 linear part of the map; translation: its exact translation.
    """

    vertices: tuple[Point, ...]
    plane: int
    kind: str
    partner: int
    operation: str
    symbol: str
    vertex_map: tuple[int, ...]
    rotation: np.ndarray
    translation: Point

    @property
    def orientation_reversing(self) -> bool:
        """Whether the gluing map reverses orientation (its linear part has det -1)."""
        return int(round(np.linalg.det(self.rotation))) == -1


@dataclass(frozen=True)
class CellClass:
    """A cell of the orbifold: a class of cells of the asymmetric unit modulo the gluing.

    Attributes:
        dim: 0 (vertex), 1 (edge), 2 (face) or 3 (interior).
        members: the cells of the asymmetric unit in the class, each a tuple of exact
            vertices (one point, two end points, a polygon; the interior lists the
            asymmetric unit's vertices).
        point: exact representative point in the relative interior of the first member.
        local_group: the stabiliser of the cell's points.
    """

    dim: int
    members: tuple[tuple[Point, ...], ...]
    point: Point
    local_group: LocalGroup

    @property
    def stabiliser_order(self) -> int:
        return self.local_group.order


@dataclass(frozen=True)
class SingularEdge:
    """An edge of the singular graph: a chain of 1-cells on one rotation axis class.

    Attributes:
        segments: exact end-point pairs of the 1-cells of the asymmetric unit on it.
        local_group: C_n (an n-fold axis) or C_nv (n mirrors meeting along it).
        ends: indices into ``SpaceOrbifold.singular_vertices`` of its two ends; empty for a
            closed loop.
    """

    segments: tuple[tuple[Point, Point], ...]
    local_group: LocalGroup
    ends: tuple[int, ...]

    @property
    def order(self) -> int:
        """Order n of the rotation axis."""
        return self.local_group.order // (1 if self.local_group.orientation_preserving else 2)


@dataclass(frozen=True)
class SingularVertex:
    """A vertex of the singular graph: a point whose local group fixes only that point.

    Attributes:
        points: the exact points of the asymmetric unit in its class.
        local_group: its point group (e.g. ``m-3m`` / ``O_h``, ``222`` / ``D_2``, ``-1`` / ``C_i``).
        degree: number of singular-edge ends at it (3 for the dihedral, tetrahedral and
            octahedral vertices of an orientation-preserving group).
    """

    points: tuple[Point, ...]
    local_group: LocalGroup
    degree: int


@dataclass(frozen=True)
class SpaceOrbifold:
    """The orbifold R^3 / G of a space group, built from its asymmetric unit.

    Attributes:
        group: the space group.
        vertices: (v, 3) float64 vertices of the asymmetric unit.
        faces: the pieces of its boundary with their identifications.
        cells: the cell classes (vertices, edges, faces, interior) modulo the gluing.
        singular_edges, singular_vertices: the singular set as a graph.
        boundaries: number of connected components of the mirror boundary.
        sohncke: whether every operation preserves orientation.
    """

    group: SpaceGroup
    vertices: np.ndarray
    faces: tuple[SpaceOrbifoldFace, ...]
    cells: tuple[CellClass, ...]
    singular_edges: tuple[SingularEdge, ...]
    singular_vertices: tuple[SingularVertex, ...]
    boundaries: int
    sohncke: bool

    @property
    def euler_characteristic(self) -> Fraction:
        """chi = sum over cell classes of (-1)^dim / |stabiliser| (0 for every space group).

        Examples:
            >>> space_orbifold("Fm-3m").euler_characteristic
            Fraction(0, 1)
        """
        return sum((Fraction((-1) ** c.dim, c.stabiliser_order) for c in self.cells), Fraction(0))

    def cell_counts(self) -> dict[int, int]:
        """Number of cell classes by dimension."""
        counts = dict.fromkeys(range(4), 0)
        for c in self.cells:
            counts[c.dim] += 1
        return counts

    def singular_edge_counts(self) -> dict[str, int]:
        """Number of singular edges by local group (Hermann-Mauguin symbol)."""
        counts: dict[str, int] = {}
        for e in self.singular_edges:
            counts[e.local_group.hermann_mauguin] = counts.get(e.local_group.hermann_mauguin, 0) + 1
        return dict(sorted(counts.items()))


# --- exact affine maps over a common denominator -------------------------------------------


@dataclass(frozen=True)
class _Element:
    """x -> R x + t with t = numerator / 24 (an operation times a lattice translation)."""

    rotation: np.ndarray
    numerator: np.ndarray

    @property
    def translation(self) -> Point:
        return tuple(Fraction(int(v), DENOMINATOR) for v in self.numerator)

    def inverse(self) -> _Element:
        inv = np.rint(np.linalg.inv(self.rotation)).astype(np.int64)
        return _Element(inv, -inv @ self.numerator)

    @property
    def xyz(self) -> str:
        return _xyz(self.rotation, self.translation)


def _xyz(rotation: np.ndarray, translation: Point) -> str:
    rows = []
    for row, constant in zip(rotation, translation):
        term = ""
        for coefficient, axis in zip(row, "xyz"):
            if coefficient:
                sign = "-" if coefficient < 0 else ("+" if term else "")
                term += f"{sign}{'' if abs(coefficient) == 1 else abs(coefficient)}{axis}"
        if constant:
            term += f"{'+' if constant > 0 and term else ''}{constant}"
        rows.append(term or "0")
    return ",".join(rows)


def _common_denominator(points) -> int:
    d = DENOMINATOR
    for p in points:
        for c in p:
            d = math.lcm(d, c.denominator)
    return d


def _as_integers(points, scale: int) -> np.ndarray:
    return np.array([[int(c * scale) for c in p] for p in points], dtype=np.int64).reshape(-1, 3)


def _rational(x: float) -> Fraction:
    return Fraction(x).limit_denominator(5000)


def _clip(polygon: list[tuple[float, ...]], normal, offset: float) -> list[tuple[float, ...]]:
    """Sutherland-Hodgman: the part of a planar convex polygon with normal . x + offset >= 0."""
    out = []
    values = [normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2] + offset for p in polygon]
    n = len(polygon)
    for k in range(n):
        p, q, vp, vq = polygon[k], polygon[(k + 1) % n], values[k], values[(k + 1) % n]
        if vp >= -_EPS:
            out.append(p)
        if (vp > _EPS and vq < -_EPS) or (vp < -_EPS and vq > _EPS):
            s = vp / (vp - vq)
            out.append(tuple(a + s * (b - a) for a, b in zip(p, q)))
    return out


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def classes(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


# --- the construction ---------------------------------------------------------------------


class _Builder:
    """State of the construction for one group (see the module docstring for the steps)."""

    def __init__(self, group: SpaceGroup) -> None:
        self.group = group
        domain = group.fundamental_domain
        self.normals = domain.normals.astype(np.int64)
        self.offsets = domain.offsets
        self.asu = [tuple(_rational(float(c)) for c in v) for v in domain.vertices]
        offset_lcm = math.lcm(*(c.denominator for c in self.offsets))
        self.offset_numerators = np.array([int(c * offset_lcm) for c in self.offsets], dtype=np.int64)
        self.offset_lcm = offset_lcm
        self._check_domain()
        self.faces = self._asu_faces()

    # exact membership in the closed domain of integer points over `scale`
    def _inside(self, points: np.ndarray, scale: int) -> np.ndarray:
        values = (points @ self.normals.T) * self.offset_lcm + self.offset_numerators * scale
        return np.all(values >= 0, axis=-1)

    def _check_domain(self) -> None:
        scale = _common_denominator(self.asu)
        pts = _as_integers(self.asu, scale)
        values = (pts @ self.normals.T) * self.offset_lcm + self.offset_numerators * scale
        if not (np.all(values >= 0) and np.all((values == 0).sum(1) >= 3)):
            # The asymmetric units are bundled data, checked for all 230 groups by the tests.
            raise RuntimeError(f"the asymmetric unit of {self.group.symbol} is not an exact polyhedron")

    def _asu_faces(self) -> list[tuple[int, list[Point]]]:
        scale = _common_denominator(self.asu)
        pts = _as_integers(self.asu, scale)
        values = (pts @ self.normals.T) * self.offset_lcm + self.offset_numerators * scale
        faces = []
        for i in range(len(self.normals)):
            on = [self.asu[k] for k in np.flatnonzero(values[:, i] == 0)]
            if len(on) >= 3:
                ordered = _ccw(on, -self.normals[i])
                if len(ordered) >= 3:
                    faces.append((i, ordered))
        return faces

    def elements_near(self) -> list[_Element]:
        """Every element g != 1 whose tile gD might meet D (bounding boxes overlap)."""
        vertices = np.array([[float(c) for c in v] for v in self.asu])
        lo, hi = vertices.min(0), vertices.max(0)
        out = []
        identity = np.eye(3, dtype=np.int64)
        for op in self.group.operations:
            images = vertices @ op.rotation.T + op.translation
            low = np.ceil(lo - images.max(0) - 1e-9).astype(int)
            high = np.floor(hi - images.min(0) + 1e-9).astype(int)
            for shift in itertools.product(*(range(a, b + 1) for a, b in zip(low, high))):
                numerator = op.translation_numerator + DENOMINATOR * np.array(shift, dtype=np.int64)
                if np.array_equal(op.rotation, identity) and not numerator.any():
                    continue
                out.append(_Element(op.rotation, numerator))
        return out


def _ccw(points: list[Point], outward) -> list[Point]:
    """Distinct coplanar points of a convex polygon, counter-clockwise about ``outward``,
    collinear middle points kept (they are cell vertices)."""
    unique = list(dict.fromkeys(points))
    xyz = np.array([[float(c) for c in p] for p in unique])
    centre = xyz.mean(0)
    u = xyz[0] - centre
    if np.linalg.norm(u) < 1e-12:
        return unique
    w = np.cross(np.asarray(outward, float), u)
    angles = np.arctan2((xyz - centre) @ w, (xyz - centre) @ u)
    return [unique[k] for k in np.argsort(angles, kind="stable")]


def _corners(poly: list[Point]) -> list[Point]:
    """The polygon without vertices lying between their neighbours (exactly collinear)."""
    out = []
    n = len(poly)
    for i in range(n):
        a, p, c = poly[i - 1], poly[i], poly[(i + 1) % n]
        u = [p[k] - a[k] for k in range(3)]
        v = [c[k] - p[k] for k in range(3)]
        if (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]) != (0, 0, 0):
            out.append(p)
    return out


def _polygon_area2(points: list[Point]) -> Fraction:
    """Twice the area's squared norm proxy: zero exactly when the points are collinear."""
    p0 = points[0]
    total = [Fraction(0)] * 3
    for a, b in zip(points[1:], points[2:]):
        u = [a[k] - p0[k] for k in range(3)]
        v = [b[k] - p0[k] for k in range(3)]
        cross = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
        total = [t + c for t, c in zip(total, cross)]
    return sum(t * t for t in total)


def build(group: SpaceGroup) -> SpaceOrbifold:
    b = _Builder(group)
    candidates = b.elements_near()
    asu_float = np.array([[float(c) for c in v] for v in b.asu])
    face_float = [np.array([[float(c) for c in v] for v in poly]) for _, poly in b.faces]
    normals_f = b.normals.astype(float)
    offsets_f = np.array([float(c) for c in b.offsets])

    # Tiles gD that meet D: clip every face of D by the half-spaces of gD.
    neighbours: list[_Element] = []
    pieces: list[tuple[int, int, list[Point]]] = []  # (face index, neighbour index, vertices)
    points: dict[Point, None] = dict.fromkeys(b.asu)
    for g in candidates:
        inv = g.inverse()
        # gD = {x : N (g^-1 x) + c >= 0}: normals N R^-1, offsets c + N (R^-1 applied to -t) ...
        tile_normals = normals_f @ inv.rotation.astype(float)
        tile_offsets = offsets_f + normals_f @ (inv.numerator / DENOMINATOR)
        tile_vertices = asu_float @ g.rotation.T + g.numerator / DENOMINATOR
        # necessary conditions (no separating face plane) before clipping
        if np.any((tile_vertices @ normals_f.T + offsets_f).max(0) < -_EPS):
            continue
        if np.any((asu_float @ tile_normals.T + tile_offsets).max(0) < -_EPS):
            continue
        touching = []
        for f, ((plane, _), poly) in enumerate(zip(b.faces, face_float)):
            if (tile_vertices @ normals_f[plane] + offsets_f[plane]).min() > _EPS:
                continue
            clipped = [tuple(p) for p in poly]
            for n_k, c_k in zip(tile_normals, tile_offsets):
                clipped = _clip(clipped, n_k, c_k)
                if not clipped:
                    break
            if clipped:
                touching.append((f, clipped))
        if not touching:
            continue
        index = len(neighbours)
        neighbours.append(g)
        for f, clipped in touching:
            exact = list(dict.fromkeys(tuple(_rational(c) for c in p) for p in clipped))
            points.update(dict.fromkeys(exact))
            if len(exact) >= 3 and _polygon_area2(exact) != 0:
                pieces.append((f, index, _ccw(exact, -b.normals[b.faces[f][0]])))
    return _assemble(b, neighbours, pieces, list(points))


def _assemble(b: _Builder, neighbours: list[_Element], pieces, points: list[Point]) -> SpaceOrbifold:
    group = b.group
    n_nb = len(neighbours)
    rot = np.stack([g.rotation for g in neighbours]).astype(np.int64)
    num = np.stack([g.numerator for g in neighbours]).astype(np.int64)

    def image_table(pts: list[Point]) -> tuple[np.ndarray, int, np.ndarray]:
        """(images (n_nb, P, 3) over scale, scale, index (n_nb, P) of the image in pts or -1)."""
        scale = _common_denominator(pts)
        ints = _as_integers(pts, scale)
        images = np.einsum("gij,pj->gpi", rot, ints) + (num * (scale // DENOMINATOR))[:, None, :]
        lookup = {tuple(p): k for k, p in enumerate(ints.tolist())}
        index = np.array([[lookup.get(tuple(q), -1) for q in row] for row in images.tolist()],
                         dtype=np.int64).reshape(n_nb, len(pts))
        return images, scale, index

    # Exact checks of the clipped pieces: vertices on their plane, in D and in the tile.
    scale = _common_denominator(points)
    ints = _as_integers(points, scale)
    if not np.all(b._inside(ints, scale)):
        raise RuntimeError(f"{group.symbol}: a clipped vertex left the asymmetric unit")

    pieces = [(f, nb, _corners(poly)) for f, nb, poly in pieces]
    for f, _, poly in pieces:
        on_plane = _as_integers(poly, scale) @ b.normals[b.faces[f][0]] * b.offset_lcm \
            + b.offset_numerators[b.faces[f][0]] * scale
        if on_plane.any():
            raise RuntimeError(f"{group.symbol}: a clipped vertex left its face")
    piece_key = {frozenset(poly): k for k, (_, _, poly) in enumerate(pieces)}
    partner, kinds, maps = [], [], []
    for f, nb, poly in pieces:
        h = neighbours[nb].inverse()
        image = [_apply(h, p) for p in poly]
        j = piece_key.get(frozenset(image))
        if j is None:
            raise RuntimeError(f"{group.symbol}: a face piece has no partner")
        partner.append(j)
        maps.append(h)
        if image == poly:
            kinds.append("mirror")
        elif j == len(partner) - 1:
            kinds.append("folded")
        else:
            kinds.append("glued")

    # Extra cell vertices: where a folded piece is cut in half.
    extra_segments: list[tuple[Point, Point]] = []
    halves: dict[int, tuple[list[Point], list[Point]]] = {}
    point_set = dict.fromkeys(points)
    fold_cuts: dict[int, tuple[Point, ...]] = {}
    for k, (f, nb, poly) in enumerate(pieces):
        if kinds[k] != "folded":
            continue
        h = maps[k]
        if int(round(np.linalg.det(h.rotation))) == 1:
            ends = _fixed_boundary_points(h, poly)
            if len(ends) != 2:
                raise RuntimeError(f"{group.symbol}: a folded piece meets its 2-fold axis in {len(ends)} points")
            fold_cuts[k] = tuple(ends)
            extra_segments.append((ends[0], ends[1]))
            point_set.update(dict.fromkeys(ends))
        else:
            centre = tuple(t / 2 for t in h.translation)
            v0 = poly[0]
            fold_cuts[k] = (v0, centre, _apply(h, v0))
            extra_segments += [(v0, centre), (centre, _apply(h, v0))]
            point_set[centre] = None

    segments = [(poly[i], poly[(i + 1) % len(poly)]) for _, _, poly in pieces
                for i in range(len(poly))] + extra_segments
    # Refine until no element maps a 1-cell onto itself reversed, the vertex set is closed
    # under the elements that map D to D, and every segment is split at the vertices on it.
    while True:
        pts = list(point_set)
        images, scale, index = image_table(pts)
        inside = np.all((images @ b.normals.T) * b.offset_lcm
                        + b.offset_numerators * scale >= 0, axis=-1) & (index < 0)
        if inside.any():
            for g_i, p_i in zip(*np.nonzero(inside)):
                point_set[tuple(Fraction(int(c), scale) for c in images[g_i, p_i])] = None
            continue
        edges = _split(segments, pts, scale)
        where = {p: k for k, p in enumerate(pts)}
        reversed_mid = []
        for a, c in edges:
            ia, ic = where[a], where[c]
            if np.any((index[:, ia] == ic) & (index[:, ic] == ia)):
                reversed_mid.append(tuple((x + y) / 2 for x, y in zip(a, c)))
        if not reversed_mid:
            break
        point_set.update(dict.fromkeys(reversed_mid))
    pts = list(point_set)
    where = {p: k for k, p in enumerate(pts)}

    # Faces: pieces with every cell vertex on their boundary, and the gluing's vertex map.
    face_polys = []
    for f, nb, poly in pieces:
        face_polys.append(_with_boundary_points(poly, pts, scale))
    faces = []
    for k, (f, nb, poly) in enumerate(pieces):
        h = maps[k]
        target = face_polys[partner[k]]
        position = {p: i for i, p in enumerate(target)}
        vertex_map = tuple(position[_apply(h, p)] for p in face_polys[k])
        t = h.translation
        element = classify_affine(Operation(h.rotation, h.numerator), np.array([float(c) for c in t]))
        faces.append(SpaceOrbifoldFace(tuple(face_polys[k]), b.faces[f][0], kinds[k], partner[k],
                                       _xyz(h.rotation, t), _face_symbol(element), vertex_map,
                                       h.rotation.copy(), t))

    # 2-cells: unfolded pieces (a class with their partner), halves of folded ones.
    two_cells: list[tuple[list[Point], int]] = []  # (polygon, class key)
    for k in range(len(pieces)):
        poly = face_polys[k]
        if kinds[k] == "folded":
            cut = fold_cuts[k]
            first, second = _halve(poly, cut)
            two_cells += [(first, ("fold", k)), (second, ("fold", k))]
        else:
            two_cells.append((poly, ("pair", min(k, partner[k]))))

    # Classes of 0- and 1-cells under the elements mapping D to D.
    vertex_uf = _UnionFind(len(pts))
    for g_i, p_i in zip(*np.nonzero(index >= 0)):
        vertex_uf.union(int(p_i), int(index[g_i, p_i]))
    edge_index = {frozenset((where[a], where[c])): e for e, (a, c) in enumerate(edges)}
    edge_uf = _UnionFind(len(edges))
    for e, (a, c) in enumerate(edges):
        ia, ic = where[a], where[c]
        for g_i in np.flatnonzero((index[:, ia] >= 0) & (index[:, ic] >= 0)):
            other = edge_index.get(frozenset((int(index[g_i, ia]), int(index[g_i, ic]))))
            if other is not None:
                edge_uf.union(e, other)

    def local(point: Point) -> LocalGroup:
        return _local_group(point, rot, num)

    cells: list[CellClass] = []
    for members in vertex_uf.classes():
        ps = [pts[m] for m in members]
        cells.append(CellClass(0, tuple((p,) for p in ps), ps[0], local(ps[0])))
    edge_classes = edge_uf.classes()
    for members in edge_classes:
        segs = [edges[m] for m in members]
        mid = tuple((x + y) / 2 for x, y in zip(*segs[0]))
        cells.append(CellClass(1, tuple(segs), mid, local(mid)))
    by_key: dict = {}
    for poly, key in two_cells:
        by_key.setdefault(key, []).append(tuple(poly))
    for polys in by_key.values():
        centre = tuple(sum(c) / len(polys[0]) for c in zip(*polys[0]))
        cells.append(CellClass(2, tuple(polys), centre, local(centre)))
    inside_point = tuple(sum(c) / len(b.asu) for c in zip(*b.asu))
    cells.append(CellClass(3, (tuple(b.asu),), inside_point, local(inside_point)))

    singular_edges, singular_vertices = _singular_graph(cells, edges, edge_classes, vertex_uf, where, pts)
    boundaries = _boundary_components(faces, vertex_uf, where)
    sohncke = all(int(round(np.linalg.det(op.rotation))) == 1 for op in group.operations)
    return SpaceOrbifold(group, group.fundamental_domain.vertices.copy(), tuple(faces), tuple(cells),
                         singular_edges, singular_vertices, boundaries, sohncke)


def _apply(g: _Element, p: Point) -> Point:
    t = g.translation
    return tuple(sum(int(g.rotation[i, j]) * p[j] for j in range(3)) + t[i] for i in range(3))


def _local_group(point: Point, rot: np.ndarray, num: np.ndarray) -> LocalGroup:
    """The stabiliser of an exact point among the elements mapping D to D (plus 1)."""
    scale = _common_denominator([point])
    p = _as_integers([point], scale)[0]
    images = rot @ p + num * (scale // DENOMINATOR)
    fixed = np.all(images == p, axis=1)
    rotations = [np.eye(3, dtype=np.int64)] + list(rot[fixed])
    hm, schoenflies = point_group_names(rotations)
    stacked = np.concatenate([r - np.eye(3, dtype=np.int64) for r in rotations])
    fixed_dim = 3 - int(np.linalg.matrix_rank(stacked.astype(float)))
    proper = all(int(round(np.linalg.det(r))) == 1 for r in rotations)
    return LocalGroup(len(rotations), hm, schoenflies, fixed_dim, proper)


def _fixed_boundary_points(h: _Element, poly: list[Point]) -> list[Point]:
    """Points of the polygon's boundary fixed by h (where its 2-fold axis crosses it)."""
    found: dict[Point, None] = {}
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        hp, hq = _apply(h, p), _apply(h, q)
        a = [hp[k] - p[k] for k in range(3)]
        d = [(hq[k] - q[k]) - a[k] for k in range(3)]
        dd = sum(x * x for x in d)
        if dd == 0:
            if not any(a):
                found[p] = None
                found[q] = None
            continue
        s = -sum(x * y for x, y in zip(a, d)) / dd
        if 0 <= s <= 1 and all(a[k] + s * d[k] == 0 for k in range(3)):
            found[tuple(p[k] + s * (q[k] - p[k]) for k in range(3))] = None
    return list(found)


def _split(segments: list[tuple[Point, Point]], pts: list[Point], scale: int) -> list[tuple[Point, Point]]:
    """The segments split at every point lying inside them, as distinct 1-cells."""
    ints = _as_integers(pts, scale)
    where = {p: k for k, p in enumerate(pts)}
    out: dict[frozenset, tuple[Point, Point]] = {}
    for a, c in segments:
        ia, ic = where[a], where[c]
        d = ints[ic] - ints[ia]
        rel = ints - ints[ia]
        collinear = ~np.cross(rel, d).any(axis=1)
        along = rel @ d
        inner = collinear & (along > 0) & (along < d @ d)
        chain = [ia] + [int(k) for k in np.flatnonzero(inner)[np.argsort(along[inner])]] + [ic]
        for u, v in zip(chain[:-1], chain[1:]):
            out.setdefault(frozenset((u, v)), (pts[u], pts[v]))
    return list(out.values())


def _with_boundary_points(poly: list[Point], pts: list[Point], scale: int) -> list[Point]:
    out = []
    for i in range(len(poly)):
        a, c = poly[i], poly[(i + 1) % len(poly)]
        chain = _split([(a, c)], pts, scale)
        ordered = _chain_order(a, c, chain)
        out += ordered[:-1]
    return out


def _chain_order(a: Point, c: Point, chain: list[tuple[Point, Point]]) -> list[Point]:
    nxt: dict[Point, list[Point]] = {}
    for u, v in chain:
        nxt.setdefault(u, []).append(v)
        nxt.setdefault(v, []).append(u)
    order, previous = [a], None
    while order[-1] != c:
        step = [q for q in nxt[order[-1]] if q != previous]
        previous = order[-1]
        order.append(step[0])
    return order


def _halve(poly: list[Point], cut: tuple[Point, ...]) -> tuple[list[Point], list[Point]]:
    """The two halves of a folded polygon cut along the polyline ``cut`` (end points on the
    boundary; an inner point for an inversion centre)."""
    start, end = poly.index(cut[0]), poly.index(cut[-1])
    inner = list(cut[1:-1])
    if start < end:
        first = poly[start:end + 1] + inner[::-1]
        second = poly[end:] + poly[:start + 1] + inner
    else:
        first = poly[start:] + poly[:end + 1] + inner[::-1]
        second = poly[end:start + 1] + inner
    return first, second


def _singular_graph(cells, edges, edge_classes, vertex_uf, where, pts):
    """Chains of singular 1-cells through axis points (stratum of dimension 1), between
    vertices whose local group fixes only them."""
    vertex_cells = {vertex_uf.find(where[c.members[0][0]]): c for c in cells if c.dim == 0}
    edge_cells = [c for c in cells if c.dim == 1]
    singular = [(k, c) for k, c in enumerate(edge_cells) if c.local_group.fixed_dimension == 1]
    # ends of each singular edge class: vertex-class roots of a representative's end points
    ends = {k: tuple(vertex_uf.find(where[p]) for p in c.members[0]) for k, c in singular}
    chains = _UnionFind(len(edge_cells))
    through: dict[int, list[int]] = {}
    for k, _ in singular:
        for root in ends[k]:
            if vertex_cells[root].local_group.fixed_dimension == 1:
                through.setdefault(root, []).append(k)
    for root, ks in through.items():
        for k in ks[1:]:
            chains.union(ks[0], k)
    vertex_roots = sorted({r for k, _ in singular for r in ends[k]
                           if vertex_cells[r].local_group.fixed_dimension == 0}
                          | {r for r, c in vertex_cells.items() if c.local_group.fixed_dimension == 0})
    vertex_number = {r: i for i, r in enumerate(vertex_roots)}
    degree = dict.fromkeys(vertex_roots, 0)
    grouped: dict[int, list[int]] = {}
    for k, _ in singular:
        grouped.setdefault(chains.find(k), []).append(k)
        for r in ends[k]:
            if r in degree:
                degree[r] += 1
    out_edges = []
    for ks in grouped.values():
        segments = tuple(s for k in ks for s in edge_cells[k].members)
        chain_ends = tuple(sorted(vertex_number[r] for k in ks for r in ends[k] if r in vertex_number))
        out_edges.append(SingularEdge(segments, edge_cells[ks[0]].local_group, chain_ends))
    out_vertices = tuple(SingularVertex(tuple(p[0] for p in vertex_cells[r].members),
                                        vertex_cells[r].local_group, degree[r]) for r in vertex_roots)
    return tuple(out_edges), out_vertices


def _boundary_components(faces, vertex_uf, where) -> int:
    """Connected components of the mirror faces, joined where they share a vertex class."""
    mirrors = [f for f in faces if f.kind == "mirror"]
    uf = _UnionFind(len(mirrors))
    owner: dict[int, int] = {}
    for i, f in enumerate(mirrors):
        for p in f.vertices:
            root = vertex_uf.find(where[p])
            if root in owner:
                uf.union(i, owner[root])
            else:
                owner[root] = i
    return len({uf.find(i) for i in range(len(mirrors))})


@cache
def _space_orbifold(hall_number: int) -> SpaceOrbifold:
    from ..groups._catalogue import _space_group_by_hall

    return build(_space_group_by_hall(hall_number))


def space_orbifold(group: SpaceGroup | str | int) -> SpaceOrbifold:
    """The orbifold of a space group (any setting), derived from its asymmetric unit.

    Examples:
        >>> o = space_orbifold("P222")
        >>> o.euler_characteristic, o.sohncke, o.singular_edge_counts()
        (Fraction(0, 1), True, {'2': 12})
    """
    g = group if isinstance(group, SpaceGroup) else space_group(group)
    return _space_orbifold(g.hall_number)


def _face_symbol(element) -> str:
    """The element symbol a gluing is named by: a glide by its ITA letter (``c``, ``n``, ...)
    rather than the generic ``g``; the letter is the first word of ``ita_symbol``."""
    if element.symbol != "g":
        return element.symbol
    return element.ita_symbol.split()[0].split("(")[0]
