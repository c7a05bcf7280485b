"""The crystal-toolkit scene as plotly traces: one marker per atom in the closed cell, the
twelve unit cell edges, bonds between atoms, and the group's overlay."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.crystal import (
    EXAMPLES,
    example,
    plot_coefficients,
    plot_reconstruction,
    plot_structure,
    project_density,
)


def _atoms_in_closed_cell(crystal, tolerance=1e-6) -> dict[str, int]:
    counts: dict[str, int] = {}
    shifts = np.stack(np.meshgrid(*[np.arange(-1, 2)] * 3, indexing="ij"), -1).reshape(-1, 3)
    for species, x in zip(crystal.species, crystal.positions):
        images = x + shifts
        inside = np.all((images > -tolerance) & (images < 1 + tolerance), axis=1)
        counts[species] = counts.get(species, 0) + int(inside.sum())
    return counts


def _segments(trace) -> np.ndarray:
    points = [(x, y, z) for x, y, z in zip(trace.x, trace.y, trace.z)]
    out, current = [], []
    for p in points + [(None, None, None)]:
        if p[0] is None:
            if current:
                out.append(current)
            current = []
        else:
            current.append(p)
    return np.array(out, dtype=float)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_structure_figure_has_one_marker_per_atom_and_the_cell_edges(name):
    crystal = example(name)
    figure = plot_structure(crystal)
    markers = {t.name: len(t.x) for t in figure.data if t.type == "scatter3d" and t.mode == "markers"
               and t.name in crystal.species}
    assert markers == _atoms_in_closed_cell(crystal)
    cell = [t for t in figure.data if t.name == "unit cell"]
    assert len(cell) == 1
    edges = _segments(cell[0])
    assert edges.shape == (12, 2, 3)
    corners = np.array(list(np.ndindex(2, 2, 2)), dtype=float) @ crystal.lattice.T
    for edge in edges:
        for end in edge:
            assert np.min(np.linalg.norm(corners - end, axis=1)) < 1e-6
        assert any(np.allclose(edge[1] - edge[0], s * v, atol=1e-6)
                   for v in crystal.lattice.T for s in (1, -1))
    assert any(t.name == "bonds" for t in figure.data)
    shown = {t.name for t in figure.data if t.visible in (None, True)}
    hidden = {t.name for t in figure.data if t.visible == "legendonly"}
    # atoms, bonds, cell and asymmetric unit in view; the other symmetry elements one click away
    assert set(crystal.species) | {"bonds", "unit cell", "asymmetric unit"} <= shown
    assert hidden and not hidden & shown and "asymmetric unit" not in hidden


def test_density_figures():
    p = project_density(example("Si"), n=80)
    spectrum = plot_coefficients(p)
    assert len(spectrum.data[0].y) == 80
    assert "absent frequencies" in spectrum.layout.title.text


def test_rock_salt_reports_its_centring_absences():
    """The page told students rock salt has no extinct orbits: its F centring removes
    every mixed-parity hkl. Checked against the parity rule directly."""
    p = project_density(example("NaCl"), n=40)
    k = p.extinct_frequencies
    parity = np.mod(k, 2)
    assert len(k) > 0 and np.all(parity.min(axis=1) != parity.max(axis=1))
    title = plot_coefficients(p).layout.title.text.replace("<br>", " ")
    assert f"{len(k)} absent frequencies ({len(k)} by centring)" in title
    assert "no systematic absences" not in title
    slices = plot_reconstruction(p, 10)
    assert slices.data[0].z.shape == slices.data[2].z.shape  # density, reconstruction
    assert "first 10" in slices.layout.annotations[1].text
