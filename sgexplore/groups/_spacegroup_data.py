"""spglib's table of the 530 Hall settings, and the packaged asymmetric units."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from functools import lru_cache
from importlib import resources

import numpy as np
import spglib

from ._domain import FundamentalDomain

N_HALL = 530


@contextmanager
def quiet_spglib() -> Iterator[None]:
    """Silence spglib's per-call deprecation warning without changing its global state."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*OLD_ERROR_HANDLING.*", category=DeprecationWarning)
        yield


@lru_cache(maxsize=None)
def spacegroup_types() -> tuple:
    """spglib ``SpaceGroupType`` records for Hall numbers 1..530 (index = hall - 1)."""
    with quiet_spglib():
        return tuple(spglib.get_spacegroup_type(h) for h in range(1, N_HALL + 1))


def database_operations(hall_number: int) -> tuple[np.ndarray, np.ndarray]:
    """spglib's (rotations (n, 3, 3) int, translations (n, 3) float) for one setting."""
    with quiet_spglib():
        symmetry = spglib.get_symmetry_from_database(hall_number)
    return np.asarray(symmetry["rotations"]), np.asarray(symmetry["translations"])


@lru_cache(maxsize=1)
def _asu_table() -> dict:
    text = resources.files("sgexplore.groups").joinpath("data/asu.json").read_text()
    return json.loads(text)


@lru_cache(maxsize=None)
def asymmetric_unit(hall_number: int) -> FundamentalDomain:
    """The packaged ITA asymmetric unit of one Hall setting."""
    entry = _asu_table()[str(hall_number)]
    normals = np.array([cut[:3] for cut in entry["cuts"]], dtype=np.int64)
    offsets = tuple(Fraction(cut[3]) for cut in entry["cuts"])
    vertices = np.array([[float(Fraction(v)) for v in vertex] for vertex in entry["vertices"]])
    return FundamentalDomain(normals, offsets, vertices)
