"""Bundled example crystals, built from their asymmetric units with sgexplore's own orbits.

Coordinates are rounded literature values (room temperature); they are meant for teaching
and for checking the symmetry detection, not as reference data.
"""

from __future__ import annotations

import numpy as np

from ..groups import Lattice, SgexploreError, space_group
from ._structure import Crystal, from_structure

# name: (title, space group, setting, lattice parameters, [(element, asymmetric-unit site)])
EXAMPLES: dict[str, tuple] = {
    "NaCl": ("rock salt NaCl", 225, None, {"a": 5.640, "b": 5.640, "c": 5.640},
             [("Na", (0, 0, 0)), ("Cl", (0.5, 0.5, 0.5))]),
    "Si": ("diamond Si", 227, "1", {"a": 5.431, "b": 5.431, "c": 5.431},
           [("Si", (0, 0, 0))]),
    "ZnO": ("wurtzite ZnO", 186, None, {"a": 3.2498, "b": 3.2498, "c": 5.2066, "gamma": 120.0},
            [("Zn", (1 / 3, 2 / 3, 0.0)), ("O", (1 / 3, 2 / 3, 0.3819))]),
    "TiO2": ("rutile TiO2", 136, None, {"a": 4.5937, "b": 4.5937, "c": 2.9587},
             [("Ti", (0, 0, 0)), ("O", (0.3048, 0.3048, 0.0))]),
    "ZrO2": ("baddeleyite, monoclinic ZrO2 (mineral)", 14, None,
             {"a": 5.1505, "b": 5.2116, "c": 5.3173, "beta": 99.23},
             [("Zr", (0.2754, 0.0395, 0.2083)), ("O", (0.0700, 0.3317, 0.3447)),
              ("O", (0.4496, 0.7569, 0.4792))]),
}


def example_cell(name: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The full conventional cell of a bundled example as (lattice rows, positions,
    species): each asymmetric-unit site expanded into its orbit."""
    try:
        _, number, setting, parameters, sites = EXAMPLES[name]
    except (KeyError, TypeError):
        raise SgexploreError(f"unknown example {name!r}; choose from {', '.join(EXAMPLES)}") from None
    group = space_group(number, setting=setting)
    full = {"alpha": 90.0, "beta": 90.0, "gamma": 90.0, **parameters}
    lattice = Lattice.from_parameters(**full)
    positions, species = [], []
    for element, site in sites:
        orbit = group.orbit(np.asarray(site, dtype=float))
        positions.extend(orbit)
        species.extend([element] * len(orbit))
    return lattice.matrix.T.copy(), np.asarray(positions), species


def example(name: str, symprec: float = 1e-3) -> Crystal:
    """A bundled example crystal (``"NaCl"``, ``"Si"``, ``"ZnO"``, ``"TiO2"``, ``"ZrO2"``),
    detected and standardised by ``from_structure``.

    Raises:
        SgexploreError: a name that is not one of the bundled examples.

    Examples:
        >>> example("Si").group.number
        227
    """
    return from_structure(example_cell(name), symprec=symprec, title=EXAMPLES[name][0])
