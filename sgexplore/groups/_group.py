"""Wallpaper and space groups as exact operation sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

from ._cell3d import SpaceCellElements, space_cell_elements
from ._domain import FundamentalDomain
from ._errors import LatticeError, SgexploreError
from ._ita_order import ita_order_key
from ._ita_text import ita_representatives
from ._lattice import Lattice, LatticeRule
from ._operations import DENOMINATOR, Operation, closure
from ._reflections import reflection_conditions, systematic_absences
from ._spacegroup_data import asymmetric_unit
from ._subgroups import (
    SubgroupRelation,
    WyckoffSplit,
    maximal_subgroups,
    minimal_supergroups,
    wyckoff_splitting,
)
from ._symmetry import (
    CellElements,
    SiteSymmetry,
    SymmetryElement,
    WyckoffPosition,
    cell_elements,
    classify,
    orbit,
    site_symmetry,
    wyckoff_positions,
)


@dataclass(frozen=True, eq=False)
class CrystallographicGroup:
    """Operations of a crystallographic group modulo lattice translations.

    Centring translations are included (the spglib convention), so ``order`` is the
    number of operations in the conventional cell: 4 for cm, 192 for Fm-3m.

    Attributes:
        number: ITA number (1-17 for plane groups, 1-230 for space groups).
        symbol: short Hermann-Mauguin symbol, e.g. ``"p4mm"`` or ``"Fm-3m"``.
        full_symbol: full Hermann-Mauguin symbol.
        operations: the operations as exact ``Operation`` objects, identity first.
        point_group: Hermann-Mauguin symbol of the point group.
        lattice_system: lattice system in words (``"square"``, ``"rhombohedral"``, ...).
        centring: lattice centring letter (``p``/``c`` in 2D, ``P A B C I F R`` in 3D).
    """

    number: int
    symbol: str
    full_symbol: str
    operations: tuple[Operation, ...] = field(repr=False)
    point_group: str = field(repr=False)
    lattice_system: str = field(repr=False)
    centring: str = field(repr=False)
    lattice_rule: LatticeRule = field(repr=False)

    @property
    def dim(self) -> int:
        """2 for wallpaper groups, 3 for space groups."""
        return self.operations[0].dim

    @property
    def order(self) -> int:
        """Number of operations modulo lattice translations, centring included."""
        return len(self.operations)

    @cached_property
    def rotations(self) -> np.ndarray:
        """(n, d, d) int64 linear parts, acting on fractional column vectors."""
        return _frozen(np.stack([op.rotation for op in self.operations]))

    @cached_property
    def translation_numerators(self) -> np.ndarray:
        """(n, d) int64 translations times ``denominator``, in [0, denominator)."""
        return _frozen(np.stack([op.translation_numerator for op in self.operations]))

    @property
    def denominator(self) -> int:
        """Common denominator of ``translation_numerators`` (24)."""
        return DENOMINATOR

    @cached_property
    def translations(self) -> np.ndarray:
        """(n, d) float64 translations in [0, 1)."""
        return _frozen(self.translation_numerators / DENOMINATOR)

    @cached_property
    def point_group_order(self) -> int:
        """Number of distinct linear parts."""
        return len({r.tobytes() for r in self.rotations})

    @cached_property
    def centring_translations(self) -> np.ndarray:
        """(c, d) float64 pure translations of the group in [0, 1), zero vector first."""
        identity = np.eye(self.dim, dtype=np.int64)
        return _frozen(np.array([op.translation for op in self.operations
                                 if np.array_equal(op.rotation, identity)]))

    @cached_property
    def is_symmorphic(self) -> bool:
        """Whether some point has the full point group as its site symmetry.

        Decided exactly by searching the points of the (1/24)-grid, which holds every
        special position of a conventional setting.
        """
        axes = np.meshgrid(*[np.arange(DENOMINATOR)] * self.dim, indexing="ij")
        points = np.stack([a.ravel() for a in axes], axis=1)
        counts = np.zeros(len(points), dtype=np.int64)
        for r, t in zip(self.rotations, self.translation_numerators):
            image = np.mod(points @ r.T + t, DENOMINATOR)
            counts += np.all(image == points, axis=1)
        return int(counts.max()) == self.point_group_order

    @cached_property
    def generators(self) -> tuple[Operation, ...]:
        """A small generating set (centring translations included), chosen greedily in
        the order of ``operations``; with lattice translations it generates the group."""
        chosen: list[Operation] = []
        generated = {self.operations[0]}
        for op in self.operations[1:]:
            if op not in generated:
                chosen.append(op)
                generated = set(closure(chosen, self.dim))
        return tuple(chosen)

    @cached_property
    def operation_strings(self) -> tuple[str, ...]:
        """The operations as ITA coordinate triplets, e.g. ``('x,y', '-x,-y')``."""
        return tuple(op.xyz for op in self.operations)

    @cached_property
    def symmetry_elements(self) -> tuple[SymmetryElement, ...]:
        """The geometric meaning of each operation, in the order of ``operations``.

        Examples:
            >>> from sgexplore import space_group
            >>> [e.ita_symbol for e in space_group("P4_1").symmetry_elements]
            ['1', '2(0,0,1/2) 0,0,z', '4-(0,0,3/4) 0,0,z', '4+(0,0,1/4) 0,0,z']
            >>> [e.symbol for e in space_group("P4_1").symmetry_elements]
            ['1', '2_1', '4_1', '4_1']
        """
        centrings = self.centring_translations
        return tuple(classify(op, centrings) for op in self.operations)

    @cached_property
    def coset_representatives(self) -> tuple[Operation, ...]:
        """The operations modulo the centring translations, as ITA lists them in its
        (0,0,0)+ set, (1), (2), ... With ``centring_translations`` they give every
        operation: Fm-3m has 48, cm 2.

        A space group in its standard setting has ITA's own representatives (Bilbao's
        general position, see ``_ita_text``); another setting has them transformed by its
        change of basis, in the same numbering. A plane group has, of each coset, the member
        with the smallest translation (lexicographic in [0, 1)), in ITA's order of the
        general position (its fixed sequence of point operations per holohedry; see
        ``_ita_order``).

        Examples:
            >>> from sgexplore import space_group, wallpaper_group
            >>> len(space_group("Fm-3m").coset_representatives), len(wallpaper_group("cm").coset_representatives)
            (48, 2)
            >>> space_group("Fd-3m").coset_representatives[1].xyz
            '-x+3/4,-y+1/4,z+1/2'
        """
        ita = ita_representatives(self)
        if ita is not None:
            return ita
        numerators = np.rint(self.centring_translations * DENOMINATOR).astype(np.int64)
        chosen: dict[bytes, Operation] = {}
        for op in self.operations:
            # Key of the coset: the smallest translation among op + every centring.
            members = np.mod(op.translation_numerator + numerators, DENOMINATOR)
            smallest = min(map(tuple, members))
            key = op.rotation.tobytes() + np.array(smallest).tobytes()
            if key not in chosen or tuple(op.translation_numerator) < tuple(chosen[key].translation_numerator):
                chosen[key] = op
        return tuple(sorted(chosen.values(), key=lambda op: ita_order_key(self, op.rotation)))

    @cached_property
    def reflection_conditions(self) -> tuple[str, ...]:
        """ITA's general reflection conditions, derived from the operations: one line per
        class of reflections (hkl, zones such as 0kl or hhl, rows such as h00 or 000l in
        hexagonal four-index names) whose surviving members the group restricts, in ITA's
        order, with ITA's one class of each set the Laue group makes equivalent. As in ITA,
        a class's line states its full condition, centring included (Fm-3m 0kl: k, l = 2n).

        Examples:
            >>> from sgexplore import space_group, wallpaper_group
            >>> space_group("Fm-3m").reflection_conditions
            ('hkl: h+k, h+l, k+l = 2n', '0kl: k, l = 2n', 'hhl: h+l = 2n', 'h00: h = 2n')
            >>> wallpaper_group("pg").reflection_conditions
            ('0k: k = 2n',)
        """
        return reflection_conditions(self)

    def systematic_absences(self, frequencies) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which integer frequencies (Miller indices, (n, d)) are systematically absent.

        Returns (extinct (n,) bool, cause (n,) int8 index into ``("centring", "glide",
        "screw")`` or -1, operation (n,) int64 index into ``operations`` of an operation
        responsible, or -1). k is absent exactly when an operation with R^T k = k has k.t
        not an integer; a centring is named whenever one is responsible.

        Examples:
            >>> from sgexplore import space_group
            >>> extinct, cause, _ = space_group("Fm-3m").systematic_absences([[1, 0, 0], [1, 1, 1]])
            >>> extinct.tolist(), cause.tolist()
            ([True, False], [0, -1])
        """
        return systematic_absences(self, frequencies)

    def maximal_subgroups(self) -> tuple[SubgroupRelation, ...]:
        """The maximal subgroups, one record per conjugacy class under the group: all
        translationengleiche (t) and all non-isomorphic klassengleiche (k) ones, and the
        isomorphic k-subgroups of the lowest index (they are infinitely many). Each record
        holds the subgroup's type in its standard setting and (P, p) from this setting to it.
        Enumerated with moyopy (t) and from the exact group data (k); see ``_subgroups``.

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> [(r.kind, r.index, r.subgroup.symbol, r.transformation)
            ...  for r in wallpaper_group("p4m").maximal_subgroups()][:4]
            [('t', 2, 'p4', 'a,b'), ('t', 2, 'c2mm', 'a-b,a+b'), ('t', 2, 'p2mm', 'a,b'), ('k', 2, 'p4gm', 'a-b,a+b')]
        """
        return maximal_subgroups(self)

    def minimal_supergroups(self) -> tuple[SubgroupRelation, ...]:
        """The groups of which this group's type is a maximal subgroup (as
        ``maximal_subgroups`` lists them), one record per (supergroup, class): the record's
        ``group`` is the supergroup in its standard setting and ``subgroup`` this group's type
        in its standard setting. Computed from every group's maximal subgroups (some seconds
        for space groups, cached).

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> sorted({r.group.symbol for r in wallpaper_group("p2mm").minimal_supergroups()})
            ['c2mm', 'p2mm', 'p4mm']
        """
        return minimal_supergroups(self)

    def wyckoff_splitting(self, relation: SubgroupRelation) -> tuple[WyckoffSplit, ...]:
        """How each Wyckoff position of this group splits into positions of the subgroup of
        ``relation`` (a record of ``maximal_subgroups()``), computed by orbits.

        Examples:
            >>> from sgexplore import space_group
            >>> g = space_group("Pm-3m")
            >>> r = next(r for r in g.maximal_subgroups() if r.subgroup.symbol == "P4/mmm")
            >>> [s.text for s in g.wyckoff_splitting(r)][-2:]
            ['1b -> 1d', '1a -> 1a']
        """
        if relation.group != self:
            raise SgexploreError(f"{relation!r} is a subgroup of {relation.group.symbol}, "
                             f"not of {self.symbol}")
        return wyckoff_splitting(relation)

    def wyckoff_positions(self) -> tuple[WyckoffPosition, ...]:
        """The Wyckoff positions of the group in its setting, general position first.

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> [(w.multiplicity, w.letter, w.site_symmetry, w.coordinates)
            ...  for w in wallpaper_group("p4m").wyckoff_positions()][-3:]
            [(2, 'c', '2mm.', '1/2,0'), (1, 'b', '4mm', '1/2,1/2'), (1, 'a', '4mm', '0,0')]
        """
        return self._wyckoff

    @cached_property
    def _wyckoff(self) -> tuple[WyckoffPosition, ...]:
        return wyckoff_positions(self)

    def orbit(self, x, tolerance: float = 1e-6) -> np.ndarray:
        """(m, d) the distinct images of the fractional point x in the unit cell."""
        return orbit(self, x, tolerance)

    def site_symmetry(self, x, tolerance: float = 1e-6) -> SiteSymmetry:
        """Stabiliser, multiplicity, Wyckoff letter and site-symmetry symbol of x.

        Raises:
            PointError: x is not ``dim`` finite coordinates.
            SgexploreError: x lies about ``tolerance`` away from a special position, so
                that part of its site symmetry fixes x within tolerance and the rest does not.

        Examples:
            >>> from sgexplore import space_group
            >>> site = space_group("Fm-3m").site_symmetry([0.25, 0.25, 0.25])
            >>> site.letter, site.multiplicity, site.symbol
            ('c', 8, '-43m')
        """
        return site_symmetry(self, x, tolerance)

    @property
    def free_lattice_parameters(self) -> tuple[str, ...]:
        """Names of the lattice parameters this group leaves free."""
        return self.lattice_rule.free

    def lattice(self, **parameters: float) -> Lattice:
        """A lattice compatible with the group.

        Unspecified parameters take the defaults of the group's lattice family; tied ones
        follow the free ones. Parameters that break the symmetry raise ``LatticeError``.

        Examples:
            >>> from sgexplore import wallpaper_group
            >>> wallpaper_group("p4m").lattice(a=2.0).parameters["b"]
            2.0
        """
        values = self.lattice_rule.resolve(parameters, self.symbol)
        lattice = Lattice.from_parameters(**values)
        self._check_metric(lattice)
        return lattice

    @cached_property
    def default_lattice(self) -> Lattice:
        """The lattice with every parameter at its default."""
        return self.lattice()

    def _check_metric(self, lattice: Lattice) -> None:
        metric = lattice.metric
        for r in self.rotations:
            if not np.allclose(r.T @ metric @ r, metric, rtol=0, atol=1e-9 * np.abs(metric).max()):
                raise LatticeError(
                    f"lattice {lattice!r} is not invariant under the operations of {self.symbol}"
                )

    def check_lattice(self, lattice: Lattice | np.ndarray) -> Lattice:
        """Return ``lattice`` as a ``Lattice`` after checking that R^T M R = M for all R."""
        lattice = lattice if isinstance(lattice, Lattice) else Lattice(np.asarray(lattice))
        if lattice.dim != self.dim:
            raise LatticeError(f"{self.symbol} needs a {self.dim}D lattice, got {lattice.dim}D")
        self._check_metric(lattice)
        return lattice

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._identity == other._identity

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._identity))

    @property
    def _identity(self) -> tuple:
        return (self.number,)


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class WallpaperGroup(CrystallographicGroup):
    """One of the 17 plane (wallpaper) groups, in the standard ITA setting.

    Attributes:
        conway: Conway's orbifold symbol, e.g. ``"*632"`` (crosscaps written ``x``).
        common_symbol: the older abbreviated symbol, e.g. ``"p6m"`` for p6mm.

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> g = wallpaper_group("*442")
        >>> g.symbol, g.order, g.is_symmorphic
        ('p4mm', 8, True)
    """

    conway: str = ""
    common_symbol: str = field(default="", repr=False)
    asu_vertices: tuple = field(default=(), repr=False)

    @cached_property
    def cell_elements(self) -> CellElements:
        """Every rotation centre, mirror line and glide line meeting the unit cell."""
        return cell_elements(self)

    @cached_property
    def fundamental_domain(self) -> FundamentalDomain:
        """The ITA asymmetric unit as a polygon in fractional coordinates."""
        vertices = [(Fraction(x), Fraction(y)) for x, y in self.asu_vertices]
        return FundamentalDomain.from_polygon(vertices)


@dataclass(frozen=True, eq=False)
class SpaceGroup(CrystallographicGroup):
    """One of the 230 space groups in one of spglib's 530 Hall settings.

    Attributes:
        hall_number: spglib's serial number of the setting (1-530).
        hall_symbol: Hall symbol of the setting, e.g. ``"-F 4 2 3"``.
        setting: spglib's choice string (``""``, ``"b"``, ``"1"``, ``"2"``, ``"H"``, ``"R"``, ...).
        schoenflies: Schoenflies symbol, e.g. ``"Oh^5"``.
        setting_symbol: Hermann-Mauguin symbol of this setting, e.g. ``"P 1 1 2"``.
        crystal_system: triclinic, monoclinic, orthorhombic, tetragonal, trigonal,
            hexagonal or cubic.

    Examples:
        >>> from sgexplore import space_group
        >>> g = space_group("Fm-3m")
        >>> g.number, g.order, g.point_group_order, g.centring
        (225, 192, 48, 'F')
    """

    hall_number: int = 0
    hall_symbol: str = ""
    setting: str = ""
    schoenflies: str = field(default="", repr=False)
    setting_symbol: str = field(default="", repr=False)
    crystal_system: str = field(default="", repr=False)

    @cached_property
    def cell_elements(self) -> SpaceCellElements:
        """Every rotation/screw axis, mirror/glide plane and inversion or rotoinversion
        centre meeting the unit cell.

        Examples:
            >>> from sgexplore import space_group
            >>> space_group("P4/mmm").cell_elements.axis_counts()
            {2: 28, 4: 5}
        """
        return space_cell_elements(self)

    @cached_property
    def fundamental_domain(self) -> FundamentalDomain:
        """The ITA asymmetric unit (cctbx's implementation) as a convex polyhedron in
        fractional coordinates of this setting."""
        return asymmetric_unit(self.hall_number)

    @property
    def _identity(self) -> tuple:
        return (self.hall_number,)
