"""Spectral kernels k(x, y) = sum_i s(lambda_i) phi_i(x) phi_i(y) on an invariant basis.

Both kernels here are tinygp kernels, so conditioning, marginal likelihoods and sampling come
from tinygp. Points are fractional coordinates; lengthscales are in the units of the lattice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import tinygp

from ..basis import FourierTerms, InvariantBasis, eigenvalues_of, frequencies_within
from ..groups import LimitError, SgexploreError
from ..limits import MAX_KERNEL_AMPLITUDE

SPECTRA = ("heat", "rbf", "matern")


def _check(basis, spectrum: str, lengthscale: float, amplitude: float, nu: float) -> None:
    if not isinstance(basis, InvariantBasis):
        raise SgexploreError(f"a spectral kernel needs an InvariantBasis (invariant_basis(group, "
                             f"n=...)), got {type(basis).__name__}")
    if spectrum not in SPECTRA:
        raise SgexploreError(f"unknown spectrum {spectrum!r}; choose one of {', '.join(SPECTRA)}")
    for name, value in (("lengthscale", lengthscale), ("amplitude", amplitude), ("nu", nu)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise SgexploreError(f"{name} must be a number, got {value!r}") from None
        if not math.isfinite(value) or value <= 0:
            raise SgexploreError(f"{name} must be a positive finite number, got {value}")
    if float(amplitude) > MAX_KERNEL_AMPLITUDE:
        raise LimitError(
            f"amplitude {float(amplitude):g} is above sgexplore.limits.MAX_KERNEL_AMPLITUDE = "
            f"{MAX_KERNEL_AMPLITUDE:g}: amplitude^2 times the Gram matrix must stay finite in float32")


def log_spectral_weights(eigenvalues, spectrum: str, lengthscale, nu, dim: int):
    """log s(lambda) - log s(0): heat/rbf -l^2 lambda / 2; Matern
    (-nu - d/2) log(1 + l^2 lambda / (2 nu)). Finite or -inf (never NaN) for every positive
    lengthscale, even where l^2 overflows or underflows the dtype: lambda = 0 gives 0.

    Examples:
        >>> import numpy as np
        >>> [round(float(v), 6) for v in log_spectral_weights(np.array([0.0, 2.0]), "heat", 1.0, 1.5, 2)]
        [0.0, -1.0]
    """
    return _log_weights(jnp, jnp.asarray(eigenvalues), spectrum, lengthscale, nu, dim)


def _log_weights(xp, eigenvalues, spectrum: str, lengthscale, nu, dim: int):
    """``log_spectral_weights`` with the array module ``xp`` (NumPy on the host, jax.numpy
    when traced)."""
    with np.errstate(over="ignore"):
        scaled = lengthscale**2 * eigenvalues
    if spectrum in ("heat", "rbf"):
        # l^2 = inf with lambda = 0 would give inf * 0 = NaN: the constant function keeps 0.
        return xp.where(eigenvalues == 0, 0.0, -scaled / 2)
    return xp.where(eigenvalues == 0, 0.0, (-nu - dim / 2) * xp.log1p(scaled / (2 * nu)))


def spectral_weights(eigenvalues, spectrum: str, lengthscale, nu, dim: int):
    """Unnormalised spectral density s(lambda): heat/rbf exp(-l^2 lambda / 2); Matern
    (2 nu / l^2 + lambda)^(-nu - d/2), computed in log space and scaled by its value at
    lambda = 0 so that large eigenvalues never underflow the sum.

    Examples:
        >>> import numpy as np
        >>> [round(float(v), 6) for v in spectral_weights(np.array([0.0, 2.0]), "heat", 1.0, 1.5, 2)]
        [1.0, 0.367879]
    """
    return jnp.exp(log_spectral_weights(eigenvalues, spectrum, lengthscale, nu, dim))


class InvariantKernel(tinygp.kernels.Kernel):
    """k(x, y) = amplitude^2 sum_i w_i phi_i(x) phi_i(y) with w = s / sum(s).

    The mean of k(x, x) over the unit cell is amplitude^2 (the basis is orthonormal). The
    kernel is invariant in each argument and positive semi-definite: a finite sum of
    products of invariant features with non-negative weights.

    Attributes:
        basis: the invariant basis (static: host-side context that traced code never reads;
            ``None`` only in the copy that ``gp.fit`` compiles, so that every basis of one
            size shares that program).
        terms: ``basis.fourier_terms``, the device arrays the kernel evaluates (pytree
            leaves, so that jitted code takes them as arguments rather than constants).
        eigenvalues: (n,) Laplacian eigenvalues of the basis, in the basis dtype.
        lengthscale, amplitude, nu: scalar hyperparameters (JAX arrays, differentiable).
        spectrum: ``"heat"``, ``"rbf"`` or ``"matern"``.
    """

    terms: FourierTerms
    eigenvalues: jax.Array
    lengthscale: jax.Array
    amplitude: jax.Array
    nu: jax.Array
    spectrum: str = eqx.field(static=True)
    basis: InvariantBasis | None = eqx.field(static=True, default=None)

    @property
    def size(self) -> int:
        return self.terms.size

    @property
    def dim(self) -> int:
        return self.terms.dim

    def weights(self) -> jax.Array:
        """(n,) normalised spectral weights times amplitude^2 (normalised in log space: a
        softmax, finite for every positive lengthscale)."""
        leaves = (self.eigenvalues, self.lengthscale, self.amplitude, self.nu)
        if any(isinstance(v, jax.core.Tracer) for v in leaves):
            log_s = log_spectral_weights(self.eigenvalues, self.spectrum, self.lengthscale,
                                         self.nu, self.dim)
            return self.amplitude**2 * jax.nn.softmax(log_s)
        # Eagerly, on the host: an eager JAX operation compiles one program per array length
        # (1-3 MB each), and the length here is the number of functions.
        eigenvalues, lengthscale, amplitude, nu = (
            np.asarray(v, dtype=np.float64)
            for v in (self.eigenvalues, self.lengthscale, self.amplitude, self.nu))
        log_s = _log_weights(np, eigenvalues, self.spectrum, lengthscale, nu, self.dim)
        s = np.exp(log_s - log_s.max(initial=0.0))
        return jax.device_put((amplitude**2 * s / s.sum()).astype(self.eigenvalues.dtype))

    def features(self, X: jax.Array) -> jax.Array:
        """(P, n) basis functions at fractional points (P, d)."""
        return self.terms.evaluate(X)

    def evaluate(self, X1: jax.Array, X2: jax.Array) -> jax.Array:
        return jnp.sum(self.weights() * self.terms.evaluate_point(X1)
                       * self.terms.evaluate_point(X2))

    def evaluate_diag(self, X: jax.Array) -> jax.Array:
        return jnp.sum(self.weights() * self.terms.evaluate_point(X) ** 2)

    def __call__(self, X1: jax.Array, X2: jax.Array | None = None) -> jax.Array:
        f1 = self.features(X1)
        if X2 is None:
            return f1**2 @ self.weights()
        return (f1 * self.weights()) @ self.features(X2).T


def spectral_kernel(
    basis: InvariantBasis,
    spectrum: str = "heat",
    lengthscale: float = 0.2,
    amplitude: float = 1.0,
    nu: float = 1.5,
) -> InvariantKernel:
    """The invariant spectral kernel of ``basis``.

    Args:
        basis: the invariant basis (its size truncates the kernel).
        spectrum: ``"heat"`` (alias ``"rbf"``) or ``"matern"``.
        lengthscale: in the units of the lattice.
        amplitude: the kernel's mean variance over the cell is amplitude^2.
        nu: Matern smoothness (1/2, 3/2, 5/2 or any nu > 0).

    Any positive finite lengthscale gives finite weights (normalised in log space: a very
    long one keeps only the constant function, a very short one weighs all alike); the
    amplitude is at most ``sgexplore.limits.MAX_KERNEL_AMPLITUDE``. Sums and non-negative
    scalings of spectral kernels on one basis (``k1 + k2``, ``2.0 * k``, ``k + 0.5``) are
    spectral kernels too; see :func:`spectral_form`.

    Raises:
        SgexploreError: ``basis`` is not an ``InvariantBasis``, an unknown spectrum, or a
            parameter that is not a positive finite number.
        LimitError: amplitude above ``MAX_KERNEL_AMPLITUDE``.

    Examples:
        >>> from sgexplore import invariant_basis
        >>> kernel = spectral_kernel(invariant_basis("p6m", n=50), "matern", 0.3, nu=2.5)
        >>> kernel(np.array([[0.1, 0.2]]), np.array([[0.2, 0.1]])).shape
        (1, 1)
    """
    _check(basis, spectrum, lengthscale, amplitude, nu)
    dtype = basis.dtype
    return InvariantKernel(
        terms=basis.fourier_terms,
        eigenvalues=jax.device_put(np.asarray(basis.eigenvalues, dtype=np.dtype(dtype))),
        lengthscale=jnp.asarray(lengthscale, dtype=dtype),
        amplitude=jnp.asarray(amplitude, dtype=dtype),
        nu=jnp.asarray(nu, dtype=dtype),
        spectrum=spectrum, basis=basis,
    )


@dataclass(frozen=True, eq=False)
class SpectralForm:
    """A kernel written as k(x, y) = sum_i w_i phi_i(x) phi_i(y) on one invariant basis.

    Attributes:
        basis: the invariant basis.
        weights: (n,) float64 non-negative weights w_i.
    """

    basis: InvariantBasis
    weights: np.ndarray


def spectral_form(kernel: tinygp.kernels.Kernel) -> SpectralForm:
    """The basis and weights of a spectral kernel, or of tinygp's sums and scalings of them.

    ``InvariantKernel``s on bases with the same functions, joined by ``+`` and scaled by
    non-negative constants (``2.0 * k``, ``k1 + k2``, ``k + 0.5``: a constant c adds c to the
    weight of the constant function phi_0 = 1), give the combined weights exactly.

    Raises:
        SgexploreError: a kernel that is not such a combination, with the reason: a product
            of two spectral kernels (its features phi_i phi_j are outside the basis),
            kernels on bases with different functions, a negative or non-scalar constant,
            a non-spectral kernel, or constants alone (no basis).

    Examples:
        >>> from sgexplore import invariant_basis
        >>> kernel = spectral_kernel(invariant_basis("p4m", n=10), lengthscale=0.3)
        >>> form = spectral_form(2.0 * kernel + kernel)
        >>> bool(np.allclose(form.weights, 3 * np.asarray(kernel.weights())))
        True
    """
    basis, weights, constant = _form(kernel)
    if basis is None:
        raise SgexploreError(
            "this kernel holds only constants and no spectral kernel, so it has no basis to "
            "work on; build one with spectral_kernel(basis, ...)")
    weights = weights.copy()
    weights[0] += constant
    return SpectralForm(basis, weights)


def _form(kernel) -> tuple[InvariantBasis | None, np.ndarray | None, float]:
    """(basis, weights, constant) with kernel = constant + sum_i w_i phi_i phi_i."""
    if isinstance(kernel, InvariantKernel):
        if kernel.basis is None:
            raise SgexploreError("this InvariantKernel has no basis; build it with spectral_kernel")
        # The weights the kernel evaluates with (rounded to its dtype), for agreement with it.
        return kernel.basis, np.asarray(kernel.weights(), dtype=np.float64), 0.0
    if isinstance(kernel, tinygp.kernels.Constant):
        value = np.asarray(kernel.value, dtype=np.float64)
        if value.ndim != 0 or not math.isfinite(float(value)) or float(value) < 0:
            raise SgexploreError(f"a constant in a spectral kernel must be a finite number >= 0 "
                                 f"(a kernel stays positive semi-definite), got {kernel.value!r}")
        return None, None, float(value)
    if isinstance(kernel, tinygp.kernels.Sum):
        b1, w1, c1 = _form(kernel.kernel1)
        b2, w2, c2 = _form(kernel.kernel2)
        if b1 is not None and b2 is not None and not b1.same_functions(b2):
            raise SgexploreError(
                f"a sum of spectral kernels on different bases ({_describe(b1)} and "
                f"{_describe(b2)}) has no single basis; build both on one basis")
        if b1 is None:
            return b2, w2, c1 + c2
        return b1, w1 if w2 is None else w1 + w2, c1 + c2
    if isinstance(kernel, tinygp.kernels.Product):
        b1, w1, c1 = _form(kernel.kernel1)
        b2, w2, c2 = _form(kernel.kernel2)
        if b1 is not None and b2 is not None:
            raise SgexploreError(
                "a product of two spectral kernels is not a spectral kernel on their basis: "
                "its features phi_i phi_j have frequencies outside the basis; use a sum, or a "
                "spectral kernel with a different spectrum")
        if b1 is None:
            b1, w1, c1, c2 = b2, w2, c2, c1
        return b1, None if w1 is None else w1 * c2, c1 * c2
    raise SgexploreError(
        f"{type(kernel).__name__} is not a spectral kernel: this needs an InvariantKernel "
        "(spectral_kernel(basis, ...)), or sums and non-negative scalings of them on one basis")


def _describe(basis: InvariantBasis) -> str:
    return f"{basis.group.symbol}, {len(basis)} functions"


class GroupAveragedKernel(tinygp.kernels.Kernel):
    """|H|^-1 sum_g k0(x, g.y) for the periodic stationary kernel
    k0(x, y) = sum_k s(lambda_k) cos(2 pi k.(x - y)) over all plane waves up to the bound.

    Slow and exact: a reference for tests and a teaching comparison. Scaled by the same
    constant as the matching ``InvariantKernel``, to which it is equal.
    """

    frequencies: jax.Array
    weights: jax.Array
    rotations: jax.Array
    translations: jax.Array

    def evaluate(self, X1: jax.Array, X2: jax.Array) -> jax.Array:
        return self(X1[None], X2[None])[0, 0]

    def __call__(self, X1: jax.Array, X2: jax.Array | None = None) -> jax.Array:
        X1 = jnp.asarray(X1, dtype=self.weights.dtype)
        if X2 is None:
            return jax.vmap(lambda x: self(x[None], x[None])[0, 0])(X1)
        X2 = jnp.asarray(X2, dtype=self.weights.dtype)
        k = self.frequencies.astype(X1.dtype)
        e1 = jnp.exp(2j * jnp.pi * (X1 @ k.T)) * self.weights

        def one_operation(carry, operation):
            rotation, translation = operation
            images = X2 @ rotation.T.astype(X2.dtype) + translation
            e2 = jnp.exp(2j * jnp.pi * (images @ k.T))
            return carry + jnp.real(e1 @ jnp.conj(e2).T), None

        zero = jnp.zeros((X1.shape[0], X2.shape[0]), dtype=X1.dtype)
        total, _ = jax.lax.scan(one_operation, zero, (self.rotations, self.translations))
        return total / self.rotations.shape[0]


def group_averaged_kernel(
    basis: InvariantBasis,
    spectrum: str = "heat",
    lengthscale: float = 0.2,
    amplitude: float = 1.0,
    nu: float = 1.5,
) -> GroupAveragedKernel:
    """The group average of the periodic kernel with the same spectrum and bound as
    ``spectral_kernel(basis, ...)``; the basis must end at a complete eigenvalue level.

    Raises:
        SgexploreError: the checks of ``spectral_kernel``, or a basis (built with ``n=``) that
            ends inside a degenerate eigenvalue level.
    """
    _check(basis, spectrum, lengthscale, amplitude, nu)
    top = float(basis.eigenvalues[-1])
    levels = np.asarray(basis.terms.eigenvalues)
    if len(levels) > len(basis) and levels[len(basis)] == top:
        below, through = int(np.sum(levels < top)), int(np.sum(levels <= top))
        raise SgexploreError(
            f"the group-averaged kernel needs a basis that ends at a complete eigenvalue level, but "
            f"this one ({len(basis)} functions) stops inside the degenerate level {top:.6g} "
            f"(functions {below + 1} to {through}); build it with n={below} or n={through}, or with "
            "max_eigenvalue=, which always ends at a complete level"
        )
    dtype = basis.dtype
    frequencies = frequencies_within(basis.lattice.metric, top)
    lam = eigenvalues_of(frequencies, basis.lattice.metric)
    s_all = np.asarray(spectral_weights(lam, spectrum, lengthscale, nu, basis.dim), dtype=np.float64)
    s_basis = np.asarray(spectral_weights(basis.eigenvalues, spectrum, lengthscale, nu, basis.dim),
                         dtype=np.float64)
    weights = amplitude**2 * s_all / s_basis.sum()
    group = basis.group
    return GroupAveragedKernel(
        frequencies=jnp.asarray(frequencies, dtype=jnp.int32),
        weights=jnp.asarray(weights, dtype=dtype),
        rotations=jnp.asarray(group.rotations, dtype=jnp.int32),
        translations=jnp.asarray(group.translations, dtype=dtype),
    )
