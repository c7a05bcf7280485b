"""The invariant Fourier basis: exact orbits in NumPy, evaluation in JAX."""

from __future__ import annotations

from ._breaking import BrokenLevel, SymmetryBreaking, symmetry_breaking
from ._basis import FourierTerms, FrequencyOrbit, InvariantBasis, invariant_basis
from ._extinctions import Extinction, Extinctions
from ._orbits import BasisTooLargeError, eigenvalues_of, frequencies_within

__all__ = ["BasisTooLargeError", "BrokenLevel", "Extinction", "Extinctions", "FourierTerms",
           "FrequencyOrbit", "InvariantBasis", "SymmetryBreaking", "eigenvalues_of",
           "frequencies_within", "invariant_basis", "symmetry_breaking"]
