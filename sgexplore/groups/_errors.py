"""Exceptions raised by the group catalogue."""

from __future__ import annotations


class UnknownGroupError(ValueError):
    """A group key that names no wallpaper or space group (or setting)."""


class LatticeError(ValueError):
    """Lattice parameters that are impossible or break the group's symmetry."""
