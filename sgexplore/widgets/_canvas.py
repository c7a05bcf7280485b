"""The Draw tab: SymmetryCanvas, an anywidget where strokes drawn with the mouse are
repeated by a wallpaper group in the browser (front end: ``widgets/symmetry_canvas.js``),
and DrawExplorer, the canvas with its group chooser and instruction."""

from __future__ import annotations

from html import escape
from pathlib import Path

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets

from ..groups import UnknownGroupError, WallpaperGroup, all_wallpaper_groups, wallpaper_group
from ..render._plane import DOMAIN_COLOUR, GLIDE_COLOUR, MIRROR_COLOUR

#: The overlays the canvas can draw under the strokes.
OVERLAYS = ("elements", "cell", "domain")


def _frontend(name: str) -> Path:
    """The front-end file: packaged as ``sgexplore/_frontend`` in a wheel, or the
    repository's top-level ``widgets/`` folder in a source checkout."""
    packaged = Path(__file__).resolve().parents[1] / "_frontend" / name
    return packaged if packaged.exists() else Path(__file__).resolve().parents[2] / "widgets" / name


def canvas_geometry(group: WallpaperGroup) -> dict[str, list]:
    """What the canvas draws under the strokes, in fractional coordinates of one cell (the
    browser repeats the elements by the lattice and draws one copy of the domain): the
    group's mirror and glide segments meeting the closed unit cell, its rotation centres
    with their orders, and its fundamental domain's vertices (counter-clockwise).

    Examples:
        >>> from sgexplore import wallpaper_group
        >>> geometry = canvas_geometry(wallpaper_group("p4g"))
        >>> len(geometry["mirrors"]), len(geometry["glides"]), sorted({o for *_, o in geometry["rotations"]})
        (4, 6, [2, 4])
    """
    elements = group.cell_elements
    return {
        "mirrors": elements.mirror_lines.tolist(),
        "glides": elements.glide_lines.tolist(),
        "rotations": [[float(u), float(v), int(order)] for (u, v), order
                      in zip(elements.rotation_centres, elements.rotation_orders)],
        "domain": group.fundamental_domain.vertices.tolist(),
    }


class SymmetryCanvas(anywidget.AnyWidget):
    """Draw on a canvas and see the drawing repeated by the group, with no round trip per
    stroke. ``group`` is a wallpaper group symbol; Python sends its operations (rotation and
    translation, fractional), lattice and overlay geometry (``canvas_geometry``) once per
    group; finished strokes come back in ``strokes`` as lists of fractional points, with
    their colour and width in ``styles``. ``overlays`` names what is drawn under the
    strokes (of ``OVERLAYS``). The canvas's own buttons undo, clear and export the drawing
    (PNG, SVG) in the browser. An unknown symbol sets ``error`` and keeps the last group.

    Examples:
        >>> canvas = SymmetryCanvas("p4m")
        >>> len(canvas.operations), canvas.error
        (8, '')
    """

    _esm = _frontend("symmetry_canvas.js")
    _css = _frontend("symmetry_canvas.css")
    group = traitlets.Unicode("p4m").tag(sync=True)
    operations = traitlets.List().tag(sync=True)
    lattice = traitlets.List().tag(sync=True)
    geometry = traitlets.Dict().tag(sync=True)
    cells = traitlets.Int(3).tag(sync=True)
    strokes = traitlets.List().tag(sync=True)
    styles = traitlets.List().tag(sync=True)
    colour = traitlets.Unicode("#6a1b9a").tag(sync=True)
    width = traitlets.Float(3.0).tag(sync=True)
    overlays = traitlets.List(traitlets.Enum(OVERLAYS), ["cell"]).tag(sync=True)
    palette = traitlets.Dict({"mirror": MIRROR_COLOUR, "glide": GLIDE_COLOUR,
                              "domain": DOMAIN_COLOUR}).tag(sync=True)
    error = traitlets.Unicode("")

    def __init__(self, group: str = "p4m", **kwargs) -> None:
        super().__init__(**kwargs)
        self.observe(self._resolve, "group")
        self.group = group
        self._resolve({"new": group})

    @traitlets.validate("width")
    def _valid_width(self, proposal) -> float:
        width = float(proposal["value"])
        if not 0.5 <= width <= 40:
            raise traitlets.TraitError(f"stroke width is between 0.5 and 40 pixels, got {width}")
        return width

    def _resolve(self, change: dict) -> None:
        try:
            g = wallpaper_group(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)
            return
        self.error = ""
        with self.hold_sync():
            self.lattice = g.default_lattice.matrix.tolist()
            self.geometry = canvas_geometry(g)
            self.operations = [np.column_stack([r, t]).tolist()
                               for r, t in zip(g.rotations.astype(float), g.translations)]

    def undo(self) -> None:
        """Remove the last stroke (as the canvas's undo button does)."""
        self.strokes, self.styles = self.strokes[:-1], self.styles[:len(self.strokes) - 1]

    def clear(self) -> None:
        """Remove every stroke."""
        self.strokes, self.styles = [], []

    def images(self) -> np.ndarray:
        """(S, |H|, P, 2) every stroke under every operation (fractional, reduced to the
        cell by its first point), as the browser draws them before adding lattice shifts;
        for tests and export."""
        out = []
        for stroke in self.strokes:
            points = np.asarray(stroke, dtype=float)
            per_op = []
            for op in np.asarray(self.operations):
                moved = points @ op[:, :2].T + op[:, 2]
                per_op.append(moved - np.floor(moved[0]))
            out.append(per_op)
        return np.asarray(out)


INSTRUCTION = ("Draw with the mouse or a finger: every stroke is repeated by the group's "
               "symmetries. Change the group to see the same strokes repeated anew.")


class DrawExplorer(widgets.VBox):
    """The Draw tab (the Kali / iOrnament loop): a one-line instruction, the group chooser
    (Hermann-Mauguin and Conway symbols, e.g. "p4g (4*2)"), the number of strokes, and the
    SymmetryCanvas with its colour, width, overlay, undo, clear and export controls.

    Examples:
        >>> explorer = DrawExplorer("p4g")
        >>> explorer.group_select.label, len(explorer.canvas.operations)
        ('p4g (4*2)', 8)
    """

    def __init__(self, symbol: str = "p4m") -> None:
        self.canvas = SymmetryCanvas(symbol)
        options = [(f"{g.common_symbol} ({g.conway})", g.common_symbol) for g in all_wallpaper_groups()]
        self.group_select = widgets.Dropdown(options=options, value=self.canvas.group,
                                             description="Group", layout=widgets.Layout(width="16em"))
        self.group_select.add_class("sg-group-select")
        self.count = widgets.HTML(self._count_html())
        self.canvas.observe(lambda _: setattr(self.count, "value", self._count_html()), "strokes")
        self.group_select.observe(lambda c: setattr(self.canvas, "group", c["new"]), "value")
        instruction = widgets.HTML(f"<div class='sg-instruction'>{escape(INSTRUCTION)}</div>")
        controls = widgets.HBox([self.group_select, self.count],
                                layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__([instruction, controls, self.canvas])
        self.add_class("sg-canvas-tab")

    def _count_html(self) -> str:
        n = len(self.canvas.strokes)
        return f"<span class='sg-stroke-count'>{n} stroke{'' if n == 1 else 's'}</span>"
