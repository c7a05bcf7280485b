"""Structure input and spglib detection: bundled examples, random Wyckoff occupations of
all 230 space groups, CIF round trips and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from sgexplore import from_structure
from sgexplore.crystal import EXAMPLES, StructureError, closest_pair, example, example_cell

from ..conftest import SPACE

KNOWN = {  # name: (space group number, {(element, Wyckoff letter): count})
    "NaCl": (225, {("Na", "a"): 4, ("Cl", "b"): 4}),
    "Si": (227, {("Si", "a"): 8}),
    "ZnO": (186, {("Zn", "b"): 2, ("O", "b"): 2}),
    "TiO2": (136, {("Ti", "a"): 2, ("O", "f"): 4}),
    "ZrO2": (14, {("Zr", "e"): 4, ("O", "e"): 8}),
}


# The 27 cells around the unit cell: with images reduced into [0, 1), they hold the nearest
# lattice image of every atom.
SHIFTS = np.stack(np.meshgrid(*[np.arange(-1, 2)] * 3, indexing="ij"), -1).reshape(-1, 3)


def _tree(lattice_rows: np.ndarray, fractional: np.ndarray) -> cKDTree:
    """A k-d tree of the Cartesian points (fractional mod 1 + every shift), shift-major."""
    cells = np.mod(fractional, 1.0)[None] + SHIFTS[:, None]
    return cKDTree((cells @ lattice_rows).reshape(-1, 3))


def _maps_atoms_onto_atoms(crystal, tolerance=1e-4) -> bool:
    """Every operation of the detected group maps each standardised atom onto an atom of
    the same species (mod lattice translations): the nearest lattice image of a same-species
    atom lies within tolerance, for all operations at once (a k-d tree per species)."""
    rotations = np.array([op.rotation for op in crystal.group.operations], dtype=float)
    translations = np.array([op.translation for op in crystal.group.operations], dtype=float)
    for number in np.unique(crystal.numbers):
        positions = crystal.positions[crystal.numbers == number]
        images = np.einsum("gij,pj->gpi", rotations, positions) + translations[:, None]
        cartesian = np.mod(images.reshape(-1, 3), 1.0) @ crystal.lattice.T
        distance, _ = _tree(crystal.lattice.T, positions).query(cartesian)
        if not np.all(distance < tolerance):
            return False
    return True


def _closest_distance(lattice_rows: np.ndarray, fractional: np.ndarray) -> float:
    """The smallest distance between two atoms or an atom and its own lattice image, as
    ``closest_pair`` defines it (its own brute-force test is below): the second-nearest
    point to each atom among all atoms in the 27 cells (the nearest is the atom itself)."""
    distance, _ = _tree(lattice_rows, fractional).query(np.mod(fractional, 1.0) @ lattice_rows, k=2)
    return float(distance[:, 1].min())


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_bundled_examples_have_their_known_groups_and_wyckoff_sites(name):
    crystal = example(name)
    number, sites = KNOWN[name]
    assert crystal.group.number == number
    found: dict = {}
    for key in zip(crystal.species, crystal.wyckoffs):
        found[key] = found.get(key, 0) + 1
    assert found == sites
    assert _maps_atoms_onto_atoms(crystal)
    assert crystal.group.hall_number >= 1


def _random_structure(group, rng, symprec):
    """Three general-position orbits of three elements (sgexplore's own orbit function),
    in the group's default lattice scaled to 30 A^3 per atom, perturbed by at most symprec / 5.
    Each orbit is redrawn until all atoms so far are more than 0.8 A apart (one orbit at a time:
    for 192 operations a whole structure of 576 atoms rarely passes in one draw)."""
    atoms = 3 * len(group.orbit(np.array([0.1234, 0.2345, 0.3456])))
    volume = abs(np.linalg.det(group.default_lattice.matrix))
    lattice = group.default_lattice.matrix * (30.0 * atoms / volume) ** (1 / 3)
    points: list[np.ndarray] = []
    for _ in range(3):
        for _ in range(200):
            orbit = group.orbit(rng.random(3))
            if _closest_distance(lattice.T, np.concatenate([*points, orbit])) > 0.8:
                break
        points.append(orbit)
    positions = np.concatenate(points)
    numbers = np.repeat([6, 8, 14], [len(p) for p in points])
    assert len(positions) == atoms, "a random point fell on a special position"
    noise = rng.normal(size=positions.shape)
    noise *= symprec / 5 / np.linalg.norm(noise @ lattice.T, axis=1, keepdims=True)
    return lattice.T, positions + noise, numbers


@pytest.mark.parametrize("g", SPACE, ids=[g.symbol for g in SPACE])
def test_random_wyckoff_occupations_of_every_space_group_are_detected(g):
    rng = np.random.default_rng(g.number)
    symprec = 1e-2
    crystal = from_structure(_random_structure(g, rng, symprec), symprec=symprec)
    assert crystal.group.number == g.number
    assert _maps_atoms_onto_atoms(crystal, tolerance=symprec)
    assert set(crystal.wyckoffs) <= set("abcdefghijklmnopqrstuvwxyzA")


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_cif_text_and_file_round_trip(name, tmp_path):
    """A symmetrised CIF written by pymatgen (asymmetric unit + operations), read back as
    text and as a path, gives the same group and the same atoms."""
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.cif import CifWriter

    rows, positions, species = example_cell(name)
    text = str(CifWriter(Structure(Lattice(rows), species, positions), symprec=1e-3))
    path = tmp_path / f"{name}.cif"
    path.write_text(text)
    for source in (text, str(path), path):
        crystal = from_structure(source)
        assert crystal.group.number == KNOWN[name][0]
        assert len(crystal.positions) == len(example(name).positions)


def test_pymatgen_structure_input():
    from pymatgen.core import Lattice, Structure

    rows, positions, species = example_cell("TiO2")
    crystal = from_structure(Structure(Lattice(rows), species, positions))
    assert crystal.group.number == 136


@pytest.mark.parametrize("source, message", [
    ("data_x\n_cell_length_a 5\n loop_ nonsense", "could not parse|no structure"),
    ("just some words", "not a CIF"),
    (((1, 0, 0), (0, 1, 0), (1, 1, 0)), "tuple"),
    (((5, 0, 0), (0, 5, 0), (5, 5, 0)), "coplanar"),
    (None, "cannot read"),
])
def test_bad_input_is_a_clear_error(source, message):
    if source == ((1, 0, 0), (0, 1, 0), (1, 1, 0)):
        source = (np.eye(3) * 4, [[0, 0, 0], [0.5, 0.5, 0.5]], ["Na", "Xx"])
        message = "unknown element"
    elif isinstance(source, tuple):
        source = (source, [[0, 0, 0]], [11])
    with pytest.raises(StructureError, match=message):
        from_structure(source)


def test_overlapping_atoms_and_empty_cells_are_refused():
    with pytest.raises(StructureError, match="overlap"):
        from_structure((np.eye(3) * 5, [[0, 0, 0], [0.01, 0, 0]], [11, 17]))
    with pytest.raises(StructureError, match="overlap"):
        from_structure((np.eye(3) * 5, [[0, 0, 0], [0.999, 0, 0]], [11, 17]))  # across the cell face
    with pytest.raises(StructureError, match="no atoms"):
        from_structure((np.eye(3) * 5, np.zeros((0, 3)), []))
    with pytest.raises(StructureError, match="no such file"):
        from_structure(__import__("pathlib").Path("/nonexistent/x.cif"))
    with pytest.raises(StructureError, match="symprec"):
        from_structure(example_cell("NaCl"), symprec=-1)


def test_closest_pair_against_brute_force():
    rng = np.random.default_rng(0)
    lattice = np.array([[4.0, 0.5, 0.2], [0.0, 5.0, 0.3], [0.0, 0.0, 6.0]])
    positions = rng.random((7, 3))
    i, j, distance = closest_pair(lattice, positions)
    best = np.inf
    for a in range(7):
        for b in range(7):
            for shift in np.ndindex(5, 5, 5):
                s = np.array(shift) - 2
                if a == b and not s.any():
                    continue
                best = min(best, np.linalg.norm(lattice @ (positions[b] + s - positions[a])))
    assert distance == pytest.approx(best)
