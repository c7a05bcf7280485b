"""Invariant maps of the plane whose image is a picture of the orbifold R^2 / G.

Every map here is a trigonometric polynomial in fractional coordinates,
``F_i(x) = Re sum_t c_t exp(2 pi i k_t . x)``, so it can be evaluated, differentiated and
checked for invariance exactly the same way whether it was written by hand (the small
examples of Adams & Orbanz: torus, pillowcase, annulus, square, curved triangle, plus a
Moebius band and a Klein bottle) or assembled from invariant basis functions (the paper's
generic map). Injectivity on the orbit space is checked numerically by
:func:`injectivity_report`, which compares embedding distances with orbit distances and
refines every near-collision with a local minimisation.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.optimize import minimize
from scipy.spatial import cKDTree

from ..groups import (CrystallographicGroup, SgexploreError, SpaceGroup, UnknownGroupError, WallpaperGroup,
                      space_group, wallpaper_group)
from ..groups import group as lookup_group


def _resolve(group: CrystallographicGroup | str) -> CrystallographicGroup:
    """A group object from a group or any symbol (wallpaper spellings first, as before)."""
    if not isinstance(group, str):
        return group
    try:
        return lookup_group(group)
    except UnknownGroupError:
        return wallpaper_group(group)


class _Trig:
    """A real trigonometric polynomial Re sum c_k exp(2 pi i k.x) in 2D (for hand-built maps)."""

    def __init__(self, terms: dict[tuple[int, int], complex]):
        self.terms = {k: c for k, c in terms.items() if abs(c) > 1e-15}

    @classmethod
    def wave(cls, k: tuple[int, int], kind: str) -> _Trig:
        """cos or sin of 2 pi k.x, written with both +k and -k so that products stay real."""
        neg = (-k[0], -k[1])
        if kind == "cos":
            return cls({k: 0.5, neg: 0.5})
        return cls({k: -0.5j, neg: 0.5j})

    def __add__(self, other: _Trig | float) -> _Trig:
        other = other if isinstance(other, _Trig) else _Trig({(0, 0): other})
        out = dict(self.terms)
        for k, c in other.terms.items():
            out[k] = out.get(k, 0) + c
        return _Trig(out)

    __radd__ = __add__

    def __sub__(self, other: _Trig | float) -> _Trig:
        return self + (-1.0) * other

    def __mul__(self, other: _Trig | float) -> _Trig:
        if not isinstance(other, _Trig):
            return _Trig({k: c * other for k, c in self.terms.items()})
        out: dict[tuple[int, int], complex] = {}
        for (k1, c1), (k2, c2) in itertools.product(self.terms.items(), other.terms.items()):
            k = (k1[0] + k2[0], k1[1] + k2[1])
            out[k] = out.get(k, 0) + c1 * c2
        return _Trig(out)

    __rmul__ = __mul__


def _cos(h: int, k: int) -> _Trig:
    return _Trig.wave((h, k), "cos")


def _sin(h: int, k: int) -> _Trig:
    return _Trig.wave((h, k), "sin")


@dataclass(frozen=True)
class Embedding:
    """An invariant map x -> F(x) in R^m of fractional points, a picture of the orbifold.

    Attributes:
        group: the wallpaper or space group the map is invariant under.
        frequencies: (T, d) int64 plane-wave frequencies of all terms.
        coefficients: (T,) complex128 coefficients, component i being
            Re sum over its terms of c_t exp(2 pi i k_t . x).
        component: (T,) int64 output component of each term.
        labels: formula of each component, for legends.
        method: ``"formula"`` (hand-built) or ``"basis"`` (invariant basis functions).
        injective: whether the map is claimed injective on the orbit space (checked in the
            tests by :func:`injectivity_report`); False for 3D projections of maps into R^4.
        note: one line saying what the picture is, for figure titles.
    """

    group: CrystallographicGroup
    frequencies: np.ndarray
    coefficients: np.ndarray
    component: np.ndarray
    labels: tuple[str, ...]
    method: str
    injective: bool
    note: str

    @property
    def dim(self) -> int:
        """Dimension m of the target space."""
        return len(self.labels)

    def __call__(self, x) -> np.ndarray:
        """Images of fractional points x of shape (..., d): an array (..., m)."""
        x = np.asarray(x, dtype=np.float64)
        waves = np.exp(2j * np.pi * (x @ self.frequencies.T)) * self.coefficients
        return (waves.real @ self._selector).reshape(x.shape[:-1] + (self.dim,))

    def jacobian(self, x) -> np.ndarray:
        """Derivatives dF_i / dx_j at fractional points (..., d): an array (..., m, d)."""
        x = np.asarray(x, dtype=np.float64)
        waves = np.exp(2j * np.pi * (x @ self.frequencies.T)) * self.coefficients
        slopes = (-2 * np.pi * waves.imag)[..., None] * self.frequencies
        return np.einsum("...tj,tm->...mj", slopes, self._selector)

    @property
    def _selector(self) -> np.ndarray:
        return np.eye(self.dim)[self.component]

    def project(self, matrix: np.ndarray, labels: tuple[str, ...], note: str,
                injective: bool = False) -> Embedding:
        """The linear image ``matrix @ F`` (``injective`` says whether it still is)."""
        matrix = np.asarray(matrix, dtype=np.float64)
        rows, comps = np.nonzero(matrix[:, self.component])
        return Embedding(self.group, self.frequencies[comps], self.coefficients[comps]
                         * matrix[rows, self.component[comps]], rows, labels, self.method,
                         injective, note)


def _from_trig(group: WallpaperGroup, parts: list[_Trig], labels: tuple[str, ...], note: str,
               injective: bool = True) -> Embedding:
    freqs, coefs, comp = [], [], []
    for i, p in enumerate(parts):
        for k, c in p.terms.items():
            freqs.append(k)
            coefs.append(c)
            comp.append(i)
    return Embedding(group, np.array(freqs, dtype=np.int64).reshape(-1, 2),
                     np.array(coefs, dtype=np.complex128), np.array(comp, dtype=np.int64),
                     labels, "formula", injective, note)


def _function_indices(functions) -> tuple[int, ...]:
    """``functions`` (a count n or indices) as indices >= 1, or a clear error."""
    refusal = SgexploreError("an embedding needs at least one non-constant basis function: give a "
                             f"count n >= 1 or a tuple of indices >= 1, got {functions!r}")
    if isinstance(functions, (int, np.integer)) and not isinstance(functions, bool):
        indices = tuple(range(1, int(functions) + 1))
    else:
        try:
            indices = tuple(functions)
        except TypeError:
            raise refusal from None
    if not indices or not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) and i >= 1
                              for i in indices):
        raise refusal
    return tuple(int(i) for i in indices)


def basis_embedding(group: CrystallographicGroup | str, functions: int | tuple[int, ...]) -> Embedding:
    """The paper's generic map: invariant basis functions as coordinates.

    Args:
        group: a wallpaper or space group, or its symbol.
        functions: either a count n (the first n non-constant functions phi_1 .. phi_n) or
            a tuple of indices into ``invariant_basis(group, ...)`` on the group's default
            lattice (index 0 is the constant).

    Examples:
        >>> F = basis_embedding("p2", 4)
        >>> F.dim, F.method
        (4, 'basis')
        >>> bool(np.allclose(F([[0.1, 0.3]]), F([[-0.1, -0.3]])))
        True
        >>> basis_embedding("Fm-3m", 5).dim
        5
    """
    from ..basis import invariant_basis

    g = _resolve(group)
    indices = _function_indices(functions)
    orbits = invariant_basis(g, n=max(indices) + 1).frequency_orbits
    freqs = np.concatenate([orbits[i].frequencies for i in indices])
    coefs = np.concatenate([orbits[i].coefficients for i in indices])
    comp = np.concatenate([np.full(len(orbits[i].coefficients), j) for j, i in enumerate(indices)])
    labels = tuple(f"phi_{i}" for i in indices)
    return Embedding(g, freqs.astype(np.int64), coefs.astype(np.complex128), comp.astype(np.int64),
                     labels, "basis", True,
                     f"invariant basis functions ({', '.join(labels)})")


# Maps written by hand (a = 2 pi x, b = 2 pi y in the group's ITA setting).
def _hand_built(symbol: str) -> tuple[list[_Trig], tuple[str, ...], str] | None:
    ca, cb, sa, sb = _cos(1, 0), _cos(0, 1), _sin(1, 0), _sin(0, 1)
    if symbol == "p1":
        return ([(2 + cb) * ca, (2 + cb) * sa, sb],
                ("(2+cos b)cos a", "(2+cos b)sin a", "sin b"), "torus")
    if symbol == "p2":
        return [ca, cb, sa * sb], ("cos a", "cos b", "sin a sin b"), "pillowcase (sphere with four cone points)"
    if symbol == "pm":
        return [ca, cb, sb], ("cos a", "cos b", "sin b"), "annulus"
    if symbol == "pmm":
        return [ca, cb, 0 * ca], ("cos a", "cos b", "0"), "square (flat disk with mirror edges)"
    if symbol == "p4m":
        return ([ca + cb, ca * cb, 0 * ca], ("cos a + cos b", "cos a cos b", "0"),
                "curved triangle (flat disk with mirror edges)")
    if symbol == "cm":
        # Moebius band: y runs once around the core (period 1/2), cos a is the signed width.
        radius = 2 + ca * cb
        return ([radius * _cos(0, 2), radius * _sin(0, 2), ca * sb],
                ("(2+cos a cos b)cos 2b", "(2+cos a cos b)sin 2b", "cos a sin b"), "Moebius band")
    # The two closed non-orientable orbifolds embed in R^4; their first coordinate is the
    # one dropped for a 3D picture.
    if symbol == "pg":
        return ([sa * sb, (2 + ca) * _cos(0, 2), (2 + ca) * _sin(0, 2), sa * cb],
                ("sin a sin b", "(2+cos a)cos 2b", "(2+cos a)sin 2b", "sin a cos b"),
                "Klein bottle (embedded in R^4)")
    if symbol == "pgg":
        # p2's pillowcase P = (u, v, w) is mapped to -P by the glides of pgg, so a
        # Veronese-type map of P (even in P) embeds the projective plane P / (+-1).
        u, v, w = ca, cb, sa * sb
        return ([u * u - v * v, u * v, u * w, v * w],
                ("cos^2 a - cos^2 b", "cos a cos b", "cos a sin a sin b", "cos b sin a sin b"),
                "projective plane with two cone points (embedded in R^4)")
    return None


# Triples of invariant basis functions on the default
# lattice found by scripts/find_embeddings.py and verified injective by the test suite.
_BASIS_FUNCTIONS: dict[str, tuple[int, ...]] = {
    "pmg": (1, 2, 5),
    "cmm": (1, 2, 3),
    "p4": (1, 2, 4),
    "p4g": (1, 2, 3),
    "p3": (1, 2, 4),
    "p3m1": (1, 2, 3),
    "p31m": (1, 2, 3),
    "p6": (1, 2, 4),
    "p6m": (1, 2, 3),
}

# Orbifolds that do not embed in R^3 (closed non-orientable surfaces).
_NOT_IN_R3 = {"pg", "pgg"}


@lru_cache(maxsize=None)
def orbifold_embedding(group: WallpaperGroup | str, dim: int = 3) -> Embedding:
    """A picture of the orbifold of ``group``: an invariant map into R^dim.

    For ``dim=3`` the map is injective on the orbit space for the 15 groups whose orbifold
    embeds in R^3 (spheres with cone points, the torus, disks, the annulus and the Moebius
    band). The Klein bottle (pg) and the projective plane with two cone points (pgg) do not
    embed in R^3: for those ``dim=3`` gives a linear projection of an embedding in R^4, which
    self-intersects (``injective`` is False and ``note`` says so); ``dim=4`` gives the
    embedding itself.

    Examples:
        >>> F = orbifold_embedding("p2")
        >>> F.note, F.injective
        ('pillowcase (sphere with four cone points)', True)
        >>> orbifold_embedding("pg").injective
        False
    """
    # Every key orbifold() accepts (symbol, Conway symbol, number 1-17), or a clear error.
    g = group if isinstance(group, WallpaperGroup) else wallpaper_group(group)
    symbol = g.common_symbol
    if dim not in (3, 4):
        raise SgexploreError(f"orbifold pictures are in 3 or 4 dimensions, got dim={dim!r}")
    built = _hand_built(symbol)
    if built is not None:
        parts, labels, note = built
        full = _from_trig(g, parts, labels, note)
    else:
        full = basis_embedding(g, _BASIS_FUNCTIONS[symbol])
        full = Embedding(g, full.frequencies, full.coefficients, full.component, full.labels,
                         full.method, True, f"{full.note}, {_TOPOLOGY[symbol]}")
    if full.dim == dim:
        return full
    if full.dim < dim:
        return full.project(np.eye(dim, full.dim), full.labels + ("0",) * (dim - full.dim), full.note,
                            full.injective)
    shape = "Steiner's Roman surface" if symbol == "pgg" else "3D projection"
    return full.project(np.eye(4)[1:], full.labels[1:], f"{full.note}; shown as its {shape}, "
                        "which self-intersects (it cannot embed in R^3)")


_TOPOLOGY = {
    "pmg": "disk with two cone points",
    "cmm": "disk with a cone point",
    "p4": "sphere with cone points 4, 4, 2",
    "p4g": "disk with a cone point",
    "p3": "sphere with three cone points of order 3",
    "p3m1": "triangle with mirror edges",
    "p31m": "disk with a cone point",
    "p6": "sphere with cone points 6, 3, 2",
    "p6m": "triangle with mirror edges",
}


@dataclass(frozen=True)
class InjectivityReport:
    """Numerical check that an embedding separates orbits.

    Attributes:
        orbit_distances: (P,) float64 orbit distance min_{g, l} |B(g.x + l - y)| of random
            point pairs of the fundamental domain (default lattice).
        embedding_distances: (P,) float64 |F(x) - F(y)| of the same pairs.
        separation: smallest embedding distance, relative to the image's diameter, over the
            sampled pairs whose orbit distance is at least ``delta``.
        delta: orbit-distance threshold (0.1 times the cell's area^(1/2) or volume^(1/3)).
        collisions: (C, 2, d) float64 pairs of points at orbit distance >= delta / 2 that a
            local minimisation of |F(x) - F(y)| brought to the same image (relative
            distance < 1e-6): evidence of non-injectivity.
        refined: how many near pairs were refined by minimisation.
    """

    orbit_distances: np.ndarray
    embedding_distances: np.ndarray
    separation: float
    delta: float
    collisions: np.ndarray
    refined: int = field(default=0)

    @property
    def injective(self) -> bool:
        """True when no collision was found."""
        return len(self.collisions) == 0


def orbit_distance(group: CrystallographicGroup, x, y) -> np.ndarray:
    """Cartesian distance between the orbits of fractional points x and y, (P, d) each,
    on the default lattice: min over operations and lattice vectors of |B(g.x + l - y)|."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    basis = group.default_lattice.matrix
    rotations = group.rotations.astype(np.float64)
    translations = group.translations.astype(np.float64)
    shifts = np.array(list(itertools.product((-1, 0, 1), repeat=group.dim)), dtype=np.float64)
    out = np.empty(len(x))
    # chunks keep the (operations, points, shifts, d) array small for the 192 operations of Fm-3m
    step = max(1, 2 ** 20 // (len(rotations) * len(shifts)))
    for a in range(0, len(x), step):
        images = np.einsum("gij,pj->gpi", rotations, x[a:a + step])
        diff = images + translations[:, None] - y[None, a:a + step]
        diff -= np.round(diff)
        cart = (diff[:, :, None, :] + shifts[None, None]) @ basis.T
        out[a:a + step] = np.sqrt((cart ** 2).sum(-1)).min(axis=(0, 2))
    return out


def domain_samples(group: CrystallographicGroup, resolution: int | None = None) -> np.ndarray:
    """Grid points (P, d) of the closed fundamental domain, ``resolution`` per bounding-box
    side (default 80 in 2D, 24 in 3D)."""
    resolution = resolution or (80 if group.dim == 2 else 24)
    domain = group.fundamental_domain
    lo, hi = domain.vertices.min(0), domain.vertices.max(0)
    axes = [np.linspace(a, b, resolution) for a, b in zip(lo, hi)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, group.dim)
    return grid[domain.contains(grid, tolerance=1e-12)]


def injectivity_report(embedding: Embedding, resolution: int | None = None, pairs: int = 4000,
                       refine: int = 256, seed: int = 0,
                       candidates: int | None = None) -> InjectivityReport:
    """Compare embedding distance with orbit distance on sampled pairs of points.

    Random pairs give the scatter (``orbit_distances``, ``embedding_distances``). Then every
    pair of grid points whose images lie within 5 % of the image diameter but whose orbits
    are at least ``delta`` apart is refined by minimising the sum of |F(x) - F(y)|^2
    (L-BFGS with the exact Jacobian); a pair that reaches the same image while its orbits
    stay apart is a collision. ``candidates`` caps how many of the nearest image pairs have
    their orbit distance computed (None: all; space groups have many close pairs).

    Examples:
        >>> report = injectivity_report(orbifold_embedding("p2"), resolution=40)
        >>> report.injective, report.separation > 0
        (True, True)
    """
    g = embedding.group
    points = domain_samples(g, resolution)
    images = embedding(points)
    diameter = float(np.ptp(images, axis=0).max())
    delta = 0.1 * float(abs(np.linalg.det(g.default_lattice.matrix)) ** (1 / g.dim))
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(points), size=(2, pairs))
    orbit_d = orbit_distance(g, points[i], points[j])
    emb_d = np.linalg.norm(images[i] - images[j], axis=-1)
    far = orbit_d >= delta
    separation = float(emb_d[far].min() / diameter) if far.any() else float("inf")

    close = cKDTree(images).query_pairs(0.05 * diameter, output_type="ndarray")
    if candidates is not None and len(close) > candidates:
        # pairs of nearby points are never apart (the identity already brings them close)
        basis = g.default_lattice.matrix
        plain = np.linalg.norm((points[close[:, 0]] - points[close[:, 1]]) @ basis.T, axis=-1)
        close = close[plain >= delta]
    if candidates is not None and len(close) > candidates:
        gaps = np.linalg.norm(images[close[:, 0]] - images[close[:, 1]], axis=-1)
        close = close[np.argpartition(gaps, candidates)[:candidates]]
    if len(close):
        apart = orbit_distance(g, points[close[:, 0]], points[close[:, 1]]) >= delta
        close = close[apart]
    close = close[np.argsort(np.linalg.norm(images[close[:, 0]] - images[close[:, 1]], axis=-1))][:refine]
    collisions = np.zeros((0, 2, g.dim))
    if len(close):
        start = np.stack([points[close[:, 0]], points[close[:, 1]]], axis=1)
        end = _minimise_gaps(embedding, start)
        gap = np.linalg.norm(embedding(end[:, 0]) - embedding(end[:, 1]), axis=-1) / diameter
        still_apart = orbit_distance(g, end[:, 0], end[:, 1]) >= delta / 2
        collisions = end[(gap < 1e-6) & still_apart]
    return InjectivityReport(orbit_d, emb_d, separation, delta, collisions, len(close))


def _minimise_gaps(embedding: Embedding, start: np.ndarray) -> np.ndarray:
    """Minimise sum_p |F(x_p) - F(y_p)|^2 over all pairs at once (the pairs are independent)."""
    shape = start.shape

    def objective(flat):
        xy = flat.reshape(shape)
        gap = embedding(xy[:, 0]) - embedding(xy[:, 1])
        jx, jy = embedding.jacobian(xy[:, 0]), embedding.jacobian(xy[:, 1])
        grad = np.stack([np.einsum("pm,pmj->pj", 2 * gap, jx),
                         np.einsum("pm,pmj->pj", -2 * gap, jy)], axis=1)
        return float((gap ** 2).sum()), grad.ravel()

    result = minimize(objective, start.ravel(), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500, "ftol": 1e-30, "gtol": 1e-14})
    return result.x.reshape(shape)


@lru_cache(maxsize=1)
def _dimension_table() -> dict:
    from importlib import resources

    text = resources.files("sgexplore.orbifolds").joinpath("data/embedding_dimensions.json").read_text()
    return json.loads(text)["groups"]


def embedding_dimension(group: CrystallographicGroup | str | int) -> int:
    """The smallest n for which the first n non-constant invariant basis functions separate
    the orbits of a space group (measured by ``scripts/embedding_dimensions.py`` with
    :func:`injectivity_report`, in the group's default setting and default lattice).

    Examples:
        >>> embedding_dimension("P1")  # the 3-torus, by cos and sin of 2 pi x, y, z
        6
    """
    g = group if isinstance(group, SpaceGroup) else (
        space_group(group) if isinstance(group, int) else _resolve(group))
    if not isinstance(g, SpaceGroup):
        raise SgexploreError(f"embedding_dimension covers the 230 space groups; {g.symbol} is a "
                         "plane group (use injectivity_report(basis_embedding(g, n)))")
    entry = _dimension_table().get(str(g.number))
    if entry is None:
        raise SgexploreError(f"the embedding dimension of {g.symbol} is not measured yet "
                         "(scripts/embedding_dimensions.py measures it)")
    if entry["hall_number"] != g.hall_number:
        raise SgexploreError(f"the embedding dimension of {g.symbol} was measured only in the default "
                         f"setting (Hall number {entry['hall_number']}), "
                         f"not in Hall setting {g.hall_number}")
    if entry["n"] is None:
        raise SgexploreError(f"no injective embedding of {g.symbol} was found up to the measured limit")
    return int(entry["n"])
