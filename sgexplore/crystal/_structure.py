"""From a real crystal to its space group: parse, detect with spglib, standardise."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ..groups import Lattice, SpaceGroup, StructureError, StructureTooLargeError, space_group
from ..limits import MAX_ATOMS, MAX_CIF_EXPANSION

# Atoms closer than this (angstrom) are "overlapping": no real structure has them.
MIN_DISTANCE = 0.5


@dataclass(frozen=True)
class Site:
    """One crystallographic site: an orbit of the space group on the atoms of the cell.

    Attributes:
        label: the element, numbered when it has several sites (``"O1"``).
        element: the element symbol.
        multiplicity: number of atoms of the orbit in the conventional cell.
        letter: the Wyckoff letter (spglib's, in the crystal's setting).
        site_symmetry: ITA's oriented site-symmetry symbol.
        atoms: indices of the orbit's atoms in ``Crystal.positions``.
    """

    label: str
    element: str
    multiplicity: int
    letter: str
    site_symmetry: str
    atoms: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Crystal:
    """A crystal standardised by spglib, with its space group in the matching setting.

    Attributes:
        lattice: (3, 3) conventional lattice vectors as columns, in angstrom
            (``r = lattice @ x``), idealised by spglib.
        positions: (N, 3) fractional positions in [0, 1).
        numbers: (N,) atomic numbers.
        group: the detected ``SpaceGroup`` in spglib's setting (``group.hall_number``),
            whose operations map the standardised atoms onto atoms of the same species.
        wyckoffs: (N,) Wyckoff letter of each standardised site.
        symprec: the tolerance (angstrom) the detection used.
        input_group: number of the group detected on the input cell before standardising.
    """

    lattice: np.ndarray
    positions: np.ndarray
    numbers: np.ndarray
    group: SpaceGroup
    wyckoffs: tuple[str, ...]
    symprec: float
    title: str = ""

    @property
    def species(self) -> list[str]:
        return [_SYMBOLS[z] for z in self.numbers]

    @property
    def formula(self) -> str:
        counts: dict[str, int] = {}
        for symbol in self.species:
            counts[symbol] = counts.get(symbol, 0) + 1
        return " ".join(f"{s}{n if n > 1 else ''}" for s, n in counts.items())

    @property
    def sg_lattice(self) -> Lattice:
        return Lattice(self.lattice)

    @cached_property
    def sites(self) -> tuple[Site, ...]:
        """The crystallographic sites: the orbits of the group on the atoms (two sites of
        one element are two entries even when they share a Wyckoff letter), in order of
        their first atom, labelled like ITA/CIF (``O1``, ``O2``) when an element has
        several."""
        cart = lambda x: np.asarray(x) @ self.lattice.T  # noqa: E731
        owner = np.full(len(self.positions), -1)
        orbits: list[np.ndarray] = []
        for i, x in enumerate(self.positions):
            if owner[i] >= 0:
                continue
            images = self.group.orbit(x)
            delta = self.positions[None, :, :] - images[:, None, :]
            delta -= np.rint(delta)
            distance = np.linalg.norm(cart(delta), axis=-1)  # (images, atoms)
            # Atoms are at least MIN_DISTANCE apart, so the nearest atom to an image is its copy.
            members = np.flatnonzero((distance.min(axis=0) < MIN_DISTANCE / 2)
                                     & (self.numbers == self.numbers[i]))
            owner[members] = len(orbits)
            orbits.append(members)
        species = self.species
        totals: dict[str, int] = {}
        for members in orbits:
            totals[species[members[0]]] = totals.get(species[members[0]], 0) + 1
        seen: dict[str, int] = {}
        sites = []
        for members in orbits:
            element = species[members[0]]
            seen[element] = seen.get(element, 0) + 1
            label = element if totals[element] == 1 else f"{element}{seen[element]}"
            site = self.group.site_symmetry(self.positions[members[0]])
            sites.append(Site(label, element, len(members), self.wyckoffs[members[0]],
                              site.symbol, tuple(int(m) for m in members)))
        return tuple(sites)

    def summary(self) -> str:
        g = self.group
        sites = ", ".join(f"{s.label} {s.multiplicity}{s.letter}" for s in self.sites)
        return (f"{self.title + ': ' if self.title else ''}{self.formula}, space group "
                f"{g.symbol} (No. {g.number}, Hall {g.hall_number}); sites: {sites}")


def from_structure(source=None, symprec: float = 1e-3, title: str = "", *,
                   cif_text: str | bytes | None = None) -> Crystal:
    """Detect the space group of a crystal and standardise it.

    Args:
        source: a CIF file (a ``pathlib.Path``, or a one-line string that names a file), CIF
            text (a string with a line break, or starting with ``data_``) or bytes, a
            pymatgen ``Structure``, or a ``(lattice, positions, numbers)`` cell with lattice
            vectors as rows (spglib's convention), fractional positions and atomic numbers
            (or element symbols).
        symprec: distance tolerance in angstrom for spglib.
        title: a name for the crystal (shown in ``summary``).
        cif_text: CIF content, never read as a path (use this for uploads); give either
            this or ``source``.

    CIF input is counted before pymatgen reads it: at most ``sgexplore.limits.
    MAX_CIF_EXPANSION`` (atom sites x symmetry operations) and ``MAX_ATOMS`` atoms.

    Returns:
        a ``Crystal``: the conventional standardised cell, its ``SpaceGroup`` in the matching
        setting and the Wyckoff letters of its sites.

    Raises:
        StructureError: unreadable input, a missing file, a singular or non-finite cell, no
            atoms, atoms closer than 0.5 angstrom, or spglib finding no symmetry.
        StructureTooLargeError: a CIF or cell beyond the caps (also a ``LimitError``).

    Examples:
        >>> cell = ([[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]], [[0, 0, 0], [0.5, 0.5, 0.5]], ["Cs", "Cl"])
        >>> crystal = from_structure(cell)
        >>> crystal.group.symbol, crystal.wyckoffs
        ('Pm-3m', ('a', 'b'))
    """
    if not (np.isfinite(symprec) and 0 < symprec < 1):
        raise StructureError(f"symprec must be in (0, 1) angstrom, got {symprec!r}")
    if cif_text is not None:
        if source is not None:
            raise StructureError("give either source or cif_text, not both")
        if not isinstance(cif_text, str | bytes):
            raise StructureError(f"cif_text must be str or bytes, got {type(cif_text).__name__}")
        source = _CifText(_decoded(cif_text))
    rows, positions, numbers = _cell(source)
    _check_cell(rows, positions, numbers)
    import spglib

    spglib.error.OLD_ERROR_HANDLING = False
    try:
        dataset = spglib.get_symmetry_dataset((rows, positions, numbers), symprec=symprec)
    except Exception as exc:  # noqa: BLE001 - spglib raises its own error types
        raise StructureError(f"spglib found no symmetry: {exc}") from None
    if dataset is None:
        raise StructureError("spglib found no symmetry (is this a crystal?)")
    std_rows = np.asarray(dataset.std_lattice, dtype=float)
    std_positions = np.mod(np.asarray(dataset.std_positions, dtype=float), 1.0)
    std_positions[np.isclose(std_positions, 1.0, atol=1e-12)] = 0.0
    std_numbers = np.asarray(dataset.std_types, dtype=int)
    std = spglib.get_symmetry_dataset((std_rows, std_positions, std_numbers), symprec=symprec,
                                      hall_number=int(dataset.hall_number))
    group = space_group(int(dataset.number), setting=int(dataset.hall_number))
    return Crystal(lattice=std_rows.T.copy(), positions=std_positions, numbers=std_numbers,
                   group=group, wyckoffs=tuple(std.wyckoffs), symprec=symprec, title=title)


def _cell(source) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(source, tuple | list) and len(source) == 3:
        lattice, positions, numbers = source
        try:
            rows = np.asarray(lattice, dtype=float).reshape(3, 3)
            positions = np.asarray(positions, dtype=float).reshape(-1, 3)
        except (TypeError, ValueError) as exc:
            raise StructureError(f"a cell is (lattice (3, 3), positions (N, 3), numbers (N,)): {exc}") from None
        return rows, positions, _atomic_numbers(numbers)
    if type(source).__name__ in {"Structure", "IStructure"}:
        return (np.asarray(source.lattice.matrix, dtype=float), np.asarray(source.frac_coords, dtype=float),
                np.array([site.specie.Z for site in source], dtype=int))
    if isinstance(source, _CifText):
        return _cell(_parse_cif(source.text))
    if isinstance(source, bytes):
        return _cell(_parse_cif(_decoded(source)))
    if isinstance(source, Path):
        return _cell(_parse_cif(_read(source)))
    if isinstance(source, str):
        return _cell(_parse_cif(source if _looks_like_cif(source) else _read(Path(source))))
    raise StructureError(f"cannot read a structure from {type(source).__name__}: "
                         "give a CIF path or text, a pymatgen Structure or (lattice, positions, numbers)")


@dataclass(frozen=True)
class _CifText:
    """CIF content that must never be taken for a file name (uploads)."""

    text: str


def _decoded(content: str | bytes) -> str:
    return content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content


def _looks_like_cif(text: str) -> bool:
    """The safe rule for strings: CIF text has a line break or starts with a data block (a
    file name has neither); anything else is a path."""
    return "\n" in text or "\r" in text or text.lstrip().lower().startswith(("data_", "#\\#cif"))


def _read(path: Path) -> str:
    if len(str(path)) > 4096 or not path.is_file():
        raise StructureError(f"no such file: {str(path)[:200]!r} (and not a CIF: CIF text has "
                             "line breaks, a data_ block and _cell_length_a)")
    try:
        return path.read_text(errors="replace")
    except OSError as exc:
        raise StructureError(f"cannot read {str(path)!r}: {exc.strerror}") from None


def _parse_cif(text: str):
    if "_cell_length_a" not in text:
        raise StructureError("not a CIF: no _cell_length_a (give a CIF path or CIF text)")
    _check_cif_text(text)
    import warnings

    from pymatgen.io.cif import CifParser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            structures = CifParser(io.StringIO(text)).parse_structures(primitive=False)
    except Exception as exc:  # noqa: BLE001 - pymatgen raises many kinds for bad CIFs
        raise StructureError(f"could not parse the CIF: {exc}") from None
    if not structures:
        raise StructureError("the CIF holds no structure")
    return structures[0]


def _atomic_numbers(numbers) -> np.ndarray:
    values = np.asarray(numbers).reshape(-1)
    if values.dtype.kind in "US":
        try:
            return np.array([_SYMBOLS.index(str(s).strip().capitalize()) for s in values], dtype=int)
        except ValueError:
            raise StructureError(f"unknown element in {values.tolist()}") from None
    if values.dtype.kind not in "iu" and not np.all(np.mod(values, 1) == 0):
        raise StructureError("atomic numbers must be integers")
    return values.astype(int)


def _check_cell(rows: np.ndarray, positions: np.ndarray, numbers: np.ndarray) -> None:
    if not (np.all(np.isfinite(rows)) and np.all(np.isfinite(positions))):
        raise StructureError("the cell has non-finite numbers")
    volume = abs(np.linalg.det(rows))
    if volume < 1e-3 * max(1.0, np.linalg.norm(rows, axis=1).prod()):
        raise StructureError(f"the lattice vectors are (nearly) coplanar: cell volume {volume:.3g} A^3")
    if len(positions) == 0:
        raise StructureError("the structure has no atoms")
    if len(positions) != len(numbers):
        raise StructureError(f"{len(positions)} positions but {len(numbers)} atomic numbers")
    if len(positions) > MAX_ATOMS:
        raise StructureTooLargeError(
            f"{len(positions):,} atoms in the cell; at most sgexplore.limits.MAX_ATOMS = "
            f"{MAX_ATOMS:,} are accepted (symmetry detection and the density figures grow with "
            "the number of atoms)")
    if np.any(numbers < 1) or np.any(numbers >= len(_SYMBOLS)):
        raise StructureError(f"atomic numbers must be in 1..{len(_SYMBOLS) - 1}")
    i, j, distance = closest_pair(rows.T, positions)
    if distance < MIN_DISTANCE:
        raise StructureError(f"atoms {i} and {j} overlap: {distance:.3f} A apart "
                             f"(less than {MIN_DISTANCE} A)")


_CIF_TOKEN = re.compile(r"""'(?:[^']|'(?=\S))*'(?=\s|$)|"(?:[^"]|"(?=\S))*"(?=\s|$)|\S+""")
_ATOM_TAGS = ("_atom_site_fract_x", "_atom_site_cartn_x")
_OPERATION_TAGS = ("_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz")
_GROUP_TAGS = ("_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt",
               "_symmetry_int_tables_number", "_space_group_it_number")
_CELL_TAGS = ("_cell_length_a", "_cell_length_b", "_cell_length_c",
              "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma")


def _cif_tokens(text: str):
    """CIF 1.1 tokens, cheaply: quoted strings, bare words, and ``;`` text fields as one
    token each; comments dropped."""
    in_field = False
    for line in text.splitlines():
        if line.startswith(";"):
            if not in_field:
                yield "?"  # the text field's value
            in_field = not in_field
            continue
        if in_field:
            continue
        for token in _CIF_TOKEN.findall(line):
            if token.startswith("#"):
                break
            yield token


def cif_blocks(text: str) -> list[dict]:
    """The data blocks of a CIF, scanned as text (no pymatgen, no expansion): for each
    block, ``items`` (tag -> value) and ``loops`` (list of (tags, number of rows)). Tags are
    lower case with ``.`` read as ``_`` (CIF 2 names)."""
    blocks: list[dict] = []
    block = {"items": {}, "loops": []}
    tokens = iter(_cif_tokens(text))
    pending = None
    while True:
        token = pending if pending is not None else next(tokens, None)
        pending = None
        if token is None:
            break
        lower = token.lower()
        if lower.startswith("data_"):
            block = {"items": {}, "loops": []}
            blocks.append(block)
        elif lower == "loop_":
            tags, values = [], 0
            for token in tokens:
                if token.startswith("_") and values == 0:
                    tags.append(token.lower().replace(".", "_"))
                elif token.startswith("_") or token.lower() in ("loop_", "stop_") \
                        or token.lower().startswith(("data_", "save_")):
                    pending = token
                    break
                else:
                    values += 1
            block["loops"].append((tags, values // max(len(tags), 1)))
        elif token.startswith("_"):
            value = next(tokens, None)
            if value is not None and value.startswith("_"):
                pending, value = value, None
            block["items"][lower.replace(".", "_")] = value
    if not blocks and (block["items"] or block["loops"]):
        blocks.append(block)
    return blocks


def _loop_rows(block: dict, names: tuple[str, ...]) -> int | None:
    rows = [n for tags, n in block["loops"] if any(t in names for t in tags)]
    if rows:
        return sum(rows)
    return 1 if any(n in block["items"] for n in names) else None


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(re.sub(r"\(\d*\)$", "", value.strip("'\"")))
    except ValueError:
        return None


def _operation_count(block: dict) -> int:
    """Symmetry operations pymatgen will apply: the operation loop, else the order of the
    named space group, else the largest order (192) when the name is not understood."""
    rows = _loop_rows(block, _OPERATION_TAGS)
    if rows:
        return rows
    for tag in _GROUP_TAGS:
        value = block["items"].get(tag)
        if value not in (None, "?", "."):
            try:
                key = value.strip("'\"")
                return space_group(int(key) if key.isdigit() else key).order
            except (ValueError, TypeError):
                return 192
    return 1


def cif_expansion(text: str) -> tuple[int, int]:
    """(atom sites, atom sites x symmetry operations) summed over the CIF's data blocks,
    counted from the text: an upper bound on the atoms pymatgen generates."""
    sites = expansion = 0
    for block in cif_blocks(text):
        count = _loop_rows(block, _ATOM_TAGS) or 0
        sites += count
        expansion += count * _operation_count(block)
    return sites, expansion


def _check_cif_text(text: str) -> None:
    """Refuse, before pymatgen, CIFs too large to expand, without atoms or with impossible
    cells (pymatgen says "integer modulo by zero" or "no structures" for those)."""
    sites, expansion = cif_expansion(text)
    if expansion > MAX_CIF_EXPANSION:
        raise StructureTooLargeError(
            f"the CIF lists {sites:,} atom sites; with its symmetry operations that is "
            f"{expansion:,} atom positions to generate, and at most sgexplore.limits."
            f"MAX_CIF_EXPANSION = {MAX_CIF_EXPANSION:,} are accepted (reading one grows with "
            "the square of this count)")
    if sites == 0:
        raise StructureError("could not parse the CIF: it holds no structure, as it lists no "
                             "atoms (no _atom_site_fract_x loop)")
    block = next(b for b in cif_blocks(text) if _loop_rows(b, _ATOM_TAGS))
    cell = {tag.removeprefix("_cell_").removeprefix("length_").removeprefix("angle_"):
            _number(block["items"].get(tag)) for tag in _CELL_TAGS}
    missing = [name for name, value in cell.items() if value is None]
    if missing:
        raise StructureError(f"the CIF's cell is incomplete: no number for {', '.join(missing)}")
    for name in ("a", "b", "c"):
        if not (np.isfinite(cell[name]) and cell[name] > 0):
            raise StructureError(f"the CIF's cell length {name} = {cell[name]:g} must be a "
                                 "positive number (angstrom)")
    for name in ("alpha", "beta", "gamma"):
        if not 0 < cell[name] < 180:
            raise StructureError(f"the CIF's cell angle {name} = {cell[name]:g} must lie strictly "
                                 "between 0 and 180 degrees")
    ca, cb, cg = (np.cos(np.radians(cell[n])) for n in ("alpha", "beta", "gamma"))
    if 1 - ca**2 - cb**2 - cg**2 + 2 * ca * cb * cg <= 1e-12:
        raise StructureError(
            f"the CIF's cell angles alpha={cell['alpha']:g}, beta={cell['beta']:g}, "
            f"gamma={cell['gamma']:g} do not form a cell (each must be smaller than the sum of "
            "the other two, and their sum below 360)")


def closest_pair(lattice: np.ndarray, positions: np.ndarray) -> tuple[int, int, float]:
    """The two atoms closest to each other across periodic images (lattice vectors as
    columns): indices and distance in angstrom. An atom and its own image count too."""
    frac = np.mod(positions, 1.0)
    shifts = np.stack(np.meshgrid(*[np.arange(-1, 2)] * 3, indexing="ij"), -1).reshape(-1, 3)
    nonzero = shifts[np.any(shifts != 0, axis=1)]
    self_distance = np.linalg.norm(nonzero @ lattice.T, axis=1).min()
    best = (0, 0, float(self_distance))
    for i in range(len(frac)):
        delta = frac[i + 1:, None, :] - frac[i] + shifts[None]
        if delta.size == 0:
            continue
        d = np.linalg.norm(delta @ lattice.T, axis=-1).min(axis=1)
        j = int(np.argmin(d))
        if d[j] < best[2]:
            best = (i, i + 1 + j, float(d[j]))
    return best


_SYMBOLS = ["X", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si",
            "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu",
            "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc",
            "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La",
            "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
            "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At",
            "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es",
            "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh",
            "Fl", "Mc", "Lv", "Ts", "Og"]
