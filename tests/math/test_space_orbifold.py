"""Space-group orbifolds from the gluing of the asymmetric unit, checked for all 230 groups
against independent data: the orbifold Euler characteristic, the group's operations, the
tiling of the cell, the symmetry elements (``cell_elements``) and ``site_symmetry``."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from sgexplore.groups import Operation
from sgexplore.orbifolds import SpaceOrbifold, orbifold, point_group_names

from ..conftest import SPACE, space_groups

# The 11 point groups of proper rotations only (spglib's names).
PROPER_POINT_GROUPS = {"1", "2", "222", "4", "422", "3", "32", "6", "622", "23", "432"}
# ITA's oriented site symbols name the same point group in several orientations.
ORIENTATIONS = {"2mm": "mm2", "m2m": "mm2", "-4m2": "-42m", "-62m": "-6m2", "3m1": "3m",
                "31m": "3m", "312": "32", "321": "32", "-3m1": "-3m", "-31m": "-3m"}


def _point_group(site_symbol: str) -> str:
    """The point group (spglib spelling) of an oriented site-symmetry symbol."""
    plain = site_symbol.replace(".", "")
    return ORIENTATIONS.get(plain, plain)


def _volume(o: SpaceOrbifold) -> Fraction:
    """Exact volume enclosed by the face pieces (divergence theorem over fan triangles of
    the outward-oriented pieces): equals the asymmetric unit's only if the pieces tile its
    boundary without gaps or overlaps."""
    total = Fraction(0)
    for face in o.faces:
        p0 = face.vertices[0]
        for a, b in zip(face.vertices[1:], face.vertices[2:]):
            m = [[p0[i], a[i], b[i]] for i in range(3)]
            total += (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                      - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                      + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))
    return total / 6


@space_groups
def test_euler_characteristic_is_zero(g):
    chi = orbifold(g).euler_characteristic
    assert isinstance(chi, Fraction) and chi == 0


@space_groups
def test_face_pieces_enclose_one_cell_over_the_order(g):
    o = orbifold(g)
    assert _volume(o) == Fraction(1, g.order)


@space_groups
def test_glued_faces_are_mapped_onto_their_partners(g):
    o = orbifold(g)
    cosets = {op.key for op in g.operations}
    for i, face in enumerate(o.faces):
        partner = o.faces[face.partner]
        assert partner.partner == i, "the gluing is a pairing"
        assert sorted(face.vertex_map) == list(range(len(partner.vertices)))
        assert len(face.vertices) == len(partner.vertices)
        op = Operation.from_xyz(face.operation)  # reduced modulo the lattice
        assert op.key in cosets, "the gluing map is an operation of the group"
        np.testing.assert_array_equal(op.rotation, face.rotation)
        ends = np.array([[float(c) for c in v] for v in face.vertices])
        target = np.array([[float(c) for c in partner.vertices[j]] for j in face.vertex_map])
        diff = op(ends) - target
        lattice = np.rint(diff)
        np.testing.assert_allclose(diff, lattice, atol=1e-12)
        assert np.all(lattice == lattice[0]), "one lattice translation for all vertices"
        exact = [tuple(sum(int(face.rotation[r, c]) * v[c] for c in range(3)) + face.translation[r]
                       for r in range(3)) for v in face.vertices]
        assert exact == [partner.vertices[j] for j in face.vertex_map]
        assert tuple(face.vertex_map[j] for j in partner.vertex_map) == tuple(range(len(face.vertices)))
        if face.kind == "mirror":
            assert face.partner == i and face.vertex_map == tuple(range(len(face.vertices)))
            assert round(np.linalg.det(face.rotation)) == -1 and np.trace(face.rotation) == 1
        elif face.kind == "folded":
            assert face.partner == i and face.vertex_map != tuple(range(len(face.vertices)))
        else:
            assert face.partner != i


@space_groups
def test_images_of_the_asymmetric_unit_tile_the_cell(g, rng):
    o = orbifold(g)
    assert _volume(o) * g.order == 1
    domain = g.fundamental_domain
    x = rng.random((200, 3))
    images = np.einsum("nij,pj->pni", g.rotations, x) + g.translations
    lo, hi = np.floor(o.vertices.min(0)).astype(int), np.ceil(o.vertices.max(0)).astype(int)
    shifts = np.array(list(itertools.product(*(range(a - 1, b + 1) for a, b in zip(lo, hi)))))
    candidates = np.mod(images, 1.0)[:, :, None, :] + shifts[None, None]
    counts = domain.contains(candidates).reshape(len(x), -1).sum(axis=1)
    np.testing.assert_array_equal(counts, 1)


def _distance_to_segments(p: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """(P, S) distances of points (P, 3) to segments (S, 2, 3)."""
    a, d = segments[:, 0], segments[:, 1] - segments[:, 0]
    s = np.clip(np.einsum("psk,sk->ps", p[:, None] - a[None], d) / (d * d).sum(-1), 0, 1)
    return np.linalg.norm(a[None] + s[..., None] * d[None] - p[:, None], axis=-1)


def _clip_to_domain(points: np.ndarray, directions: np.ndarray, domain) -> tuple[np.ndarray, np.ndarray]:
    """Parameter intervals [low, high] (L,) of the lines points + s directions inside the
    closed convex domain (low > high where a line misses it)."""
    num = points @ domain.normals.T + domain.offset_array  # >= 0 inside
    rate = directions @ domain.normals.T
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = -num / rate
    low = np.where(rate > 1e-12, bound, -np.inf).max(1)
    high = np.where(rate < -1e-12, bound, np.inf).min(1)
    parallel_out = ((np.abs(rate) <= 1e-12) & (num < -1e-12)).any(1)
    return low, np.where(parallel_out, -np.inf, high)


@space_groups
def test_singular_edges_are_the_rotation_axes_met_in_the_asymmetric_unit(g):
    """Compared with cell_elements, which finds the axes from the operations alone."""
    o = orbifold(g)
    cell = g.cell_elements
    keep = cell.axis_orders > 1
    axes, orders = cell.axis_segments[keep], cell.axis_orders[keep]
    segments = np.array([[[float(c) for c in p] for p in s] for e in o.singular_edges
                         for s in e.segments]).reshape(-1, 2, 3)
    edge_orders = np.array([e.order for e in o.singular_edges for _ in e.segments], dtype=int)
    lo, hi = np.floor(o.vertices.min(0)).astype(int), np.ceil(o.vertices.max(0)).astype(int)
    shifts = np.array(list(itertools.product(*(range(a - 1, b + 1) for a, b in zip(lo, hi)))), float)
    # every axis crossing the asymmetric unit along a segment is covered by singular edges
    points = (axes[:, None, 0] + shifts[None]).reshape(-1, 3)
    directions = np.repeat(axes[:, 1] - axes[:, 0], len(shifts), axis=0)
    line_orders = np.repeat(orders, len(shifts))
    low, high = _clip_to_domain(points, directions, g.fundamental_domain)
    crossing = high - low > 1e-6
    for frac in (0.25, 0.5, 0.75):
        p = points[crossing] + (low + frac * (high - low))[crossing, None] * directions[crossing]
        if not len(p):
            continue
        assert len(segments), "an axis crosses the asymmetric unit but there is no singular edge"
        near = _distance_to_segments(p, segments) < 1e-9
        covered = np.where(near, edge_orders[None], 0).max(1)
        np.testing.assert_array_equal(covered >= line_orders[crossing], True)
    # every singular edge lies on an axis of exactly its order (the highest through the line)
    if len(segments):
        mids = segments.mean(1)
        reduced = mids - np.floor(mids + 1e-9)
        offsets = np.array(list(itertools.product((-1, 0, 1), repeat=3)), float)
        cand = (reduced[:, None] + offsets[None]).reshape(-1, 3)
        dist = _distance_to_segments(cand, axes).reshape(len(mids), len(offsets), len(axes)).min(1)
        parallel = np.linalg.norm(np.cross((segments[:, 1] - segments[:, 0])[:, None],
                                           (axes[:, 1] - axes[:, 0])[None]), axis=-1) < 1e-9
        on = (dist < 1e-9) & parallel
        assert on.any(1).all(), "a singular edge off every rotation axis"
        np.testing.assert_array_equal(np.where(on, orders[None], 0).max(1), edge_orders)


@space_groups
def test_local_groups_equal_site_symmetry(g):
    o = orbifold(g)
    for cell in o.cells:
        site = g.site_symmetry(np.array([float(c) for c in cell.point]))
        assert cell.stabiliser_order == site.order, (cell.dim, cell.point)
        assert cell.local_group.hermann_mauguin == _point_group(site.symbol), (cell.dim, cell.point)
        assert point_group_names(site.rotations)[0] == cell.local_group.hermann_mauguin


@space_groups
def test_orientation_boundary_and_trivalent_singular_graph(g):
    o = orbifold(g)
    assert o.sohncke == (g.point_group in PROPER_POINT_GROUPS)
    has_mirrors = bool(g.cell_elements.plane_mirror.any())
    assert (o.boundaries > 0) == has_mirrors == any(f.kind == "mirror" for f in o.faces)
    for edge in o.singular_edges:
        assert edge.local_group.fixed_dimension == 1 and len(edge.ends) in (0, 2)
    if o.sohncke:
        assert o.boundaries == 0
        for vertex in o.singular_vertices:
            assert vertex.degree == 3, vertex
            assert vertex.local_group.hermann_mauguin in {"222", "32", "422", "622", "23", "432"}


@pytest.mark.parametrize("symbol, counts, vertices", [
    ("P1", {}, []),
    ("P2_12_12_1", {}, []),
    ("P222", {"2": 12}, ["222"] * 8),
    ("P4_332", {"2": 2, "3": 1}, ["32", "32"]),
    ("Pmmm", {"mm2": 12}, ["mmm"] * 8),
    ("Fm-3m", {"3m": 2, "4mm": 1, "mm2": 3}, ["-43m", "m-3m", "m-3m", "mmm"]),
])
def test_known_singular_sets(symbol, counts, vertices):
    """Small cases worked by hand: P2_12_12_1 acts freely; P222's singular set is the edge
    graph of a cube of 2-fold axes; P4_332's is a theta graph; Pmmm and Fm-3m are
    kaleidoscopes (a box and a tetrahedron with mirror faces)."""
    o = orbifold(symbol)
    assert o.singular_edge_counts() == counts
    assert sorted(v.local_group.hermann_mauguin for v in o.singular_vertices) == vertices


def test_orbifold_accepts_any_setting():
    from sgexplore.groups import space_group

    g = space_group("P2_1/c", setting="c1")
    o = orbifold(g)
    assert o.group.hall_number == g.hall_number and o.euler_characteristic == 0


def test_space_group_ids_are_readable():
    assert [g.symbol for g in SPACE][:3] == ["P1", "P-1", "P2"]


@pytest.mark.parametrize("symbol, operation, letter", [
    ("P2_1/c", "x,-y+1/2,z+1/2", "c"),   # ITA No. 14: c x,1/4,z
    ("Pna2_1", "-x+1/2,y+1/2,z+1/2", "n"),  # ITA No. 33: n(0,1/2,1/2) 1/4,y,z
    ("Pna2_1", "x+1/2,-y+1/2,z", "a"),   # ITA No. 33: a x,1/4,z
    ("Fdd2", "-x+1/4,y+1/4,z+1/4", "d"),  # ITA No. 43: d(0,1/4,1/4) 1/8,y,z
])
def test_glide_gluings_are_named_by_their_ita_letter(symbol, operation, letter):
    """A face glued by a glide names it as ITA does (c, n, d, ...), not by a generic g: the
    gluing map's linear part and glide vector modulo the lattice are compared with ITA's."""
    o = orbifold(symbol)
    wanted = Operation.from_xyz(operation)
    named = {f.symbol for f in o.faces
             if Operation(f.rotation, np.array([int(24 * c) % 24 for c in f.translation])) == wanted}
    assert named == {letter}
