"""The invariant Fourier basis: exact orbits in NumPy, evaluation in JAX."""

from __future__ import annotations

from ._basis import FrequencyOrbit, InvariantBasis, invariant_basis
from ._extinctions import Extinction, Extinctions
from ._orbits import BasisTooLargeError

__all__ = ["BasisTooLargeError", "Extinction", "Extinctions", "FrequencyOrbit", "InvariantBasis",
           "invariant_basis"]
