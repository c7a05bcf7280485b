"""Exact affine operations x -> R x + t with integer R and t in (1/24) Z^d.

Translations are stored as integer numerators over the common denominator
``DENOMINATOR`` (gemmi's convention): every translation part of a crystallographic
group in a conventional setting is a multiple of 1/24.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ._errors import SgexploreError

DENOMINATOR = 24
_AXES = "xyz"


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation ``x -> R x + t`` modulo lattice translations.

    Attributes:
        rotation: (d, d) int64 array, the linear part R acting on fractional columns.
        translation_numerator: (d,) int64 array in [0, DENOMINATOR), t = numerator / 24.

    Examples:
        >>> op = Operation.from_xyz("-y,x-y,z+1/3")
        >>> op.xyz
        '-y,x-y,z+1/3'
        >>> (op @ op @ op).xyz
        'x,y,z'
    """

    rotation: np.ndarray
    translation_numerator: np.ndarray

    def __post_init__(self) -> None:
        rotation = np.array(self.rotation, dtype=np.int64)
        numerator = np.mod(np.array(self.translation_numerator, dtype=np.int64), DENOMINATOR)
        rotation.setflags(write=False)
        numerator.setflags(write=False)
        object.__setattr__(self, "rotation", rotation)
        object.__setattr__(self, "translation_numerator", numerator)

    @property
    def dim(self) -> int:
        return self.rotation.shape[0]

    @property
    def translation(self) -> np.ndarray:
        """(d,) float64 translation in [0, 1)."""
        return self.translation_numerator / DENOMINATOR

    @property
    def key(self) -> bytes:
        """Hashable exact identity of the operation modulo lattice translations."""
        return self.rotation.tobytes() + self.translation_numerator.tobytes()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Operation) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __matmul__(self, other: Operation) -> Operation:
        """Composition ``self(other(x))`` modulo lattice translations."""
        return Operation(
            self.rotation @ other.rotation,
            self.rotation @ other.translation_numerator + self.translation_numerator,
        )

    def inverse(self) -> Operation:
        inv = np.rint(np.linalg.inv(self.rotation)).astype(np.int64)
        return Operation(inv, -inv @ self.translation_numerator)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply to fractional points of shape (..., d); no reduction into the cell."""
        x = np.asarray(x, dtype=float)
        return x @ self.rotation.T + self.translation

    @property
    def xyz(self) -> str:
        """The operation as a coordinate triplet in ITA style, e.g. ``'-x+1/2,y,z'``."""
        rows = []
        for row, num in zip(self.rotation, self.translation_numerator):
            term = ""
            for coefficient, axis in zip(row, _AXES):
                if coefficient:
                    sign = "-" if coefficient < 0 else ("+" if term else "")
                    size = "" if abs(coefficient) == 1 else str(abs(coefficient))
                    term += f"{sign}{size}{axis}"
            if num:
                term += f"+{Fraction(int(num), DENOMINATOR)}" if term else f"{Fraction(int(num), DENOMINATOR)}"
            rows.append(term or "0")
        return ",".join(rows)

    @classmethod
    def from_xyz(cls, text: str) -> Operation:
        """Parse a coordinate triplet such as ``'-y,x-y,z+1/3'`` (2 or 3 components).

        Raises:
            SgexploreError: text that is not such a triplet, or a translation that is not a
                multiple of 1/24.
        """
        if not isinstance(text, str):
            raise SgexploreError(f"an operation is a coordinate triplet such as '-y,x,z+1/2', got {text!r}")
        parts = [p.strip().replace(" ", "") for p in text.split(",")]
        dim = len(parts)
        if dim not in (2, 3):
            raise SgexploreError(f"an operation has 2 or 3 comma-separated components "
                                 f"(such as '-y,x,z+1/2'), got {text!r}")
        rotation = np.zeros((dim, dim), dtype=np.int64)
        numerator = np.zeros(dim, dtype=np.int64)
        for i, part in enumerate(parts):
            tokens = re.findall(r"[+-]?[^+-]+", part)
            if not tokens or "".join(tokens) != part:
                raise SgexploreError(f"cannot parse component {part!r} of {text!r}: write each "
                                     f"component as signed terms such as '-x+y+1/2'")
            for token in tokens:
                if token[-1] in _AXES[:dim]:
                    rotation[i, _AXES.index(token[-1])] += _coefficient(token, text, dim)
                else:
                    numerator[i] += _translation_numerator(token, text, dim)
        return cls(rotation, numerator)


def _term_error(token: str, text: str, dim: int) -> SgexploreError:
    return SgexploreError(f"cannot parse term {token!r} of {text!r}: a term is an integer times one of "
                          f"{', '.join(_AXES[:dim])} (such as '-2x') or a fraction (such as '1/3')")


def _coefficient(token: str, text: str, dim: int) -> int:
    size = token[:-1].lstrip("+")
    if size == "-":
        return -1
    try:
        return int(size or 1)
    except ValueError:
        raise _term_error(token, text, dim) from None


def _translation_numerator(token: str, text: str, dim: int) -> int:
    try:
        value = Fraction(token) * DENOMINATOR
    except (ValueError, ZeroDivisionError):
        raise _term_error(token, text, dim) from None
    if value.denominator != 1:
        raise SgexploreError(f"translation {token!r} of {text!r} is not a multiple of 1/{DENOMINATOR} "
                             "(write halves, thirds, quarters, sixths, ...)")
    return int(value)


def translations_to_numerators(translations: np.ndarray) -> np.ndarray:
    """Convert float translations to exact numerators over 24, refusing inexact ones."""
    scaled = np.asarray(translations, dtype=float) * DENOMINATOR
    numerators = np.rint(scaled).astype(np.int64)
    if np.max(np.abs(scaled - numerators), initial=0.0) > 1e-6:
        # Only spglib's database of the 530 settings comes through here, never user input.
        raise RuntimeError("spglib translations are not multiples of 1/24")
    return np.mod(numerators, DENOMINATOR)


def closure(generators: list[Operation], dim: int, limit: int = 192 * 8) -> list[Operation]:
    """All products of ``generators`` (operations of dimension ``dim``) modulo lattice
    translations, identity first."""
    identity = Operation(np.eye(dim, dtype=np.int64), np.zeros(dim, dtype=np.int64))
    elements = {identity.key: identity}
    frontier = [identity]
    while frontier:
        new = []
        for element in frontier:
            for generator in generators:
                product = generator @ element
                if product.key not in elements:
                    elements[product.key] = product
                    new.append(product)
        if len(elements) > limit:
            # Generators come from the bundled tables or from a group's own operations.
            raise RuntimeError("generators do not close into a finite crystallographic group")
        frontier = new
    return sort_operations(list(elements.values()))


def sort_operations(operations: list[Operation]) -> list[Operation]:
    """Deterministic order: identity first, then by rotation order, rotation, translation."""
    def order_key(op: Operation) -> tuple:
        return (
            rotation_order(op.rotation),
            int(round(np.linalg.det(op.rotation))) < 0,
            tuple(-op.rotation.ravel()),
            tuple(op.translation_numerator),
        )

    return sorted(operations, key=order_key)


def rotation_order(rotation: np.ndarray) -> int:
    """Order n of an integer matrix with R^n = I (1, 2, 3, 4 or 6)."""
    rotation = np.asarray(rotation, dtype=np.int64)
    identity = np.eye(rotation.shape[0], dtype=np.int64)
    power = identity
    for n in range(1, 7):
        power = power @ rotation
        if np.array_equal(power, identity):
            return n
    # Called on the operations of catalogue groups only.
    raise RuntimeError("rotation is not of crystallographic order")
