"""The 17 plane groups in the standard settings of the International Tables, Vol. A.

Each entry: number, ITA symbol, full symbol, older short symbol, Conway orbifold symbol,
lattice family, point group, generators (coordinate triplets, centring included) and the
ITA asymmetric unit as counter-clockwise polygon vertices.
"""

from __future__ import annotations

from typing import NamedTuple


class PlaneGroupRecord(NamedTuple):
    number: int
    symbol: str
    full_symbol: str
    common_symbol: str
    conway: str
    lattice: str
    point_group: str
    generators: tuple[str, ...]
    asu: tuple[tuple[str, str], ...]


_SQUARE_HALF = (("0", "0"), ("1/2", "0"), ("1/2", "1/2"), ("0", "1/2"))
_HALF_STRIP = (("0", "0"), ("1/2", "0"), ("1/2", "1"), ("0", "1"))
_HEX_KITE = (("0", "0"), ("1/2", "0"), ("2/3", "1/3"), ("1/2", "1/2"))

PLANE_GROUPS: tuple[PlaneGroupRecord, ...] = (
    PlaneGroupRecord(1, "p1", "p1", "p1", "o", "oblique", "1", (),
                     (("0", "0"), ("1", "0"), ("1", "1"), ("0", "1"))),
    PlaneGroupRecord(2, "p2", "p2", "p2", "2222", "oblique", "2", ("-x,-y",), _HALF_STRIP),
    PlaneGroupRecord(3, "pm", "p1m1", "pm", "**", "rectangular", "m", ("-x,y",), _HALF_STRIP),
    PlaneGroupRecord(4, "pg", "p1g1", "pg", "xx", "rectangular", "m", ("-x,y+1/2",), _HALF_STRIP),
    PlaneGroupRecord(5, "cm", "c1m1", "cm", "*x", "rectangular", "m",
                     ("-x,y", "x+1/2,y+1/2"), _SQUARE_HALF),
    PlaneGroupRecord(6, "p2mm", "p2mm", "pmm", "*2222", "rectangular", "2mm",
                     ("-x,-y", "-x,y"), _SQUARE_HALF),
    PlaneGroupRecord(7, "p2mg", "p2mg", "pmg", "22*", "rectangular", "2mm",
                     ("-x,-y", "-x+1/2,y"), (("0", "0"), ("1/4", "0"), ("1/4", "1"), ("0", "1"))),
    PlaneGroupRecord(8, "p2gg", "p2gg", "pgg", "22x", "rectangular", "2mm",
                     ("-x,-y", "-x+1/2,y+1/2"), _SQUARE_HALF),
    PlaneGroupRecord(9, "c2mm", "c2mm", "cmm", "2*22", "rectangular", "2mm",
                     ("-x,-y", "-x,y", "x+1/2,y+1/2"),
                     (("0", "0"), ("1/4", "0"), ("1/4", "1/2"), ("0", "1/2"))),
    PlaneGroupRecord(10, "p4", "p4", "p4", "442", "square", "4", ("-y,x",), _SQUARE_HALF),
    PlaneGroupRecord(11, "p4mm", "p4mm", "p4m", "*442", "square", "4mm", ("-y,x", "-x,y"),
                     (("0", "0"), ("1/2", "0"), ("1/2", "1/2"))),
    PlaneGroupRecord(12, "p4gm", "p4gm", "p4g", "4*2", "square", "4mm",
                     ("-y,x", "-x+1/2,y+1/2"), (("0", "0"), ("1/2", "0"), ("0", "1/2"))),
    PlaneGroupRecord(13, "p3", "p3", "p3", "333", "hexagonal", "3", ("-y,x-y",),
                     (("0", "0"), ("1/2", "0"), ("2/3", "1/3"), ("1/3", "2/3"), ("0", "1/2"))),
    PlaneGroupRecord(14, "p3m1", "p3m1", "p3m1", "*333", "hexagonal", "3m", ("-y,x-y", "-y,-x"),
                     (("0", "0"), ("2/3", "1/3"), ("1/3", "2/3"))),
    PlaneGroupRecord(15, "p31m", "p31m", "p31m", "3*3", "hexagonal", "3m", ("-y,x-y", "y,x"),
                     _HEX_KITE),
    PlaneGroupRecord(16, "p6", "p6", "p6", "632", "hexagonal", "6", ("x-y,x",), _HEX_KITE),
    PlaneGroupRecord(17, "p6mm", "p6mm", "p6m", "*632", "hexagonal", "6mm", ("x-y,x", "-y,-x"),
                     (("0", "0"), ("1/2", "0"), ("2/3", "1/3"))),
)
