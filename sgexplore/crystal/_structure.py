"""From a real crystal to its space group: parse, detect with spglib, standardise."""

from __future__ import annotations

import io
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


def from_structure(source, symprec: float = 1e-3, title: str = "") -> Crystal:
    """Detect the space group of a crystal and standardise it.

    Args:
        source: a CIF file path or CIF text, a pymatgen ``Structure``, or a
            ``(lattice, positions, numbers)`` cell with lattice vectors as rows (spglib's
            convention), fractional positions and atomic numbers (or element symbols).
        symprec: distance tolerance in angstrom for spglib.

    Returns:
        a ``Crystal``: the conventional standardised cell, its ``SpaceGroup`` in the matching
        setting and the Wyckoff letters of its sites.

    Raises:
        StructureError: unreadable input, a singular or non-finite cell, no atoms, atoms
            closer than 0.5 angstrom, or spglib finding no symmetry.

    Examples:
        >>> cell = ([[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]], [[0, 0, 0], [0.5, 0.5, 0.5]], ["Cs", "Cl"])
        >>> crystal = from_structure(cell)
        >>> crystal.group.symbol, crystal.wyckoffs
        ('Pm-3m', ('a', 'b'))
    """
    if not (np.isfinite(symprec) and 0 < symprec < 1):
        raise StructureError(f"symprec must be in (0, 1) angstrom, got {symprec!r}")
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
    if isinstance(source, str | Path):
        return _cell(_parse_cif(source))
    raise StructureError(f"cannot read a structure from {type(source).__name__}: "
                         "give a CIF path or text, a pymatgen Structure or (lattice, positions, numbers)")


def _parse_cif(source: str | Path):
    text = str(source)
    if "\n" not in text and len(text) < 4096 and Path(text).is_file():
        text = Path(text).read_text(errors="replace")
    elif isinstance(source, Path):
        raise StructureError(f"no such file: {source}")
    if "_cell_length_a" not in text:
        raise StructureError("not a CIF: no _cell_length_a (give a CIF path or CIF text)")
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
        raise StructureError(f"{len(positions)} atoms in the cell; at most {MAX_ATOMS} are accepted")
    if np.any(numbers < 1) or np.any(numbers >= len(_SYMBOLS)):
        raise StructureError(f"atomic numbers must be in 1..{len(_SYMBOLS) - 1}")
    i, j, distance = closest_pair(rows.T, positions)
    if distance < MIN_DISTANCE:
        raise StructureError(f"atoms {i} and {j} overlap: {distance:.3f} A apart "
                             f"(less than {MIN_DISTANCE} A)")


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
