"""CIF input is counted as text before pymatgen expands it: the count (atom sites x
operations) bounds what pymatgen generates, large files are refused at once, uploads are
never read as paths, and broken cells get clear messages."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore import LimitError, StructureError, from_structure, limits, space_group
from sgexplore.crystal import EXAMPLES, example_cell
from sgexplore.crystal._structure import cif_blocks, cif_expansion


def _cif(sites: int, operations=("x,y,z",), alpha: float = 90.0, atoms: bool = True) -> str:
    side = int(np.ceil(sites ** (1 / 3)))
    lines = ["data_test", f"_cell_length_a {2.0 * side}", f"_cell_length_b {2.0 * side}",
             f"_cell_length_c {2.0 * side}", f"_cell_angle_alpha {alpha}", "_cell_angle_beta 90",
             "_cell_angle_gamma 90", "loop_", "_symmetry_equiv_pos_as_xyz",
             *[f"'{op}'" for op in operations]]
    if atoms:
        lines += ["loop_", "_atom_site_label", "_atom_site_type_symbol", "_atom_site_fract_x",
                  "_atom_site_fract_y", "_atom_site_fract_z"]
        grid = np.stack(np.meshgrid(*[np.arange(side) / side] * 3, indexing="ij"), -1).reshape(-1, 3)
        lines += [f"C{i} C {x:.5f} {y:.5f} {z:.5f}" for i, (x, y, z) in enumerate(grid[:sites])]
    return "\n".join(lines) + "\n"


def _symmetrised_cif(name: str) -> str:
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.cif import CifWriter

    rows, positions, species = example_cell(name)
    return str(CifWriter(Structure(Lattice(rows), species, positions), symprec=1e-3))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_count_bounds_what_pymatgen_generates(name):
    import io

    import gemmi
    from pymatgen.io.cif import CifParser

    text = _symmetrised_cif(name)
    structure = CifParser(io.StringIO(text)).parse_structures(primitive=False)[0]
    # gemmi is the independent CIF reader: rows of the site and operation loops.
    block = gemmi.cif.read_string(text).sole_block()
    sites = len(block.find_values("_atom_site_fract_x"))
    operations = len(block.find_values("_symmetry_equiv_pos_as_xyz"))
    assert cif_expansion(text) == (sites, sites * operations)
    assert sites * operations >= len(structure)


def test_the_scanner_reads_quotes_text_fields_comments_and_group_names():
    text = "\n".join([
        "data_a", "_publ_section_title", ";", "loop_ _atom_site_fract_x 1 2 3 4", ";",
        "# loop_ _atom_site_fract_x", "_cell_length_a 4.0(2)", "_symmetry_space_group_name_H-M 'F m -3 m'",
        "loop_", "_atom_site_label", "_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z",
        "Na1 0 0 0", "Cl1 0.5 0.5 0.5", "data_b", "loop_", "_space_group_symop.operation_xyz",
        "'x, y, z'", "'-x, -y, -z'", "loop_", "_atom_site.fract_x", "_atom_site.fract_y",
        "_atom_site.fract_z", "0.1 0.2 0.3",
    ])
    blocks = cif_blocks(text)
    assert len(blocks) == 2 and blocks[0]["items"]["_cell_length_a"] == "4.0(2)"
    # 2 sites x 192 operations of Fm-3m (by name), plus 1 site x 2 listed operations.
    assert cif_expansion(text) == (3, 2 * space_group("Fm-3m").order + 2)


def test_large_cifs_are_refused_before_pymatgen():
    # Before: 20,000 atoms took 60 s (200 s on a loaded machine) and 100,000 never finished.
    for sites in (limits.MAX_CIF_EXPANSION + 1, 20_000):
        with pytest.raises(LimitError, match="MAX_CIF_EXPANSION"):
            from_structure(_cif(sites))
    # 30 sites of a 192-operation group: 5,760 positions to generate.
    operations = [f"x+{i}/192,y,z" for i in range(192)]
    with pytest.raises(LimitError, match="5,760 atom positions"):
        from_structure(_cif(30, operations))


@pytest.mark.parametrize("text, message", [
    (_cif(8, alpha=0.0), "cell angle alpha = 0 must lie strictly between 0 and 180"),
    (_cif(8, alpha=200.0), "cell angle alpha = 200"),
    (_cif(8, atoms=False), "lists no atoms"),
    (_cif(8).replace("_cell_length_b 4.0", "_cell_length_b -4.0"), "length b = -4 must be a positive"),
    (_cif(8, alpha=120.0).replace("beta 90", "beta 120").replace("gamma 90", "gamma 120"),
     "do not form a cell"),
    (_cif(8).replace("_cell_length_c 4.0\n", ""), "no number for c"),
], ids=["zero-angle", "angle-200", "no-atoms", "negative-length", "flat-cell", "no-c"])
def test_broken_cifs_get_clear_messages(text, message):
    # Before: "Invalid CIF file with no structures!" and "integer modulo by zero".
    with pytest.raises(StructureError, match=message):
        from_structure(text)


def test_paths_and_text_are_told_apart(tmp_path):
    path = tmp_path / "rutile.cif"
    path.write_text(_symmetrised_cif("TiO2"))
    assert from_structure(str(path)).group.number == 136
    assert from_structure(path).group.number == 136
    assert from_structure(cif_text=path.read_bytes()).group.number == 136
    # Before: a missing path said "not a CIF".
    with pytest.raises(StructureError, match="no such file"):
        from_structure(str(tmp_path / "missing.cif"))
    # Content is never a file name, however it looks.
    with pytest.raises(StructureError, match="not a CIF"):
        from_structure(cif_text=str(path))
    with pytest.raises(StructureError, match="not both"):
        from_structure(str(path), cif_text="data_x")
