"""The order in which the International Tables number the operations of a general position.

ITA lists the point-group parts in one fixed sequence per holohedry (Vol. A, the tables of
symmetry operations; e.g. 4/mmm: 1, 2 0,0,z, 4+, 4-, 2 0,y,0, 2 x,0,0, 2 x,x,0, 2 x,-x,0, then
the same eight times -1). A group lists the members of that sequence it contains, in that
order. In a centrosymmetric group the products with -1 follow the rotations in the same
order; in one without -1 a rotoinversion or reflection -R takes the place of the rotation R
(P-42m: 1, 2z, -4+, -4-, 2y, 2x, m x,-x,z, m x,x,z), and in -43m, m_z R takes R's place
(ITA generates -43m from 23 with m x,-x,z, 432 with 2 x,x,0). In the plane the sequences
hold the reflections themselves. A non-standard setting is ordered by the same sequence in
its own axes.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ._operations import Operation

_SEQUENCES = {
    "cubic": "x,y,z -x,-y,z -x,y,-z x,-y,-z z,x,y z,-x,-y -z,-x,y -z,x,-y y,z,x -y,z,-x y,-z,-x "
             "-y,-z,x y,x,-z -y,-x,-z y,-x,z -y,x,z x,z,-y -x,z,y -x,-z,-y x,-z,y z,y,-x z,-y,x "
             "-z,y,x -z,-y,-x",
    "tetragonal": "x,y,z -x,-y,z -y,x,z y,-x,z -x,y,-z x,-y,-z y,x,-z -y,-x,-z",
    "hexagonal": "x,y,z -y,x-y,z -x+y,-x,z -x,-y,z y,-x+y,z x-y,x,z y,x,-z x-y,-y,-z -x,-x+y,-z "
                 "-y,-x,-z -x+y,y,-z x,x-y,-z",
    "rhombohedral": "x,y,z z,x,y y,z,x -z,-y,-x -y,-x,-z -x,-z,-y",
    # monoclinic and triclinic groups take theirs from this one (any axis of the 2-fold)
    "orthorhombic": "x,y,z -x,-y,z -x,y,-z x,-y,-z",
    "square": "x,y -x,-y -y,x y,-x -x,y x,-y y,x -y,-x",
    "hexagonal2d": "x,y -y,x-y -x+y,-x -x,-y y,-x+y x-y,x -y,-x -x+y,y x,x-y y,x x-y,-y -x,-x+y",
    "rectangular": "x,y -x,-y -x,y x,-y",
}


@lru_cache(maxsize=None)
def _sequence(family: str) -> dict[bytes, int]:
    return {Operation.from_xyz(xyz).rotation.tobytes(): i for i, xyz in enumerate(_SEQUENCES[family].split())}


def _family(group) -> str:
    if group.dim == 2:
        return {"oblique": "rectangular", "hexagonal": "hexagonal2d"}.get(group.lattice_system,
                                                                         group.lattice_system)
    system = group.crystal_system
    if system in ("trigonal", "hexagonal"):
        return "rhombohedral" if group.setting == "R" else "hexagonal"
    if system in ("triclinic", "monoclinic"):
        return "orthorhombic"
    return system


def ita_order_key(group, rotation: np.ndarray) -> tuple[int, int]:
    """Sort key of an operation's linear part R in ITA's numbering of ``group``'s general
    position: (0, place of R) for a proper rotation (and every operation in the plane); an
    improper R in a centrosymmetric group comes after them, (1, place of -R); in one without
    -1 it takes a rotation's place, that of -R (P-42m: -4+ where 4+ would be), in -43m that
    of m_z R (y,x,z is (13), where 432 has y,x,-z).

    Examples:
        >>> from sgexplore import space_group
        >>> [op.xyz for op in space_group("P-42m").coset_representatives][:4]
        ['x,y,z', '-x,-y,z', 'y,-x,-z', '-y,x,-z']
    """
    family = _family(group)
    sequence = _sequence(family)
    r = np.asarray(rotation, dtype=np.int64)
    if group.dim == 2 or r.tobytes() in sequence:
        return (0, sequence[r.tobytes()])
    minus_identity = (-np.eye(group.dim, dtype=np.int64)).tobytes()
    if any(g.tobytes() == minus_identity for g in group.rotations):
        return (1, sequence[(-r).tobytes()])
    if family == "cubic":
        return (0, sequence[(np.diag([1, 1, -1]) @ r).tobytes()])
    return (0, sequence[(-r).tobytes()])
