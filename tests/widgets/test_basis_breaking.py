"""The Basis tab's symmetry breaking, for every maximal subgroup H of the 17 plane groups G:
the new function the model shows is H-invariant and not G-invariant, checked on its grid by
applying the operations (H's transformed into G's coordinates here, from H's own operations
and (P, p)); it is orthogonal to G's functions at its level; and the spectrum of the view,
with H chosen as a visitor does, marks exactly the levels with new functions. Then the deep
link ``break=``: kept in the copy link, and every bad value refused with a message on a page
that keeps working."""

from __future__ import annotations

from urllib.parse import parse_qsl

import numpy as np
import pytest

from sgexplore import invariant_basis, symmetry_breaking, wallpaper_group
from sgexplore.widgets import BasisExplorer, BasisModel, explorer_dashboard
from sgexplore.widgets._basis import BREAK_FUNCTIONS
from sgexplore.widgets._base import SYMBOLS
from sgexplore.widgets._subgroups import relation_key

# Points per cell: divisible by 12, so that every translation of G and of its subgroups (in
# G's coordinates: halves, thirds, quarters) maps grid points to grid points.
RESOLUTION = 48
CASES = [(symbol, relation_key(r), r) for symbol in SYMBOLS
         for r in wallpaper_group(symbol).maximal_subgroups()]


def _one_per_group(build):
    """A function giving one ``build(symbol)`` per group, built when first asked for."""
    built: dict[str, object] = {}

    def one(symbol: str):
        if symbol not in built:
            built[symbol] = build(symbol, resolution=RESOLUTION)
        return built[symbol]
    return one


@pytest.fixture(scope="module")
def models():
    return _one_per_group(BasisModel)


@pytest.fixture(scope="module")
def explorers():
    return _one_per_group(BasisExplorer)


def _affine(rotation, translation) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(rotation, dtype=float), np.asarray(translation, dtype=float)


def _subgroup_operations(relation) -> list[tuple[np.ndarray, np.ndarray]]:
    """H's operations and lattice translations in G's coordinates, x_G = P x_H + p."""
    P, p = relation.P, relation.p
    inverse = np.linalg.inv(P)
    ops = []
    for op in relation.subgroup.operations:
        R = P @ op.rotation @ inverse
        ops.append(_affine(R, P @ op.translation + p - R @ p))
    return ops + [_affine(np.eye(2), P[:, i]) for i in range(2)]


def _group_operations(group, period: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """G modulo period x the unit lattice: its operations times the translations within."""
    shifts = [np.array([i, j]) for i in range(period) for j in range(period)]
    return [_affine(op.rotation, op.translation + s) for op in group.operations for s in shifts]


def _moved(values: np.ndarray, rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    """f(g.x) at every grid point x = j / RESOLUTION of a periodic grid, by index."""
    n = values.shape[0]
    steps = translation * RESOLUTION
    assert np.allclose(steps, np.rint(steps)) and np.allclose(rotation, np.rint(rotation))
    j = np.stack(np.meshgrid(np.arange(n), np.arange(n), indexing="ij"), -1)
    target = (j @ np.rint(rotation).astype(int).T + np.rint(steps).astype(int)) % n
    return values[target[..., 0], target[..., 1]]


def _numbers(model) -> list[int]:
    """The first new function, and the first one at a level G has functions at too."""
    first, mixed = 0, None
    for level in model.broken.levels:
        if level.new and level.kept and mixed is None:
            mixed = first
        first += level.new
    return sorted({0} | ({mixed} if mixed is not None else set()))


@pytest.mark.parametrize("symbol, key, relation", CASES,
                         ids=[f"{s}>{k}" for s, k, _ in CASES])
def test_the_new_functions_are_h_invariant_and_break_g(models, symbol, key, relation):
    model = models(symbol)
    model.breaking = key
    assert model.error == "" and model.broken.relation is relation
    group = model.group
    for number in _numbers(model):
        model.new_index = number
        values = model.new_field
        period = model.broken.period
        assert values.shape == (period * RESOLUTION,) * 2
        scale = np.abs(values).max()
        assert scale > 0.1
        for rotation, translation in _subgroup_operations(relation):
            assert np.allclose(_moved(values, rotation, translation), values, atol=1e-9 * scale)
        # Averaged over G (modulo the period's lattice) it vanishes: no part of it is
        # G-invariant, so some operation of G changes it.
        moved = [_moved(values, *g) for g in _group_operations(group, period)]
        assert np.abs(np.mean(moved, axis=0)).max() < 1e-9 * scale
        assert max(np.abs(m - values).max() for m in moved) > 0.1 * scale
        level, _ = model.broken.new_level(number)
        g_basis = invariant_basis(group, max_eigenvalue=level.eigenvalue * (1 + 1e-9),
                                  lattice=model.lattice)
        same = np.isclose(g_basis.eigenvalues, level.eigenvalue, rtol=1e-9)
        assert same.sum() == level.kept
        g_values = np.asarray(g_basis.on_grid((RESOLUTION, RESOLUTION), cells=period))[..., same]
        # float32 grid values of G's functions (JAX's default dtype)
        assert np.abs(np.einsum("ij,ijk->k", values, g_values) / values.size).max(initial=0) < 1e-5


@pytest.mark.parametrize("symbol, key, relation", CASES,
                         ids=[f"{s}>{k}" for s, k, _ in CASES])
def test_the_spectrum_marks_the_levels_with_new_functions(explorers, symbol, key, relation):
    explorer = explorers(symbol)
    explorer.breaking.value = key
    bound = invariant_basis(symbol, n=BREAK_FUNCTIONS).eigenvalues[-1]
    levels = [lv for lv in symmetry_breaking(relation, float(bound)).levels if lv.new]
    marks = explorer.spectrum.data[1]
    assert levels and marks.name == f"new in {key}"
    assert np.allclose(marks.x, [lv.eigenvalue for lv in levels], rtol=1e-12)
    assert list(marks.y) == [lv.new for lv in levels]
    assert list(marks.text) == [f"{lv.new} new of {lv.total}" for lv in levels]
    note = explorer.breaking_note.value
    assert f"first new functions at lambda = {levels[0].eigenvalue:.4g}" in note
    assert f"{levels[0].new} new of {levels[0].total}" in note


def test_a_click_on_a_marked_level_shows_its_first_new_function_and_a_level_the_basis():
    explorer = BasisExplorer("p4m", resolution=RESOLUTION)
    explorer.breaking.value = "pmm"
    marks = explorer.spectrum.data[1]

    class Points:
        point_inds = [1]
    explorer._on_spectrum_click(marks, Points(), None)
    assert explorer.model.new_index == marks.customdata[1] > 0
    assert explorer.figure.layout.title.text.startswith(f"new_{marks.customdata[1]} in pmm")
    explorer._on_spectrum_click(explorer.spectrum.data[0], Points(), None)
    assert explorer.shows.value == "basis" and explorer.model.index == 1
    assert explorer.figure.layout.title.text.startswith("phi_1")
    explorer.shows.value = "new"
    assert explorer.figure.layout.title.text.startswith(f"new_{marks.customdata[1]} in pmm")


def test_a_new_group_resets_the_choice_and_the_list_follows():
    explorer = BasisExplorer("p4m", resolution=RESOLUTION)
    explorer.breaking.value = "cmm"
    updates = explorer.updates
    explorer.state.plane = "p6m"
    assert explorer.model.breaking == explorer.breaking.value == ""
    assert explorer.model.broken is None and explorer.model.new_field is None
    assert [key for _, key in explorer.breaking.options] == [
        "", "p6", "p31m", "p3m1", "cmm", "p6m"]
    assert explorer.spectrum.data[1].x == () and explorer.breaking_note.value == ""
    assert explorer.new_index.layout.display == "none" and explorer.shows.value == "basis"
    assert explorer.updates == updates + 1  # one update for the new group, not one more


def test_the_link_names_the_choice_and_restores_it():
    d = explorer_dashboard({"group": "p4m", "tab": "2", "resolution": "24", "break": "p2mm"})
    basis = d.explorers["basis"]
    assert basis.model.breaking == "pmm" and basis.shows.value == "new"
    assert dict(parse_qsl(d.link.query))["break"] == "pmm"
    basis.breaking.value = "p4m:a-b,a+b;1/2,1/2"
    query = dict(parse_qsl(d.link.query))
    assert query["break"] == "p4m:a-b,a+b;1/2,1/2"
    again = explorer_dashboard(query)
    assert again.explorers["basis"].model.breaking == "p4m:a-b,a+b;1/2,1/2"
    basis.breaking.value = ""
    assert "break" not in dict(parse_qsl(d.link.query))
    d.state.plane = "p2"
    assert d.explorers["basis"].model.breaking == "" and "break" not in d.link.parameters


def test_a_plus_typed_into_the_link_arrives_as_a_space_and_is_read():
    d = explorer_dashboard({"tab": "2", "resolution": "24", "break": "p4g:a-b,a b"})
    assert d.explorers["basis"].model.breaking == "p4g:a-b,a+b"


def test_a_new_group_before_the_basis_tab_is_built_drops_the_choice():
    d = explorer_dashboard({"group": "p4m", "resolution": "24", "break": "pmm"})
    assert d.link.parameters["break"] == "pmm"
    d.state.plane = "p6m"
    assert "break" not in d.link.parameters
    d.tabs.selected_index = 2
    assert d.explorers["basis"].model.breaking == "" and d.explorers["basis"].model.error == ""


@pytest.mark.parametrize("value, message", [
    ("p2", "p2 is not a maximal subgroup of p4m; its maximal subgroups are p4, cmm, pmm"),
    ("p4m", "p4m names 2 maximal subgroups of p4m: p4m:a-b,a+b, p4m:a-b,a+b;1/2,1/2"),
    ("pmm:a,2b", "pmm:a,2b is not a maximal subgroup of p4m"),
    ("p6m", "p6m is not a maximal subgroup of p4m"),
    ("p" + "m" * 400, "is written like pmm or p4m:a-b,a+b"),
    ("pmm:" + "a" * 400, "is written like pmm or p4m:a-b,a+b"),
    ("<script>alert(1)</script>", "is written like pmm"),
    ("pmm\n", "is written like pmm"),
    ("", "is written like pmm"),
], ids=["not-maximal", "ambiguous", "wrong-transformation", "supergroup", "huge", "huge-cell",
        "script", "newline", "empty"])
def test_a_bad_break_is_refused_with_a_message_and_the_tab_works(value, message):
    d = explorer_dashboard({"group": "p4m", "tab": "2", "resolution": "24", "break": value})
    notice = d.children[1].value
    assert "ignored break=" in notice and message in notice.replace("&#x27;", "'")
    assert "<script>" not in notice and "Traceback" not in notice
    assert "break" not in d.link.parameters
    basis = d.explorers["basis"]
    assert basis.model.breaking == "" and basis.model.error == ""
    basis.breaking.value = "pmm"
    assert basis.model.error == "" and basis.model.new_field is not None
