"""Lattices and the parameter constraints each group imposes on them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..limits import MAX_LATTICE_LENGTH, MAX_LATTICE_RATIO, MIN_LATTICE_LENGTH
from ._errors import LatticeError

_NAMES = {2: ("a", "b", "gamma"), 3: ("a", "b", "c", "alpha", "beta", "gamma")}
_ANGLES = frozenset({"alpha", "beta", "gamma"})


@dataclass(frozen=True, eq=False)
class Lattice:
    """A lattice given by its basis vectors.

    Lengths lie between ``sgexplore.limits.MIN_LATTICE_LENGTH`` and ``MAX_LATTICE_LENGTH``
    (1e-6 and 1e6) and the longest vector is at most ``MAX_LATTICE_RATIO`` (100) times the
    shortest; anything else raises ``LatticeError`` saying which bound and why.

    Attributes:
        matrix: (d, d) float64 array whose columns are the lattice vectors in Cartesian
            coordinates, so that r = matrix @ x for fractional x.

    Examples:
        >>> lattice = Lattice.from_parameters(a=2.0, b=2.0, gamma=120.0)
        >>> round(lattice.volume, 6)
        3.464102
        >>> round(lattice.parameters["gamma"], 9)
        120.0
    """

    matrix: np.ndarray

    def __post_init__(self) -> None:
        matrix = np.array(self.matrix, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] not in (2, 3):
            raise LatticeError(f"a lattice matrix must be 2x2 or 3x3, got shape {matrix.shape}")
        if not np.all(np.isfinite(matrix)):
            raise LatticeError("lattice matrix has non-finite entries")
        _check_lengths(dict(zip("abc", np.linalg.norm(matrix, axis=0).tolist())))
        if np.linalg.det(matrix) <= 1e-12 * np.prod(np.linalg.norm(matrix, axis=0)):
            raise LatticeError("lattice vectors must be linearly independent and right-handed")
        matrix.setflags(write=False)
        object.__setattr__(self, "matrix", matrix)

    @classmethod
    def from_parameters(cls, **parameters: float) -> Lattice:
        """Build from lengths and angles (degrees): a, b, gamma in 2D; a..gamma in 3D.

        The first vector lies along x and the second in the xy-plane (the usual
        crystallographic orientation).
        """
        dim = 3 if {"c", "alpha", "beta"} & parameters.keys() else 2
        missing = [n for n in _NAMES[dim] if n not in parameters]
        if missing:
            raise LatticeError(f"missing lattice parameters: {', '.join(missing)}")
        p = {n: float(parameters[n]) for n in _NAMES[dim]}
        _check_ranges(p)
        ca, cb, cg = (math.cos(math.radians(p.get(n, 90.0))) for n in ("alpha", "beta", "gamma"))
        sg = math.sin(math.radians(p["gamma"]))
        if dim == 2:
            return cls(np.array([[p["a"], p["b"] * cg], [0.0, p["b"] * sg]]))
        volume_factor = 1 - ca**2 - cb**2 - cg**2 + 2 * ca * cb * cg
        if volume_factor <= 1e-12:
            raise LatticeError(
                f"angles alpha={p['alpha']}, beta={p['beta']}, gamma={p['gamma']} do not form a "
                "lattice (each angle must be smaller than the sum of the other two, and their "
                "sum below 360)"
            )
        cy = (ca - cb * cg) / sg
        cz = math.sqrt(1 - cb**2 - cy**2)
        return cls(np.array([
            [p["a"], p["b"] * cg, p["c"] * cb],
            [0.0, p["b"] * sg, p["c"] * cy],
            [0.0, 0.0, p["c"] * cz],
        ]))

    @property
    def dim(self) -> int:
        return self.matrix.shape[0]

    @property
    def metric(self) -> np.ndarray:
        """(d, d) metric tensor M = B^T B."""
        return self.matrix.T @ self.matrix

    @property
    def volume(self) -> float:
        """Cell area (2D) or volume (3D)."""
        return float(np.linalg.det(self.matrix))

    @property
    def parameters(self) -> dict[str, float]:
        """Lengths and angles (degrees) of the basis vectors."""
        g = self.metric
        lengths = np.sqrt(np.diag(g))

        def angle(i: int, j: int) -> float:
            return float(np.degrees(np.arccos(np.clip(g[i, j] / (lengths[i] * lengths[j]), -1, 1))))

        if self.dim == 2:
            return {"a": float(lengths[0]), "b": float(lengths[1]), "gamma": angle(0, 1)}
        return {
            "a": float(lengths[0]), "b": float(lengths[1]), "c": float(lengths[2]),
            "alpha": angle(1, 2), "beta": angle(0, 2), "gamma": angle(0, 1),
        }

    def to_cartesian(self, x: np.ndarray) -> np.ndarray:
        """Fractional points (..., d) to Cartesian points (..., d)."""
        return np.asarray(x, dtype=float) @ self.matrix.T

    def to_fractional(self, r: np.ndarray) -> np.ndarray:
        """Cartesian points (..., d) to fractional points (..., d)."""
        return np.linalg.solve(self.matrix, np.asarray(r, dtype=float).T).T

    def __repr__(self) -> str:
        text = ", ".join(f"{k}={v:.6g}" for k, v in self.parameters.items())
        return f"Lattice({text})"


def _check_ranges(p: dict[str, float]) -> None:
    for name, value in p.items():
        if not math.isfinite(value):
            raise LatticeError(f"lattice parameter {name} must be finite, got {value}")
        if name in _ANGLES and not 0 < value < 180:
            raise LatticeError(f"angle {name} must lie strictly between 0 and 180 degrees, got {value}")
        if name not in _ANGLES and value <= 0:
            raise LatticeError(f"length {name} must be positive, got {value}")
    _check_lengths({n: v for n, v in p.items() if n not in _ANGLES})


def _check_lengths(lengths: dict[str, float]) -> None:
    """Lengths within the documented range, and the cell not too thin (``sgexplore.limits``)."""
    for name, value in lengths.items():
        if not MIN_LATTICE_LENGTH <= value <= MAX_LATTICE_LENGTH:
            raise LatticeError(
                f"length {name} = {value:g} is out of range: lattice lengths must lie between "
                f"{MIN_LATTICE_LENGTH:g} and {MAX_LATTICE_LENGTH:g} (sgexplore.limits), so that "
                "metric tensors and eigenvalues stay far from floating-point overflow")
    longest = max(lengths, key=lengths.get)
    shortest = min(lengths, key=lengths.get)
    ratio = lengths[longest] / lengths[shortest]
    if ratio > MAX_LATTICE_RATIO:
        raise LatticeError(
            f"{longest} / {shortest} = {ratio:.4g} is too elongated: the longest lattice vector may "
            f"be at most {MAX_LATTICE_RATIO:g} times the shortest (sgexplore.limits."
            "MAX_LATTICE_RATIO), so that the first N basis functions stay about N frequencies of work")


@dataclass(frozen=True)
class LatticeRule:
    """Which lattice parameters a group leaves free, and how the others follow.

    Attributes:
        name: lattice family in words, e.g. ``"square"`` or ``"monoclinic (unique axis b)"``.
        defaults: default value of every free parameter (lengths, angles in degrees).
        tied: parameters that equal another parameter, e.g. ``{"b": "a"}``.
        fixed: parameters with a fixed value in degrees, e.g. ``{"gamma": 90.0}``.
    """

    name: str
    defaults: dict[str, float]
    tied: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, float] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return 3 if len(self.defaults) + len(self.tied) + len(self.fixed) == 6 else 2

    @property
    def free(self) -> tuple[str, ...]:
        return tuple(self.defaults)

    def resolve(self, given: dict[str, float], group_name: str) -> dict[str, float]:
        """Complete ``given`` parameters with defaults and constraints, or explain the conflict."""
        dim = self.dim
        unknown = set(given) - set(_NAMES[dim])
        if unknown:
            raise LatticeError(
                f"unknown lattice parameter(s) {', '.join(sorted(unknown))}; "
                f"a {dim}D lattice has {', '.join(_NAMES[dim])}"
            )
        values = {n: float(given.get(n, d)) for n, d in self.defaults.items()}
        _check_ranges({n: values[n] for n in values})
        values.update({n: values[src] for n, src in self.tied.items()})
        values.update(self.fixed)
        conflicts = [
            n for n, v in given.items()
            if n not in self.defaults and not math.isclose(float(v), values[n], rel_tol=1e-9)
        ]
        if conflicts:
            raise LatticeError(
                f"{group_name} has a {self.name} lattice: {self.constraint_text()}; got "
                + ", ".join(f"{n}={given[n]}" for n in conflicts)
                + f". Free parameters: {', '.join(self.free)}."
            )
        return {n: values[n] for n in _NAMES[dim]}

    def constraint_text(self) -> str:
        parts = [f"{n} = {src}" for n, src in self.tied.items()]
        parts += [f"{n} = {v:g}" for n, v in self.fixed.items()]
        return "needs " + " and ".join(parts) if parts else "has no constraints"


_RIGHT = 90.0


def lattice_rule(dim: int, family: str, unique_axis: str | None = None) -> LatticeRule:
    """The rule for a lattice family: 2D oblique/rectangular/square/hexagonal; 3D
    triclinic/monoclinic/orthorhombic/tetragonal/hexagonal/rhombohedral/cubic."""
    if dim == 2:
        rules = {
            "oblique": LatticeRule("oblique", {"a": 1.0, "b": 1.2, "gamma": 105.0}),
            "rectangular": LatticeRule("rectangular", {"a": 1.0, "b": 1.4}, fixed={"gamma": _RIGHT}),
            "square": LatticeRule("square", {"a": 1.0}, {"b": "a"}, {"gamma": _RIGHT}),
            "hexagonal": LatticeRule("hexagonal", {"a": 1.0}, {"b": "a"}, {"gamma": 120.0}),
        }
        return rules[family]
    if family == "monoclinic":
        angle = {"a": "alpha", "b": "beta", "c": "gamma"}[unique_axis or "b"]
        others = {n: _RIGHT for n in ("alpha", "beta", "gamma") if n != angle}
        return LatticeRule(
            f"monoclinic (unique axis {unique_axis})",
            {"a": 1.0, "b": 1.2, "c": 1.4, angle: 105.0}, fixed=others,
        )
    rules = {
        "triclinic": LatticeRule(
            "triclinic", {"a": 1.0, "b": 1.2, "c": 1.4, "alpha": 80.0, "beta": 95.0, "gamma": 105.0}
        ),
        "orthorhombic": LatticeRule(
            "orthorhombic", {"a": 1.0, "b": 1.2, "c": 1.4},
            fixed={"alpha": _RIGHT, "beta": _RIGHT, "gamma": _RIGHT},
        ),
        "tetragonal": LatticeRule(
            "tetragonal", {"a": 1.0, "c": 1.4}, {"b": "a"},
            {"alpha": _RIGHT, "beta": _RIGHT, "gamma": _RIGHT},
        ),
        "hexagonal": LatticeRule(
            "hexagonal", {"a": 1.0, "c": 1.4}, {"b": "a"},
            {"alpha": _RIGHT, "beta": _RIGHT, "gamma": 120.0},
        ),
        "rhombohedral": LatticeRule(
            "rhombohedral", {"a": 1.0, "alpha": 75.0},
            {"b": "a", "c": "a", "beta": "alpha", "gamma": "alpha"},
        ),
        "cubic": LatticeRule(
            "cubic", {"a": 1.0}, {"b": "a", "c": "a"},
            {"alpha": _RIGHT, "beta": _RIGHT, "gamma": _RIGHT},
        ),
    }
    return rules[family]
