"""Invariant kernels for Gaussian processes, as tinygp kernels."""

from __future__ import annotations

from ._spectral import (
    SPECTRA,
    GroupAveragedKernel,
    InvariantKernel,
    SpectralForm,
    group_averaged_kernel,
    log_spectral_weights,
    spectral_form,
    spectral_kernel,
    spectral_weights,
)

__all__ = [
    "SPECTRA",
    "GroupAveragedKernel",
    "InvariantKernel",
    "SpectralForm",
    "group_averaged_kernel",
    "log_spectral_weights",
    "spectral_form",
    "spectral_kernel",
    "spectral_weights",
]
