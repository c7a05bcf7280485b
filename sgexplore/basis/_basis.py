"""InvariantBasis: the orthonormal invariant Fourier basis of a crystallographic group."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, partial

import jax
import jax.numpy as jnp
import numpy as np

from ..groups import (
    BasisTooLargeError,
    CrystallographicGroup,
    Lattice,
    PointError,
    SgexploreError,
    UnknownGroupError,
    group as lookup_group,
)
from ..limits import MAX_FREQUENCIES, MAX_GRID_BYTES
from ._construction import BasisTerms, basis_terms, bound_for_count
from ._extinctions import Extinctions, extinctions
# Point evaluation works in chunks of at most this many (point, term) pairs.
_CHUNK = 2**22


@dataclass(frozen=True)
class FrequencyOrbit:
    """The plane waves behind one real basis function: f(x) = Re sum_j c_j exp(2 pi i k_j . x).

    Attributes:
        frequencies: (m, d) int64 frequencies k_j (an orbit {R^T k}, or for a pair of
            complex-conjugate orbits the one kept).
        coefficients: (m,) complex128 coefficients c_j.
        part: ``"real"`` (the orbit contains -k), ``"cos"`` or ``"sin"`` (sqrt 2 times the
            real or imaginary part of the complex orbit function).
    """

    frequencies: np.ndarray
    coefficients: np.ndarray
    part: str


def _device_dtype(dtype) -> jnp.dtype:
    if dtype is None:
        return jnp.zeros(()).dtype
    try:
        dtype = jnp.dtype(dtype)
    except TypeError:
        raise SgexploreError(f"dtype must be float32 or float64, got {dtype!r}") from None
    if dtype not in (jnp.float32, jnp.float64):
        raise SgexploreError(f"dtype must be float32 or float64, got {dtype}")
    if dtype == jnp.float64 and not jax.config.jax_enable_x64:
        raise SgexploreError(
            "float64 needs JAX's 64-bit mode: call jax.config.update('jax_enable_x64', True) "
            "before creating arrays (sgexplore never changes this global setting itself)"
        )
    return dtype


@partial(jax.tree_util.register_dataclass, data_fields=["frequencies", "coefficients", "function"],
         meta_fields=["size"])
@dataclass(frozen=True, eq=False)
class FourierTerms:
    """An invariant basis as plane-wave terms on the device: phi_i(x) = sum over the terms t
    with function[t] = i of Re(c_t exp(2 pi i k_t . x)).

    The public interface between a basis and the JAX code built on it (the spectral kernels
    hold one; see ``InvariantBasis.fourier_terms``). A JAX pytree: the arrays are its leaves,
    so that jitted functions take them as arguments, and ``size`` is static. The term count
    is padded with zero terms to a power of two, and evaluation pads the point and function
    counts too, so that bases and batches of nearby sizes share compiled programs.

    Attributes:
        frequencies: (T, d) int32 frequencies k_t (zero on padding terms).
        coefficients: (T,) complex64 or complex128 coefficients c_t (zero on padding terms).
        function: (T,) int32 index i of the function each term belongs to, non-decreasing
            (padding terms point at the last function and add nothing to it).
        size: number of functions n.
    """

    frequencies: jax.Array
    coefficients: jax.Array
    function: jax.Array
    size: int

    @property
    def dim(self) -> int:
        return self.frequencies.shape[1]

    @property
    def dtype(self) -> jnp.dtype:
        """The real dtype of evaluations (float32 or float64)."""
        return jnp.real(jnp.zeros((), self.coefficients.dtype)).dtype

    @property
    def padded_size(self) -> int:
        """The function count compiled programs see (a power of two, at least 64)."""
        return _bucket(self.size)

    @property
    def arrays(self) -> tuple[jax.Array, jax.Array, jax.Array]:
        """(frequencies, coefficients, function)."""
        return self.frequencies, self.coefficients, self.function

    def evaluate(self, x: jax.Array) -> jax.Array:
        """(P, n) values at fractional points (P, d), reduced into the unit cell in the
        dtype of evaluations (``InvariantBasis.__call__`` reduces in float64 first). Points
        and functions are padded to buckets and the result cut on the host (unless traced),
        so that nearby counts share one compiled program."""
        x = jnp.mod(jnp.asarray(x, dtype=self.dtype), 1.0)
        return _cut([self._padded_values(x)], [x.shape[0]], self.size, self.dtype)

    def evaluate_point(self, x: jax.Array) -> jax.Array:
        """(n,) values at one fractional point (d,), unpadded: for code that vmaps over
        points (tinygp's ``Kernel.evaluate``)."""
        x = jnp.mod(jnp.asarray(x, dtype=self.dtype), 1.0)[None]
        return _evaluate(x, *self.arrays, self.size)[0]

    def _padded_values(self, x: jax.Array) -> jax.Array:
        """(bucket(P), padded_size) values at reduced points (P, d), uncut."""
        padded = jnp.zeros((_bucket(x.shape[0]), x.shape[1]), x.dtype).at[: x.shape[0]].set(x)
        return _evaluate(padded, *self.arrays, self.padded_size)


@dataclass(frozen=True, eq=False)
class InvariantBasis:
    """Real functions phi_i, orthonormal for the mean over the unit cell and invariant
    under the group, with Laplacian eigenvalues lambda_i = 4 pi^2 k^T M^-1 k.

    The first function is the constant 1. Functions are ordered by eigenvalue; within a
    level, orbits come in decreasing lexicographic order of their representative (the
    lexicographically largest frequency of the orbit); a complex orbit gives its cosine
    part before its sine part. In fractional coordinates the functions do not depend on
    the lattice; only the eigenvalues, and so the order, do.

    Attributes:
        group: the crystallographic group.
        lattice: the lattice the eigenvalues refer to.
        dtype: JAX dtype of evaluations (float32 or float64).
    """

    group: CrystallographicGroup
    lattice: Lattice
    terms: BasisTerms = field(repr=False)
    size: int
    dtype: jnp.dtype = field(repr=False)

    def __len__(self) -> int:
        return self.size

    @property
    def dim(self) -> int:
        return self.group.dim

    @cached_property
    def eigenvalues(self) -> np.ndarray:
        """(n,) float64 Laplacian eigenvalues, non-decreasing."""
        return self.terms.eigenvalues[: self.size]

    @cached_property
    def levels(self) -> np.ndarray:
        """(L,) distinct eigenvalues (levels), increasing."""
        return self.eigenvalues[np.r_[True, ~_same_level(self.eigenvalues)]]

    @cached_property
    def multiplicities(self) -> np.ndarray:
        """(L,) number of basis functions at each level of ``levels``."""
        starts = np.flatnonzero(np.r_[True, ~_same_level(self.eigenvalues)])
        return np.diff(np.r_[starts, self.size])

    @cached_property
    def frequency_orbits(self) -> tuple[FrequencyOrbit, ...]:
        """For each function, its frequencies and complex coefficients."""
        t = self.terms
        bounds = np.searchsorted(t.function, np.arange(self.size + 1))
        names = {0: "real", 1: "cos", 2: "sin"}
        return tuple(
            FrequencyOrbit(t.frequencies[a:b], t.coefficients[a:b], names[int(t.part[i])])
            for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:]))
        )

    @cached_property
    def extinctions(self) -> Extinctions:
        """Every systematically absent frequency k with eigenvalue up to the basis's
        largest: both k and -k, every member of an orbit, each with its cause
        (``"centring"``, ``"glide"`` or ``"screw"``) and an operation responsible.

        Examples:
            >>> basis = invariant_basis("pg", max_eigenvalue=(2 * np.pi) ** 2 * 9)
            >>> sorted(map(tuple, basis.extinctions.frequencies.tolist()))
            [(0, -3), (0, -1), (0, 1), (0, 3)]
            >>> basis.extinctions[0].cause, basis.extinctions[0].operation.xyz
            ('glide', '-x,y+1/2')
        """
        return extinctions(self.group, self.lattice.metric, float(self.eigenvalues[-1]))

    @property
    def extinct_frequencies(self) -> np.ndarray:
        """(E, d) every systematically absent frequency (centring, glides and screws; k and
        -k) with eigenvalue up to the basis's largest: ``extinctions.frequencies``."""
        return self.extinctions.frequencies

    def is_extinct(self, frequencies) -> np.ndarray:
        """(n,) bool for integer frequencies (n, d), at any eigenvalue: whether the group
        average of exp(2 pi i k.x) vanishes (so no invariant function contains k or -k)."""
        return self.group.systematic_absences(np.asarray(frequencies, dtype=np.int64))[0]

    @cached_property
    def support_frequencies(self) -> np.ndarray:
        """(S, d) every frequency some basis function contains, k and -k both (a real
        function Re sum c exp(2 pi i k.x) holds -k as well as k), sorted."""
        t = self.terms
        used = t.frequencies[: int(np.searchsorted(t.function, self.size))]
        return np.unique(np.concatenate([used, -used]), axis=0)

    @cached_property
    def fourier_terms(self) -> FourierTerms:
        """The basis as plane-wave terms on the device, for JAX programs built on it (the
        spectral kernels hold this); computed once per basis.

        Examples:
            >>> terms = invariant_basis("p4m", n=6).fourier_terms
            >>> terms.size, terms.frequencies.shape
            (6, (64, 2))
        """
        t = self.terms
        count = int(np.searchsorted(t.function, self.size))
        padded = _bucket(count)
        complex_dtype = jnp.complex64 if self.dtype == jnp.float32 else jnp.complex128
        k = np.zeros((padded, self.dim), dtype=np.int32)
        k[:count] = t.frequencies[:count]
        c = np.zeros(padded, dtype=np.complex128)
        c[:count] = t.coefficients[:count]
        fn = np.full(padded, self.size - 1, dtype=np.int32)
        fn[:count] = t.function[:count]
        return FourierTerms(jnp.asarray(k), jnp.asarray(c, dtype=complex_dtype), jnp.asarray(fn),
                            self.size)

    def same_functions(self, other: InvariantBasis) -> bool:
        """Whether ``other`` has the same functions phi_i in the same order (fractional
        coordinates: the lattices, and so the eigenvalues, may differ).

        Examples:
            >>> invariant_basis("p4m", n=20).same_functions(invariant_basis("p4m", n=20))
            True
            >>> invariant_basis("p4m", n=20).same_functions(invariant_basis("p4", n=20))
            False
        """
        if self is other:
            return True
        if not isinstance(other, InvariantBasis) or (self.size, self.dim) != (other.size, other.dim):
            return False
        a, b = self.terms, other.terms
        count = int(np.searchsorted(a.function, self.size))
        return (count == int(np.searchsorted(b.function, other.size))
                and np.array_equal(a.frequencies[:count], b.frequencies[:count])
                and np.array_equal(a.function[:count], b.function[:count])
                and np.array_equal(a.coefficients[:count], b.coefficients[:count]))

    def __call__(self, x) -> jax.Array:
        """Values at fractional points x of shape (P, d): a (P, n) array.

        Points are reduced into the unit cell in float64 on the host first (for NumPy
        input), so that float32 evaluation stays accurate far from the origin.
        """
        x = self._reduce(x)
        terms = self.fourier_terms
        chunk = max(64, _CHUNK // len(terms.function))
        blocks = [range(start, min(start + chunk, len(x))) for start in range(0, len(x), chunk)]
        parts = [terms._padded_values(x[rows.start:rows.stop]) for rows in blocks]
        return _cut(parts, [len(rows) for rows in blocks], self.size, self.dtype)

    def cartesian(self, r) -> jax.Array:
        """Values at Cartesian points r of shape (P, d) (units of the lattice)."""
        return self(self.lattice.to_fractional(self._points(r)))

    def _points(self, x) -> np.ndarray:
        try:
            x = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise PointError(f"points must be an array of numbers of shape (P, {self.dim})") from None
        self._check_shape(x)
        return x

    def _check_shape(self, x) -> None:
        if x.ndim != 2 or x.shape[1] != self.dim:
            raise PointError(f"points must have shape (P, {self.dim}), got {tuple(x.shape)}")

    def _reduce(self, x) -> jax.Array:
        if isinstance(x, jax.Array):
            x = jnp.mod(x.astype(self.dtype), 1.0)
        else:
            x = jnp.asarray(np.mod(self._points(x), 1.0), dtype=self.dtype)
        self._check_shape(x)
        return x

    def _check_grid(self, shape: tuple[int, ...], batch: int, copies: int = 1) -> tuple[int, ...]:
        """``shape`` as positive ints, refused when ``batch`` grids (``copies`` times over,
        for tiled cells) would pass ``MAX_GRID_BYTES``; counted in Python ints, so no shape
        can overflow the check."""
        shape = _positive_ints(shape, self.dim, "grid shape")
        nbytes = math.prod(shape) * batch * copies * jnp.dtype(self.dtype).itemsize * 2
        if nbytes > MAX_GRID_BYTES:
            tiled = f" tiled over {copies:,} cells" if copies > 1 else ""
            raise BasisTooLargeError(
                f"a {shape} grid for {batch} function(s){tiled} needs {nbytes / 2**30:.3g} GiB "
                f"(limit sgexplore.limits.MAX_GRID_BYTES = {MAX_GRID_BYTES / 2**30:.0f} GiB, to "
                "keep the kernel's memory bounded); use a coarser grid, fewer cells or fewer functions"
            )
        return shape

    def on_grid(self, shape: tuple[int, ...], cells: int | tuple[int, ...] = 1) -> jax.Array:
        """All functions on the regular fractional grid x_j = j / shape, one inverse FFT each.

        Returns an array of shape (*(shape * cells), n): values over ``cells`` unit cells
        along each axis (the grid of one cell, tiled). ``cells`` (positive integers) counts
        in the ``MAX_GRID_BYTES`` check.
        """
        reps = _positive_ints((cells,) * self.dim if _is_int(cells) else cells, self.dim, "cells")
        shape = self._check_grid(shape, self.size, math.prod(reps))
        k, c, fn = self.fourier_terms.arrays
        # The count of functions is padded to a bucket, so that nearby sizes share one program.
        values = np.asarray(_basis_on_grid(k, c, fn, _grid_bucket(self.size), shape))[..., : self.size]
        return _device(np.tile(values, (*reps, 1)) if any(r != 1 for r in reps) else values)

    def synthesize(self, coefficients, shape: tuple[int, ...]) -> jax.Array:
        """sum_i c_i phi_i on the grid x_j = j / shape with one inverse FFT.

        ``coefficients`` has shape (..., n); the result has shape (..., *shape). Values at
        grid points are exact for any grid size (frequencies fold onto the grid).
        """
        traced = isinstance(coefficients, jax.core.Tracer)
        coefficients = (jnp.asarray(coefficients, dtype=self.dtype) if traced
                        else np.asarray(coefficients, dtype=self.dtype))
        if coefficients.ndim == 0 or coefficients.shape[-1] != self.size:
            raise SgexploreError(f"expected {self.size} coefficients, got shape {coefficients.shape}")
        batch = math.prod(coefficients.shape[:-1])
        shape = self._check_grid(shape, batch)
        k, c, fn = self.fourier_terms.arrays
        flat = coefficients.reshape(batch, self.size)
        if not traced:
            # Padded on the host with zero columns (never read: every term's function index is
            # below size) and zero rows to buckets: every eager JAX operation on a new shape
            # compiles a program (1-3 MB each), so nearby sizes must share shapes.
            rows = 1 << max(batch - 1, 0).bit_length()
            padded = np.zeros((rows, _bucket(self.size)), flat.dtype)
            padded[:batch, : self.size] = flat
            out = _synthesize(_device(padded), k, c, fn, shape)
            # Rows are cut on the device: that program depends on the batch, not on n.
            out = out[:batch] if rows != batch else out
            return out.reshape(*coefficients.shape[:-1], *shape)
        out = _synthesize(flat, k, c, fn, shape)
        return out.reshape(*coefficients.shape[:-1], *shape)

    def coefficients(self, values) -> jax.Array:
        """The group's Fourier transform: c_i = mean over the grid of f phi_i.

        ``values`` has shape (..., *grid) on the grid x_j = j / grid. It inverts
        ``synthesize`` whenever the grid resolves the basis (each grid size larger than twice
        the largest |k| along that axis; see ``minimal_grid``).
        """
        values = jnp.asarray(values, dtype=self.dtype)
        shape = tuple(values.shape[-self.dim:])
        batch = math.prod(values.shape[: -self.dim])
        k, c, fn = self.fourier_terms.arrays
        flat = values.reshape(batch, *shape)
        out = np.asarray(_analyse(flat, k, c, fn, _bucket(self.size), shape))[:, : self.size]
        return _device(out.reshape(*values.shape[: -self.dim], self.size))

    def minimal_grid(self, multiple: int = 1) -> tuple[int, ...]:
        """Smallest grid, with sizes divisible by ``multiple``, on which the basis is
        discretely orthonormal: 2 max|k_a| + 1 points along axis a, rounded up."""
        count = int(np.searchsorted(self.terms.function, self.size))
        kmax = np.abs(self.terms.frequencies[:count]).max(axis=0, initial=0)
        return tuple(int(-(-(2 * m + 1) // multiple) * multiple) for m in kmax)


def _resolve_group(group, caller: str) -> CrystallographicGroup:
    """A group object from a group or any key ``sgexplore.group`` accepts, or a clear error."""
    if isinstance(group, CrystallographicGroup):
        return group
    if isinstance(group, str | int | np.integer) and not isinstance(group, bool):
        return lookup_group(group)
    raise UnknownGroupError(f"{caller} needs a group: a symbol such as 'p4m' or 'Fm-3m', or a "
                            f"group object, got {group!r}")


def _bucket(count: int) -> int:
    """Next power of two (at least 64): array lengths that recur, so kernels are reused."""
    return max(64, 1 << max(count - 1, 0).bit_length())


def _grid_bucket(count: int) -> int:
    """A count rounded up to one of four sizes per octave (at least 16): grids computed for
    the padding cost at most a quarter more, and few programs cover every count."""
    if count <= 16:
        return 16
    step = 1 << ((count - 1).bit_length() - 3)
    return -(-count // step) * step


def _cut(parts: list[jax.Array], lengths: list[int], size: int, dtype) -> jax.Array:
    """Blocks of bucketed (rows, columns) results cut to (lengths, size) and joined, on the
    host unless traced: an eager JAX slice would compile one program per size."""
    if not parts:
        return jnp.zeros((0, size), dtype)
    if any(isinstance(p, jax.core.Tracer) for p in parts):
        return jnp.concatenate([p[:n, :size] for p, n in zip(parts, lengths)], axis=0)
    return _device(np.concatenate([np.asarray(p)[:n, :size] for p, n in zip(parts, lengths)]))


def _device(values: np.ndarray) -> jax.Array:
    """A host array on the device. ``jax.device_put``, not ``jnp.asarray``: the latter
    compiles a copy program for every new shape, and shapes here follow the function count."""
    return jax.device_put(np.ascontiguousarray(values))


def _is_int(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _positive_ints(values, dim: int, name: str) -> tuple[int, ...]:
    """``values`` as ``dim`` positive Python ints, or a clear error."""
    try:
        items = tuple(values)
    except TypeError:
        items = None
    if items is None or len(items) != dim or not all(_is_int(v) and v >= 1 for v in items):
        raise SgexploreError(f"{name} must be {dim} positive integers, got {values!r}")
    return tuple(int(v) for v in items)


def _same_level(eigenvalues: np.ndarray) -> np.ndarray:
    scale = max(float(eigenvalues[-1]), 1.0) if len(eigenvalues) else 1.0
    return np.abs(np.diff(eigenvalues)) <= 1e-9 * scale


@partial(jax.jit, static_argnames=("n",))
def _evaluate(x, k, c, fn, n):
    phase = 2 * jnp.pi * (x @ k.T.astype(x.dtype))
    values = jnp.real(c) * jnp.cos(phase) - jnp.imag(c) * jnp.sin(phase)
    return jax.ops.segment_sum(values.T, fn, num_segments=n, indices_are_sorted=True).T


def _folded(k, shape):
    return tuple(jnp.mod(k[:, a], shape[a]) for a in range(len(shape)))


def _half_spectrum_terms(k, c, shape):
    """Terms of Re sum c e_k as a Hermitian spectrum, keeping the half that ``irfftn``
    reads (last-axis index <= N/2): (index tuple, weight mask, conjugation flag)."""
    both = jnp.concatenate([k, -k], axis=0)
    index = _folded(both, shape)
    keep = index[-1] <= shape[-1] // 2
    conjugate = jnp.arange(both.shape[0]) >= k.shape[0]
    return index, keep, conjugate


def _half_weights(c, keep, conjugate):
    doubled = jnp.concatenate([c, c], axis=-1)
    return jnp.where(keep, jnp.where(conjugate, jnp.conj(doubled), doubled) / 2, 0)


@partial(jax.jit, static_argnames=("n", "shape"))
def _basis_on_grid(k, c, fn, n, shape):
    index, keep, conjugate = _half_spectrum_terms(k, c, shape)
    half = (*shape[:-1], shape[-1] // 2 + 1)
    weights = _half_weights(c, keep, conjugate)
    functions = jnp.concatenate([fn, fn])
    spectrum = jnp.zeros((n, *half), dtype=c.dtype).at[(functions, *index)].add(weights)
    axes = tuple(range(1, len(shape) + 1))
    values = jnp.fft.irfftn(spectrum, s=shape, axes=axes) * math.prod(shape)
    return jnp.moveaxis(values, 0, -1)


@partial(jax.jit, static_argnames=("shape",))
def _synthesize(coefficients, k, c, fn, shape):
    batch = coefficients.shape[0]
    index, keep, conjugate = _half_spectrum_terms(k, c, shape)
    half = (*shape[:-1], shape[-1] // 2 + 1)
    weights = _half_weights(coefficients[:, fn] * c[None, :], keep, conjugate)
    position = (jnp.arange(batch)[:, None], *(i[None, :] for i in index))
    spectrum = jnp.zeros((batch, *half), dtype=c.dtype).at[position].add(weights)
    axes = tuple(range(1, len(shape) + 1))
    return jnp.fft.irfftn(spectrum, s=shape, axes=axes) * math.prod(shape)


@partial(jax.jit, static_argnames=("n", "shape"))
def _analyse(values, k, c, fn, n, shape):
    axes = tuple(range(1, len(shape) + 1))
    spectrum = jnp.fft.fftn(values, axes=axes) / math.prod(shape)
    picked = spectrum[(slice(None), *_folded(k, shape))]
    terms = jnp.real(jnp.conj(c)[None, :] * picked)
    return jax.ops.segment_sum(terms.T, fn, num_segments=n, indices_are_sorted=True).T


def invariant_basis(
    group: CrystallographicGroup | str,
    max_eigenvalue: float | None = None,
    n: int | None = None,
    lattice: Lattice | np.ndarray | None = None,
    dtype=None,
) -> InvariantBasis:
    """The invariant Fourier basis of ``group`` (Adams & Orbanz, arXiv 2306.05261).

    Args:
        group: a group object or any symbol ``sgexplore.group`` accepts.
        max_eigenvalue: inclusive bound on the Laplacian eigenvalue.
        n: number of functions, lowest eigenvalues first (give this or ``max_eigenvalue``).
        lattice: ``Lattice`` or (d, d) array with the lattice vectors as columns; default
            the group's default lattice.
        dtype: ``jnp.float32`` or ``jnp.float64`` (needs JAX's x64 mode); default JAX's
            default float type.

    Raises:
        UnknownGroupError: ``group`` names no group (or is not a group at all).
        LatticeError: a lattice that breaks the group's symmetry or the caps of
            ``sgexplore.limits`` (lengths, elongation).
        BasisTooLargeError: more than ``sgexplore.limits.MAX_FREQUENCIES`` frequencies to
            enumerate, estimated before any allocation (so n is at most MAX_FREQUENCIES // |G|).
        SgexploreError: n not a positive integer, max_eigenvalue not finite and >= 0.

    Function counts are padded to shared sizes on the device (evaluation, grids, synthesis),
    so bases of nearby sizes reuse the same compiled programs.

    Examples:
        >>> basis = invariant_basis("p4m", n=6)
        >>> (basis.eigenvalues / (4 * np.pi**2)).round(6).tolist()
        [0.0, 1.0, 2.0, 4.0, 5.0, 8.0]
        >>> basis(np.array([[0.1, 0.3]])).shape
        (1, 6)
    """
    g = _resolve_group(group, "invariant_basis")
    lat = g.default_lattice if lattice is None else g.check_lattice(lattice)
    device_dtype = _device_dtype(dtype)
    if (max_eigenvalue is None) == (n is None):
        raise SgexploreError("give exactly one of max_eigenvalue and n")
    metric = np.ascontiguousarray(lat.metric, dtype=np.float64)
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise SgexploreError(f"n must be a positive integer, got {n!r}")
        # n functions need about n |G| frequencies (orbits of |G| members): refuse before
        # any enumeration, in Python ints, so that no n can overflow the check.
        if int(n) * g.order > MAX_FREQUENCIES:
            raise BasisTooLargeError(
                f"n={int(n):,} functions of {g.symbol} need about {int(n) * g.order:,} frequencies "
                f"(limit sgexplore.limits.MAX_FREQUENCIES = {MAX_FREQUENCIES:,}, about 1 GB of "
                f"work): at most {MAX_FREQUENCIES // g.order:,} functions for this group")
        bound = bound_for_count(g, metric, int(n))
    else:
        if isinstance(max_eigenvalue, bool) or not isinstance(max_eigenvalue, (int, float, np.number)):
            raise SgexploreError(f"max_eigenvalue must be a number, got {max_eigenvalue!r}")
        bound = float(max_eigenvalue)
        if not math.isfinite(bound) or bound < 0:
            raise SgexploreError(f"max_eigenvalue must be a finite number >= 0, got {max_eigenvalue!r}")
    terms = basis_terms(g, metric.tobytes(), g.dim, bound)
    size = len(terms.eigenvalues) if n is None else int(n)
    return InvariantBasis(g, lat, terms, size, device_dtype)
