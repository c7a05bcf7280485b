"""The tiling made visible: the images of the asymmetric unit under the operations of a space
group, reduced into the unit cell, filling it one operation at a time (pure plotly)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from scipy.spatial import ConvexHull, QhullError

from ..groups import SgexploreError, SpaceGroup, space_group
from ._orbifold3d import fitted_scene
from ._space import CELL_EDGES, segments_trace
from ._template import new_figure

# Pieces thinner than this (a fraction of the cell's volume) are where an image only touches
# a cell face; they carry no volume and would only be degenerate hulls.
_MIN_VOLUME = 1e-12
# Colours cycle through a qualitative palette, so neighbouring copies differ; the first copy
# (the asymmetric unit itself) keeps the asymmetric unit's orange of plot_asymmetric_unit.
TILE_COLOURS = ("#ffb74d", "#4e79a7", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
                "#bab0ac", "#ff9da7", "#86bcb6", "#8cd17d", "#d4a6c8", "#a0cbe8", "#f1ce63")


@dataclass(frozen=True)
class TilePiece:
    """The image of the asymmetric unit under one operation, reduced into the unit cell.

    Attributes:
        operation: coordinate triplet of the operation (e.g. ``'-x,y+1/2,-z+1/2'``).
        pieces: convex pieces of the image inside [0, 1]^3, each a (v, 3) float64 array of
            fractional vertices (an image crossing a cell face is cut there and its parts
            moved back by lattice translations).
        volume: total volume of the pieces, as a fraction of the cell.
    """

    operation: str
    pieces: tuple[np.ndarray, ...]
    volume: float


def tiling_operations(group: SpaceGroup) -> list:
    """The operations of ``group`` modulo the lattice, in the order the tiling shows them:
    the coset representatives (ITA's (0,0,0)+ set, identity first), then the same again
    shifted by each centring translation."""
    reps = list(group.coset_representatives)
    ops = {op.xyz: op for op in group.operations}
    ordered = list(reps)
    by_key = {tuple(np.round(op.translation * 24).astype(int) % 24) + tuple(op.rotation.ravel()): op
              for op in group.operations}
    for shift in group.centring_translations[1:]:
        for rep in reps:
            t = tuple(np.round((rep.translation + shift) * 24).astype(int) % 24)
            ordered.append(by_key[t + tuple(rep.rotation.ravel())])
    if len(ordered) != len(ops):
        raise AssertionError(f"{group.symbol}: {len(ordered)} ordered operations, {len(ops)} in the group")
    return ordered


def _clip(points: np.ndarray, axis: int, bound: float, keep_below: bool) -> np.ndarray:
    """A convex polytope (its vertices) cut by the plane x_axis = bound.

    Points on segments between two vertices lie in the polytope, and every new vertex lies
    on such a segment (an edge), so the inside vertices and all crossings span the piece."""
    side = points[:, axis] - bound
    if not keep_below:
        side = -side
    inside = points[side <= 1e-12]
    a, b = np.triu_indices(len(points), 1)
    crossing = (side[a] < -1e-12) & (side[b] > 1e-12) | (side[a] > 1e-12) & (side[b] < -1e-12)
    a, b = a[crossing], b[crossing]
    s = side[a] / (side[a] - side[b])
    cuts = points[a] + s[:, None] * (points[b] - points[a])
    return np.concatenate([inside, cuts])


def _pieces_in_cell(vertices: np.ndarray) -> list[np.ndarray]:
    """The parts of a convex polytope in the translates of [0, 1]^3 it meets, each moved
    into [0, 1]^3."""
    low = np.floor(vertices.min(axis=0) + 1e-9).astype(int)
    high = np.ceil(vertices.max(axis=0) - 1e-9).astype(int)
    pieces = []
    for shift in itertools.product(*[range(lo, hi) for lo, hi in zip(low, high)]):
        piece = vertices - np.array(shift, dtype=float)
        for axis in range(3):
            piece = _clip(piece, axis, 0.0, keep_below=False)
            piece = _clip(piece, axis, 1.0, keep_below=True) if len(piece) else piece
            if len(piece) < 4:
                break
        if len(piece) < 4:
            continue
        try:
            hull = ConvexHull(piece)
        except QhullError:  # flat: the image only touches this translate of the cell
            continue
        if hull.volume > _MIN_VOLUME:
            pieces.append(piece[hull.vertices])
    return pieces


@lru_cache(maxsize=64)
def _tiles(hall_number: int) -> tuple[TilePiece, ...]:
    from ..groups._catalogue import _space_group_by_hall

    group = _space_group_by_hall(hall_number)
    asu = np.asarray(group.fundamental_domain.vertices, dtype=float)
    tiles = []
    for op in tiling_operations(group):
        image = asu @ op.rotation.T.astype(float) + op.translation
        pieces = tuple(_pieces_in_cell(image))
        volume = float(sum(ConvexHull(p).volume for p in pieces))
        tiles.append(TilePiece(op.xyz, pieces, volume))
    return tuple(tiles)


def asu_tiling(group: SpaceGroup | str | int) -> tuple[TilePiece, ...]:
    """The images of the asymmetric unit under every operation modulo the lattice (|G/T|
    of them, centring included), each cut into the unit cell: together they fill it.

    Examples:
        >>> tiles = asu_tiling("P2_1/c")
        >>> len(tiles), [t.operation for t in tiles][:2], round(sum(t.volume for t in tiles), 12)
        (4, ['x,y,z', '-x,y+1/2,-z+1/2'], 1.0)
    """
    g = group if isinstance(group, SpaceGroup) else space_group(group)
    return _tiles(g.hall_number)


def _mesh(pieces: tuple[np.ndarray, ...], matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    vertices, triangles, start = [], [], 0
    for piece in pieces:
        hull = ConvexHull(piece)
        vertices.append(piece @ matrix.T)
        triangles.append(hull.simplices + start)
        start += len(piece)
    return np.concatenate(vertices), np.concatenate(triangles)


def plot_asu_tiling(group: SpaceGroup | str | int, steps: int | None = None,
                    lattice=None, template=None) -> go.Figure:
    """The first ``steps`` images of the asymmetric unit filling the unit cell (all of them
    by default): one mesh per operation, named by its coordinate triplet, the newest image
    opaque and the earlier ones translucent, inside the cell's edges (Cartesian, default
    lattice).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.

    Raises:
        SgexploreError: unless 1 <= steps <= |G/T| (the number of operations modulo the lattice).

    Examples:
        >>> figure = plot_asu_tiling("P2_1/c", steps=2)
        >>> [t.name for t in figure.data]
        ['unit cell', '1: x,y,z', '2: -x,y+1/2,-z+1/2']
    """
    g = group if isinstance(group, SpaceGroup) else space_group(group)
    tiles = asu_tiling(g)
    steps = len(tiles) if steps is None else steps
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= len(tiles):
        raise SgexploreError(f"steps must be an integer from 1 to {len(tiles)} (the operations of "
                         f"{g.symbol} modulo the lattice), got {steps!r}")
    matrix = np.asarray(getattr(lattice, "matrix", lattice) if lattice is not None
                        else g.default_lattice.matrix, dtype=float)
    traces: list = [segments_trace(CELL_EDGES @ matrix.T, "unit cell", "black", 2)]
    for number, tile in enumerate(tiles[:steps], start=1):
        v, t = _mesh(tile.pieces, matrix)
        newest = number == steps
        traces.append(go.Mesh3d(
            x=v[:, 0], y=v[:, 1], z=v[:, 2], i=t[:, 0], j=t[:, 1], k=t[:, 2],
            color=TILE_COLOURS[(number - 1) % len(TILE_COLOURS)], opacity=0.9 if newest else 0.35,
            flatshading=True, name=f"{number}: {tile.operation}", showlegend=steps <= 24 or newest,
            hoverinfo="text", hovertext=f"copy {number} of {len(tiles)}: the asymmetric unit "
                                        f"moved by {tile.operation}"))
    filled = sum(tile.volume for tile in tiles[:steps])
    figure = new_figure(traces, template)
    figure.update_layout(
        # Short lines: one would be cut on a phone.
        title=f"{g.symbol}: {steps} of {len(tiles)} copies<br>of the asymmetric unit<br>"
              f"({filled:.3g} of the cell)",
        height=650, scene=fitted_scene(CELL_EDGES.reshape(-1, 3) @ matrix.T),
        margin={"l": 0, "r": 0, "t": 90, "b": 0}, legend={"itemsizing": "constant"},
        uirevision="tiling",
    )
    return figure
