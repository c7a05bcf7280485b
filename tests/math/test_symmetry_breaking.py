"""Symmetry breaking in the basis, for every maximal subgroup of the 17 plane groups and of 30
space groups: G's functions are combinations of H's (checked by evaluating both at random
points related by x_G = P x_H + p), the new functions are orthonormal and orthogonal to G's,
and the counts per level add up."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, symmetry_breaking, wallpaper_group

SPACE = ("P1", "P-1", "P2_1", "P2/m", "P2_1/c", "Cm", "C2/c", "P2_12_12_1", "Pmmm", "Pnma",
         "Fmmm", "Immm", "P4", "P4/mmm", "P4_2/mnm", "I4/mmm", "I4_1/amd", "R3", "P-3m1",
         "R-3m", "P6_3", "P-6m2", "P6/mmm", "P6_3/mmc", "Pa-3", "P4_132", "Pm-3m", "Fm-3m",
         "Fd-3m", "Im-3m")
GROUPS = [wallpaper_group(n) for n in range(1, 18)] + [space_group(s) for s in SPACE]
IDS = [g.common_symbol if g.dim == 2 else g.symbol for g in GROUPS]


@pytest.mark.parametrize("group", GROUPS, ids=IDS)
def test_the_basis_of_g_lies_in_that_of_each_maximal_subgroup(group):
    rng = np.random.default_rng(group.number)
    bound = 4 * np.pi**2 * (3.0 if group.dim == 2 else 1.6)
    for relation in group.maximal_subgroups():
        broken = symmetry_breaking(relation, max_eigenvalue=bound)
        coords = broken.coordinates
        # G's functions at x_G equal their combinations of H's functions at x_H
        x_h = rng.uniform(0, 1, (12, group.dim))
        x_g = x_h @ relation.P.T + relation.p
        kept = len(broken.basis)
        assert np.allclose(np.asarray(broken.basis(x_g)),
                           np.asarray(broken.sub_basis(x_h)) @ coords.T, atol=1e-8)
        assert sum(lv.kept for lv in broken.levels) == kept
        assert sum(lv.total for lv in broken.levels) == len(broken.sub_basis)
        for lv in broken.levels:
            assert lv.total == lv.kept + lv.new
            block = coords[:, lv.functions]
            rows = lv.new_functions
            assert rows.shape == (lv.new, lv.total)
            assert np.allclose(rows @ rows.T, np.eye(lv.new), atol=1e-9)
            assert np.allclose(block @ rows.T, 0, atol=1e-9)
