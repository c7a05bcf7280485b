"""The exceptions of sgexplore: one base class, a ``ValueError``, for every refusal.

All live here, at the bottom of the layering, so that every layer raises (and every caller
catches) the same classes: ``except sgexplore.SgexploreError`` catches anything sgexplore
refuses, ``except sgexplore.LimitError`` only the documented caps of ``sgexplore.limits``.
"""

from __future__ import annotations


class SgexploreError(ValueError):
    """Input that sgexplore refuses, with a message that says what was wrong and why."""


class LimitError(SgexploreError):
    """A request beyond one of the documented caps in ``sgexplore.limits``; the message names
    the cap, its value and what it protects (memory, time)."""


class UnknownGroupError(SgexploreError):
    """A group key that names no wallpaper or space group (or setting)."""


class LatticeError(SgexploreError):
    """Lattice parameters that are impossible, out of the documented range, or break the
    group's symmetry."""


class BasisTooLargeError(LimitError):
    """A request whose frequency enumeration or output would exhaust memory."""


class StructureError(SgexploreError):
    """A structure that cannot be read, is not a crystal, or has overlapping atoms."""


class StructureTooLargeError(StructureError, LimitError):
    """A structure (or CIF) with more atoms than ``sgexplore.limits`` accepts."""


class ToleranceError(SgexploreError):
    """A point tolerance that is not a finite number in (0, 0.02] (special positions of a
    conventional setting can lie 1/24 apart)."""


class PointError(SgexploreError):
    """A point that is not d finite fractional coordinates."""
