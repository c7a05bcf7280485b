"""The invariant Fourier basis: exact orbits in NumPy, evaluation in JAX."""

from __future__ import annotations

from ._basis import FourierTerms, FrequencyOrbit, InvariantBasis, invariant_basis
from ._extinctions import Extinction, Extinctions
from ._orbits import BasisTooLargeError, eigenvalues_of, frequencies_within

__all__ = ["BasisTooLargeError", "Extinction", "Extinctions", "FourierTerms", "FrequencyOrbit",
           "InvariantBasis", "eigenvalues_of", "frequencies_within", "invariant_basis"]
