"""SymmetryCanvas: an anywidget where strokes drawn with the mouse are repeated by a
wallpaper group in the browser (front end: ``widgets/symmetry_canvas.js``)."""

from __future__ import annotations

from pathlib import Path

import anywidget
import numpy as np
import traitlets

from ..groups import UnknownGroupError, wallpaper_group


def _frontend(name: str) -> Path:
    """The front-end file: packaged as ``sgexplore/_frontend`` in a wheel, or the
    repository's top-level ``widgets/`` folder in a source checkout."""
    packaged = Path(__file__).resolve().parents[1] / "_frontend" / name
    return packaged if packaged.exists() else Path(__file__).resolve().parents[2] / "widgets" / name


class SymmetryCanvas(anywidget.AnyWidget):
    """Draw on a canvas and see the drawing repeated by the group, with no round trip per
    stroke. ``group`` is a wallpaper group symbol; Python sends its operations (rotation and
    translation, fractional) and lattice once; finished strokes come back in ``strokes`` as
    lists of fractional points. An unknown symbol sets ``error`` and keeps the last group.

    Examples:
        >>> canvas = SymmetryCanvas("p4m")
        >>> len(canvas.operations), canvas.error
        (8, '')
    """

    _esm = _frontend("symmetry_canvas.js")
    group = traitlets.Unicode("p4m").tag(sync=True)
    operations = traitlets.List().tag(sync=True)
    lattice = traitlets.List().tag(sync=True)
    cells = traitlets.Int(3).tag(sync=True)
    strokes = traitlets.List().tag(sync=True)
    error = traitlets.Unicode("")

    def __init__(self, group: str = "p4m", **kwargs) -> None:
        super().__init__(**kwargs)
        self.observe(self._resolve, "group")
        self.group = group
        self._resolve({"new": group})

    def _resolve(self, change: dict) -> None:
        try:
            g = wallpaper_group(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.lattice = g.default_lattice.matrix.tolist()
        self.operations = [np.column_stack([r, t]).tolist()
                           for r, t in zip(g.rotations.astype(float), g.translations)]

    def images(self) -> np.ndarray:
        """(S, |H|, P, 2) every stroke under every operation (fractional, reduced to the
        cell by its first point), as the browser draws them; for tests and export."""
        out = []
        for stroke in self.strokes:
            points = np.asarray(stroke, dtype=float)
            per_op = []
            for op in np.asarray(self.operations):
                moved = points @ op[:, :2].T + op[:, 2]
                per_op.append(moved - np.floor(moved[0]))
            out.append(per_op)
        return np.asarray(out)
