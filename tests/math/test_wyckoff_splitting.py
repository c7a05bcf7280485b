"""Wyckoff splitting checked by orbits for every maximal subgroup of 30 groups: the G-orbit of
a generic point of each position, carried into H's cell, is the disjoint union of the H-orbits
of the parts, each part is named by H's site symmetry, and multiplicities add up."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group

GROUPS = [wallpaper_group(n) for n in range(1, 18)] + [
    space_group(s) for s in ("P-1", "P2/m", "P2_1/c", "C2/c", "Pmmm", "Pnma", "P4/mmm",
                             "I4/mmm", "R-3m", "P6/mmm", "P6_3/mmc", "Pm-3m", "Fm-3m")]
IDS = [g.common_symbol if g.dim == 2 else g.symbol for g in GROUPS]


def _in_cell(points):
    return points - np.floor(points)


def _same_set(a, b, tol=1e-6):
    diff = a[:, None, :] - b[None, :, :]
    close = np.all(np.abs(diff - np.rint(diff)) < tol, axis=-1)
    return close.any(axis=1).all() and close.any(axis=0).all()


@pytest.mark.parametrize("group", GROUPS, ids=IDS)
def test_each_position_splits_into_orbits_of_the_subgroup(group):
    for relation in group.maximal_subgroups():
        if relation.index > 9:
            continue  # the isomorphic index-27 subgroups of cubic groups: 27 parts each
        sub = relation.subgroup
        P_inv = np.linalg.inv(relation.P)
        for split in group.wyckoff_splitting(relation):
            size = split.position.multiplicity * split.multiplicity_factor
            assert sum(w.multiplicity for w in split.parts) == size
            orbits = [sub.orbit(x) for x in split.representatives]
            assert sum(len(o) for o in orbits) == size
            union = np.concatenate(orbits)
            assert len(union) == size
            # the G-orbit of the first part's point, read back in G and carried into H's cell
            x_g = relation.P @ split.representatives[0] + relation.p
            images = group.orbit(_in_cell(x_g))
            span = int(np.ceil(np.abs(relation.P).sum(axis=1).max())) + 1
            grid = np.stack(np.meshgrid(*[np.arange(-span, span + 1)] * group.dim,
                                        indexing="ij"), -1).reshape(-1, group.dim)
            carried = _in_cell(((images[:, None] + grid[None]).reshape(-1, group.dim)
                                - relation.p) @ P_inv.T)
            assert _same_set(union, carried), (relation, split.text)
            for w, x in zip(split.parts, split.representatives):
                assert sub.site_symmetry(x).letter == w.letter
