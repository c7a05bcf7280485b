"""The general position in ITA's numbering: the coset representatives in the order the
International Tables (Vol. A) print them, (1), (2), ..."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.groups import Operation

from ..conftest import every_group_and_setting

ITA = {  # the general position as printed in ITA Vol. A (standard setting)
    "p2mg": "x,y -x,-y -x+1/2,y x+1/2,-y",
    "p4gm": "x,y -x,-y -y,x y,-x -x+1/2,y+1/2 x+1/2,-y+1/2 y+1/2,x+1/2 -y+1/2,-x+1/2",
    "p3m1": "x,y -y,x-y -x+y,-x -y,-x -x+y,y x,x-y",
    "p31m": "x,y -y,x-y -x+y,-x y,x x-y,-y -x,-x+y",
    "P2_1/c": "x,y,z -x,y+1/2,-z+1/2 -x,-y,-z x,-y+1/2,z+1/2",
    "Pnma": "x,y,z -x+1/2,-y,z+1/2 -x,y+1/2,-z x+1/2,-y+1/2,-z+1/2 -x,-y,-z x+1/2,y,-z+1/2 "
            "x,-y+1/2,z -x+1/2,y+1/2,z+1/2",
    "P4nc": "x,y,z -x,-y,z -y,x,z y,-x,z x+1/2,-y+1/2,z+1/2 -x+1/2,y+1/2,z+1/2 "
            "-y+1/2,-x+1/2,z+1/2 y+1/2,x+1/2,z+1/2",
    "P-42m": "x,y,z -x,-y,z y,-x,-z -y,x,-z -x,y,-z x,-y,-z -y,-x,z y,x,z",
    "P6_3/mmc": "x,y,z -y,x-y,z -x+y,-x,z -x,-y,z+1/2 y,-x+y,z+1/2 x-y,x,z+1/2 y,x,-z x-y,-y,-z "
                "-x,-x+y,-z -y,-x,-z+1/2 -x+y,y,-z+1/2 x,x-y,-z+1/2 -x,-y,-z y,-x+y,-z x-y,x,-z "
                "x,y,-z+1/2 -y,x-y,-z+1/2 -x+y,-x,-z+1/2 -y,-x,z -x+y,y,z x,x-y,z y,x,z+1/2 "
                "x-y,-y,z+1/2 -x,-x+y,z+1/2",
    "Pm-3m": "x,y,z -x,-y,z -x,y,-z x,-y,-z z,x,y z,-x,-y -z,-x,y -z,x,-y y,z,x -y,z,-x y,-z,-x "
             "-y,-z,x y,x,-z -y,-x,-z y,-x,z -y,x,z x,z,-y -x,z,y -x,-z,-y x,-z,y z,y,-x z,-y,x "
             "-z,y,x -z,-y,-x -x,-y,-z x,y,-z x,-y,z -x,y,z -z,-x,-y -z,x,y z,x,-y z,-x,y "
             "-y,-z,-x y,-z,x -y,z,x y,z,-x -y,-x,z y,x,z -y,x,-z y,-x,-z -x,-z,y x,-z,-y x,z,y "
             "-x,z,-y -z,-y,x -z,y,-x z,-y,-x z,y,x",
    "P-4m2": "x,y,z -x,-y,z y,-x,-z -y,x,-z x,-y,z -x,y,z y,x,-z -y,-x,-z",
    "P-43m": "x,y,z -x,-y,z -x,y,-z x,-y,-z z,x,y z,-x,-y -z,-x,y -z,x,-y y,z,x -y,z,-x y,-z,-x "
             "-y,-z,x y,x,z -y,-x,z y,-x,-z -y,x,-z x,z,y -x,z,-y -x,-z,y x,-z,-y z,y,x z,-y,-x "
             "-z,y,-x -z,-y,x",
    "P312": "x,y,z -y,x-y,z -x+y,-x,z -y,-x,-z -x+y,y,-z x,x-y,-z",
    "P321": "x,y,z -y,x-y,z -x+y,-x,z y,x,-z x-y,-y,-z -x,-x+y,-z",
    "P-6m2": "x,y,z -y,x-y,z -x+y,-x,z x,y,-z -y,x-y,-z -x+y,-x,-z -y,-x,z -x+y,y,z x,x-y,z "
             "-y,-x,-z -x+y,y,-z x,x-y,-z",
    "R-3m:R": "x,y,z z,x,y y,z,x -z,-y,-x -y,-x,-z -x,-z,-y -x,-y,-z -z,-x,-y -y,-z,-x z,y,x "
              "y,x,z x,z,y",
}


def _group(key: str):
    symbol, _, setting = key.partition(":")
    return wallpaper_group(symbol) if symbol[0].islower() else space_group(symbol, setting=setting or None)


@pytest.mark.parametrize("key", sorted(ITA))
def test_general_position_in_the_order_ita_prints_it(key):
    assert [op.xyz for op in _group(key).coset_representatives] == ITA[key].split()


def test_fd3m_operations_are_itas_representatives():
    """Fd-3m (origin choice 2): the linear parts in ITA's order, and ITA's own member of each
    coset: (2) is -x+3/4,-y+1/4,z+1/2 as printed, not -x+1/4,-y+1/4,z (the same operation up
    to the centring (1/2,0,1/2))."""
    reps = space_group("Fd-3m").coset_representatives
    expected = [Operation.from_xyz(t).rotation for t in ITA["Pm-3m"].split()]
    assert all(np.array_equal(op.rotation, r) for op, r in zip(reps, expected, strict=True))
    assert [op.xyz for op in reps[:4]] == ["x,y,z", "-x+3/4,-y+1/4,z+1/2", "-x+1/4,y+1/2,-z+3/4",
                                           "x+1/2,-y+3/4,-z+1/4"]


@every_group_and_setting
def test_representatives_are_one_per_point_operation(g):
    reps = g.coset_representatives
    assert len({op.rotation.tobytes() for op in reps}) == len(reps) == g.point_group_order
    assert reps[0].xyz == ("x,y" if g.dim == 2 else "x,y,z")
