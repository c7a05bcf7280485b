"""Systematic absences of a basis's frequency range, each with its cause."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..groups import CrystallographicGroup, Operation
from ._orbits import eigenvalues_of, frequencies_within

CAUSES = ("centring", "glide", "screw")


@dataclass(frozen=True)
class Extinction:
    """One systematically absent frequency.

    Attributes:
        frequency: (d,) int64 the frequency k (Miller indices).
        eigenvalue: Laplacian eigenvalue 4 pi^2 k^T M^-1 k.
        cause: ``"centring"``, ``"glide"`` or ``"screw"``.
        operation: an operation (R, t) with R^T k = k and k.t not an integer; a centring
            translation whenever one is responsible.
    """

    frequency: np.ndarray
    eigenvalue: float
    cause: str
    operation: Operation


@dataclass(frozen=True, eq=False)
class Extinctions:
    """Every frequency the group average kills up to an eigenvalue bound, both k and -k and
    every member of an orbit, ordered by eigenvalue (then decreasing lexicographically).

    Attributes:
        frequencies: (E, d) int64 the absent frequencies.
        eigenvalues: (E,) float64 their Laplacian eigenvalues.
        causes: (E,) str ``"centring"``, ``"glide"`` or ``"screw"``.
        operation_indices: (E,) int64 index into ``group.operations`` of the operation
            responsible.
        group: the group.

    Iterating gives ``Extinction`` records.
    """

    frequencies: np.ndarray
    eigenvalues: np.ndarray
    causes: np.ndarray
    operation_indices: np.ndarray
    group: CrystallographicGroup

    def __len__(self) -> int:
        return len(self.frequencies)

    def __getitem__(self, index: int) -> Extinction:
        return Extinction(self.frequencies[index], float(self.eigenvalues[index]),
                          str(self.causes[index]), self.group.operations[int(self.operation_indices[index])])

    def __iter__(self) -> Iterator[Extinction]:
        return (self[i] for i in range(len(self)))

    def counts(self) -> dict[str, int]:
        """Number of absent frequencies by cause, e.g. ``{"centring": 52, "glide": 0, ...}``."""
        return {cause: int(np.sum(self.causes == cause)) for cause in CAUSES}


def extinctions(group: CrystallographicGroup, metric: np.ndarray, max_eigenvalue: float) -> Extinctions:
    """Every absent frequency with eigenvalue <= ``max_eigenvalue``, with its cause."""
    k = frequencies_within(metric, max_eigenvalue)
    extinct, cause, operation = group.systematic_absences(k)
    k, cause, operation = k[extinct], cause[extinct], operation[extinct]
    lam = eigenvalues_of(k, metric)
    # By level (neighbours within 1e-9 relative share one), then decreasing frequency.
    order = np.lexsort((*[-k[:, i] for i in range(k.shape[1] - 1, -1, -1)],
                        np.round(lam / max(max_eigenvalue, 1e-300), 9)))
    names = np.array(CAUSES)
    return Extinctions(k[order], lam[order], names[cause[order]] if len(k) else np.array([], dtype=str),
                       operation[order], group)
