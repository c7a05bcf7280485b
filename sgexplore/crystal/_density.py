"""The group's Fourier transform of a crystal: a smooth atomic density projected onto the
invariant basis of its space group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..basis import InvariantBasis, invariant_basis
from ..groups import LimitError
from ..limits import MAX_DENSITY_POINTS
from ._structure import Crystal


def structure_factors(crystal: Crystal, frequencies: np.ndarray, width: float = 0.5) -> np.ndarray:
    """Fourier coefficients rho_k of the density rho(x) = sum_atoms Z exp(-|r - r_atom|^2 /
    (2 width^2)) summed over the lattice, so that rho(x) = sum_k rho_k exp(2 pi i k.x):

        rho_k = (2 pi width^2)^(3/2) / V exp(-2 pi^2 width^2 |G_k|^2) sum_atoms Z exp(-2 pi i k.x_atom)

    with G_k = k expressed in the reciprocal basis (angstrom^-1, no 2 pi)."""
    frequencies = np.atleast_2d(np.asarray(frequencies, dtype=float))
    reciprocal = np.linalg.inv(crystal.lattice)  # rows: reciprocal vectors (no 2 pi)
    g2 = np.sum((frequencies @ reciprocal) ** 2, axis=1)
    volume = abs(np.linalg.det(crystal.lattice))
    phases = np.exp(-2j * np.pi * frequencies @ crystal.positions.T) @ crystal.numbers.astype(float)
    return (2 * np.pi * width**2) ** 1.5 / volume * np.exp(-2 * np.pi**2 * width**2 * g2) * phases


def density_grid(crystal: Crystal, width: float = 0.5) -> tuple[int, int, int]:
    """A grid fine enough that the density's Fourier coefficients beyond its Nyquist
    frequency are below 1e-12 of the largest: along each axis 2 k_max + 2 points, even."""
    lengths = np.linalg.norm(crystal.lattice, axis=0)
    # exp(-2 pi^2 w^2 |G|^2) < 1e-12 for |G| > sqrt(27.6 / (2 pi^2)) / w; k_a ~ |G| a.
    k_max = np.ceil(np.sqrt(np.log(1e12) / (2 * np.pi**2)) / width * lengths).astype(int)
    return tuple(int(2 * k + 2 + (2 * k + 2) % 2) for k in k_max)


def density_on_grid(crystal: Crystal, shape: tuple[int, int, int] | None = None,
                    width: float = 0.5) -> np.ndarray:
    """The density on the grid x_j = j / shape by one inverse FFT of its Fourier
    coefficients (exact to 1e-12 relative on ``density_grid``'s grid)."""
    shape = tuple(shape or density_grid(crystal, width))
    if np.prod(shape) > MAX_DENSITY_POINTS:
        raise LimitError(f"grid {shape} has more than MAX_DENSITY_POINTS = {MAX_DENSITY_POINTS} "
                         "points (a 128^3 FFT and its structure-factor sum); use a wider "
                         "Gaussian or a coarser grid")
    axes = [np.fft.fftfreq(n, 1.0 / n) for n in shape]
    k = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, 3)
    coefficients = structure_factors(crystal, k, width).reshape(shape)
    return np.real(np.fft.ifftn(coefficients) * np.prod(shape))


@dataclass(frozen=True, eq=False)
class DensityProjection:
    """A crystal's density in its group's invariant basis.

    Attributes:
        basis: the invariant basis on the crystal's lattice.
        coefficients: (n,) c_i = mean over the cell of rho phi_i, from structure factors.
        density: rho on ``grid`` (the grid the errors are measured on).
        sizes, errors: relative L2 error |rho - sum_{i<N} c_i phi_i| / |rho| for each N.
        extinct_frequencies: (E, 3) every systematically absent frequency in the basis's
            range (``InvariantBasis.extinct_frequencies``: centring, glides, screws).
        extinct_factors: rho_k at those frequencies (zero: the group forbids them).
    """

    basis: InvariantBasis
    coefficients: np.ndarray
    density: np.ndarray
    sizes: np.ndarray
    errors: np.ndarray
    extinct_frequencies: np.ndarray
    extinct_factors: np.ndarray

    def reconstruction(self, n: int) -> np.ndarray:
        """sum_{i<n} c_i phi_i on the density's grid."""
        c = np.zeros_like(self.coefficients)
        c[:n] = self.coefficients[:n]
        return np.asarray(self.basis.synthesize(c, self.density.shape))


def project_density(crystal: Crystal, n: int = 200, width: float = 0.5,
                    sizes=None) -> DensityProjection:
    """Project the crystal's smooth density onto the first ``n`` invariant functions of its
    space group: coefficients from the structure factors (c_i = Re sum_t a_t rho_{-k_t} for
    phi_i = Re sum_t a_t exp(2 pi i k_t.x)), reconstruction errors for growing N on a grid
    fine enough for the density, and the structure factors on extinct orbits.

    Examples:
        >>> from sgexplore.crystal import example
        >>> projection = project_density(example("NaCl"), n=40)
        >>> bool(projection.errors[-1] < projection.errors[0])
        True
    """
    basis = invariant_basis(crystal.group, n=n, lattice=crystal.sg_lattice)
    terms = basis.terms
    used = terms.function < basis.size
    rho = structure_factors(crystal, -terms.frequencies[used], width)
    coefficients = np.zeros(basis.size)
    np.add.at(coefficients, terms.function[used], np.real(terms.coefficients[used] * rho))
    shape = tuple(max(a, b) for a, b in zip(density_grid(crystal, width), basis.minimal_grid(2)))
    density = density_on_grid(crystal, shape, width=width)
    total = np.mean(density**2)
    sizes = np.unique(np.clip(np.asarray(sizes if sizes is not None else
                                         np.unique(np.geomspace(1, basis.size, 12).astype(int))),
                              1, basis.size))
    errors = np.sqrt(np.maximum(total - np.cumsum(coefficients**2)[sizes - 1], 0.0) / total)
    # Every systematically absent k (centring, glides, screws; k and -k) in the basis's
    # range: rock salt's mixed-parity hkl included.
    extinct = np.asarray(basis.extinct_frequencies).reshape(-1, 3)
    return DensityProjection(basis=basis, coefficients=coefficients, density=density,
                             sizes=sizes, errors=errors, extinct_frequencies=extinct,
                             extinct_factors=structure_factors(crystal, extinct, width))
