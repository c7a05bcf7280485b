"""The Group tab without a browser: ITA tables and the general-position diagram of the
chosen group, and a click on the diagram drawing the orbit of the clicked point."""

from __future__ import annotations

import re

import numpy as np

from sgexplore.groups import wallpaper_group
from sgexplore.render._diagrams import IMPROPER_NAME, PROPER_NAME
from sgexplore.widgets import GroupPicker


class Points:
    def __init__(self, x: float, y: float) -> None:
        self.xs, self.ys, self.point_inds = [x], [y], [0]


def _circles(picker) -> tuple[int, int]:
    names = {t.name: t for t in picker.diagram.data}
    return len(names[PROPER_NAME].x), len(names[IMPROPER_NAME].x)


def test_group_tab_shows_the_general_position_diagram_and_a_clicked_orbit():
    picker = GroupPicker("p4m")
    assert _circles(picker) == (4, 4)
    assert list(picker.diagram.data[-1].text) == [","] * 4
    assert "8g" in picker.orbit_info.value
    # A click at the cell centre (Cartesian = fractional for p4m's unit square): 1b, 4mm.
    matrix = wallpaper_group("p4m").default_lattice.matrix
    x, y = matrix @ np.array([0.5, 0.5])
    picker._on_diagram_click(picker.diagram.data[0], Points(x, y), None)
    assert _circles(picker) == (1, 0)
    assert "1b (site symmetry 4mm)" in picker.orbit_info.value
    assert picker.diagram.layout.title.text == "p4mm: orbit (1 point)"
    # The click layer survives the redraw: another click still reaches Python.
    x, y = matrix @ np.array([0.3, 0.0])
    picker._on_diagram_click(picker.diagram.data[0], Points(x, y), None)
    assert "4e (site symmetry .m.)" in picker.orbit_info.value and sum(_circles(picker)) == 4


def test_group_tab_for_fm3m_groups_operations_by_centring():
    picker = GroupPicker("Fm-3m")
    html = picker.summary.value
    assert html.count("class='sg-operation'") == 48
    assert "(0,0,0)+ (0,1/2,1/2)+ (1/2,0,1/2)+ (1/2,1/2,0)+" in html
    assert sum(_circles(picker)) == 192 and "projected along c" in picker.diagram.layout.title.text


def test_group_tab_lists_every_triplet_of_p21c_4e():
    picker = GroupPicker("P2_1/c")
    html = picker.summary.value
    row = re.search(r"<tr class='sg-wyckoff-row' data-letter='e'>.*?</tr>", html).group(0)
    assert row.count("class='sg-triplet'") == 4
    assert "(-x,y+1/2,-z+1/2)" in row
    heights = sorted(c[1] for t in picker.diagram.data if t.name in (PROPER_NAME, IMPROPER_NAME)
                     for c in t.customdata)
    assert heights == ["+", "-", "1/2+", "1/2-"]
    # A space group: a click at the origin of the projection keeps the general point's
    # height z = 0.11; (0, 0, z) lies on no symmetry element of P2_1/c, so its orbit is 4e.
    picker._on_diagram_click(picker.diagram.data[0], Points(0.0, 0.0), None)
    assert "Orbit of (0.000, 0.000, 0.110): 4 points" in picker.orbit_info.value
    assert "4e" in picker.orbit_info.value
    assert picker.diagram.layout.title.text.startswith("P2_1/c: general position (4 points)")
