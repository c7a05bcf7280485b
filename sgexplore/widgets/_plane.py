"""The plane explorers' common room: the lattice editor (its model and its view), the
plane-group model base and the plane explorer base, and the data downloads."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..groups import (
    CrystallographicGroup,
    Lattice,
    LatticeError,
    UnknownGroupError,
    WallpaperGroup,
    wallpaper_group,
)
from ..limits import MAX_CSV_ROWS, MAX_NPZ_BYTES
from ..render import BARE, field_heatmap
from ._base import (
    GroupState,
    RecomputingModel,
    StatusLine,
    close_widgets,
    group_dropdown,
    status_html,
    sync_figure,
)


# Heatmaps are resampled to at most this many pixels a side for display: the plot is about
# that size on screen, and sending more only slows the browser round trip.
DISPLAY_PIXELS = 360


def grid_csv(columns: dict[str, np.ndarray], lattice: np.ndarray, header: str = "") -> str:
    """Fields on a periodic grid as CSV: one row per grid point with its fractional and
    Cartesian coordinates and one column per field (all fields share the grid shape)."""
    shape = next(iter(columns.values())).shape
    fractional = np.stack(np.meshgrid(*[np.arange(n) / n for n in shape], indexing="ij"), -1)
    fractional = fractional.reshape(-1, len(shape))
    names = [f"{axis}_frac" for axis in "xyz"[:len(shape)]] + list("xyz"[:len(shape)]) + list(columns)
    table = np.column_stack([fractional, fractional @ np.asarray(lattice).T,
                             *[np.asarray(v, dtype=float).reshape(-1) for v in columns.values()]])
    buffer = io.StringIO()
    np.savetxt(buffer, table, delimiter=",", header=header + ",".join(names), comments="",
               fmt="%.10g")
    return buffer.getvalue()


def download_links(name: str, arrays: dict[str, np.ndarray], columns: dict[str, np.ndarray],
                   lattice: np.ndarray, header: str = "") -> str:
    """Two links carrying the data in the page itself: a compressed ``.npz`` of ``arrays``
    and a CSV of the grid ``columns`` (``grid_csv``). A file beyond its cap
    (``MAX_CSV_ROWS`` rows, ``MAX_NPZ_BYTES`` bytes) is not sent: a line says why and what
    to do instead."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    links = []
    if buffer.tell() <= MAX_NPZ_BYTES:
        npz = base64.b64encode(buffer.getvalue()).decode()
        links.append(f"<a class='sg-download' download='{name}.npz' "
                     f"href='data:application/octet-stream;base64,{npz}'>download {name}.npz</a>")
    else:
        links.append(f"<span class='sg-download-capped'>{name}.npz would be "
                     f"{buffer.tell() / 2**20:.0f} MB, over the page's {MAX_NPZ_BYTES // 2**20} MB "
                     "for a download: choose a smaller grid, or compute it in a notebook</span>")
    shape = next(iter(columns.values())).shape
    rows = int(np.prod(shape))
    if rows <= MAX_CSV_ROWS:
        text = base64.b64encode(grid_csv(columns, lattice, header).encode()).decode()
        links.append(f"<a class='sg-download-csv' download='{name}.csv' "
                     f"href='data:text/csv;base64,{text}'>download {name}.csv</a>")
    else:
        side = round(MAX_CSV_ROWS ** (1 / len(shape)))
        links.append(f"<span class='sg-download-capped'>CSV: this grid has {rows:,} rows (about "
                     f"{rows * 60 / 2**20:.0f} MB); a CSV export stops at {MAX_CSV_ROWS:,} rows "
                     f"(grid {side}): choose grid {side} or less for a CSV; the .npz has every "
                     "value</span>")
    return " ".join(links)


class LatticeModel(traitlets.HasTraits):
    """The free lattice parameters of a group, and the lattice they give (or an error).

    Attributes (traits):
        group (CrystallographicGroup): the group whose lattice rule applies; a new group
            resets ``parameters`` to its defaults.
        parameters (dict[str, float]): the lattice parameters (a, b, gamma, ...).
        lattice (Lattice): the last valid lattice they gave.
        error (str): why the last parameters were refused (``""``: they were not).
    """

    group = traitlets.Instance(CrystallographicGroup, help="the group whose lattice rule applies")
    parameters = traitlets.Dict(help="the lattice parameters, by name")
    lattice = traitlets.Instance(Lattice, help="the last valid lattice")
    error = traitlets.Unicode("", help="why the last parameters were refused ('' if not)")

    def __init__(self, group: CrystallographicGroup, **kwargs) -> None:
        super().__init__(group=group, parameters=dict(group.lattice_rule.defaults),
                         lattice=group.default_lattice, **kwargs)

    @traitlets.observe("group")
    def _reset(self, change: dict) -> None:
        self.parameters = dict(change["new"].lattice_rule.defaults)

    @traitlets.observe("parameters")
    def _resolve(self, change: dict) -> None:
        try:
            lattice = self.group.lattice(**change["new"])
        except LatticeError as exc:
            self.error = str(exc)
            return
        self.error = ""
        self.lattice = lattice

    def set(self, name: str, value: float) -> None:
        """Change one free parameter (refused with ``error`` if not free or not valid)."""
        if name not in self.group.lattice_rule.free:
            self.error = (f"{name} is not a free parameter of {self.group.symbol} "
                          f"(free: {', '.join(self.group.lattice_rule.free)})")
            return
        self.parameters = {**self.parameters, name: float(value)}


class LatticeEditor(widgets.HBox):
    """Editable boxes for the free lattice parameters of a group only; invalid values are
    refused with a message and the last valid lattice is kept."""

    def __init__(self, model: LatticeModel) -> None:
        self.model = model
        self.message = widgets.HTML()
        super().__init__()
        self.add_class("sg-lattice-editor")
        model.observe(self._rebuild, "group")
        model.observe(self._show_error, "error")
        self._rebuild()

    def _rebuild(self, change: dict | None = None) -> None:
        boxes = []
        for name, value in self.model.parameters.items():
            box = widgets.FloatText(value=value, description=name, step=0.05,
                                    layout=widgets.Layout(width="10em"),
                                    style={"description_width": "3em"})
            box.add_class(f"sg-lattice-{name}")
            box.observe(lambda c, n=name: self.model.set(n, c["new"]), "value")
            boxes.append(box)
        replaced = self.children[:-1]  # the boxes of the previous group
        self.children = [*boxes, self.message]
        close_widgets(*replaced)

    def _show_error(self, change: dict) -> None:
        self.message.value = status_html(change["new"]) if change["new"] else ""


class PlaneGroupModel(RecomputingModel):
    """A wallpaper group chosen by symbol, with its lattice and an error message; results
    are recomputed whenever an input (``_inputs``) changes.

    Attributes (traits):
        symbol (str): a wallpaper-group key; setting it sets ``group`` and ``lattice`` (the
            group's default), or ``error`` for an unknown key. Default ``"p4m"``.
        group (WallpaperGroup): the group.
        lattice (Lattice): the lattice the results are computed on.
        error (str): why the last change gave no result (``""``: it did).
    """

    symbol = traitlets.Unicode("p4m", help="the wallpaper-group key")
    group = traitlets.Instance(WallpaperGroup, help="the wallpaper group")
    lattice = traitlets.Instance(Lattice, help="the lattice the results are computed on")
    _resolving = False  # a new group sets its lattice first: one recomputation, not two

    def __init__(self, symbol: str = "p4m", **kwargs) -> None:
        g = wallpaper_group(symbol)
        super().__init__(symbol=symbol, group=g, lattice=g.default_lattice, **kwargs)
        self.observe(self._resolve_symbol, "symbol")
        self.observe(self._recompute, self._inputs())
        self.recompute()

    def _inputs(self) -> list[str]:
        return ["group", "lattice"]

    def _resolve_symbol(self, change: dict) -> None:
        try:
            g = wallpaper_group(change["new"])
        except UnknownGroupError as exc:
            self.error = str(exc)
            return
        lattice, self._resolving = self.lattice, True
        try:
            self.lattice = g.default_lattice
        finally:
            self._resolving = False
        if g != self.group:
            self.group = g
        elif self.lattice is not lattice:
            self.recompute()

    def _recompute(self, change: dict) -> None:
        if not self._resolving:
            self.recompute()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.resolution, self.resolution)



class PlaneExplorer(StatusLine, widgets.VBox):
    """Shared plumbing: group dropdown, lattice editor, status line, timing of updates.

    The group is ``state.plane`` (a ``GroupState``: the dashboard's, or the explorer's
    own), linked to the dropdown and to the model's ``symbol``."""

    model: PlaneGroupModel

    def _common(self, state: GroupState | None) -> None:
        self.state = state if state is not None else GroupState(self.model.group)
        self.group_select = group_dropdown(self.state.plane)
        self.lattice_model = LatticeModel(self.model.group)
        self.lattice_editor = LatticeEditor(self.lattice_model)
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.last_update_ms = 0.0
        self._follow(self.state, "plane", (self.group_select, "value"), (self.model, "symbol"))
        traitlets.dlink((self.model, "group"), (self.lattice_model, "group"))
        self.lattice_model.observe(self._on_lattice, "lattice")
        self.model.observe(lambda change: self._done(), "error")

    def _on_lattice(self, change: dict) -> None:
        self._update(lambda: setattr(self.model, "lattice", change["new"]))

    def _set(self, trait: str, value) -> None:
        self._update(lambda: setattr(self.model, trait, value))

    def _redraw_field(self, values: np.ndarray, cells: int, scene: tuple,
                      build: Callable[..., go.Figure], centred: bool = True,
                      period: int = 1) -> None:
        """Show ``values`` in the heatmap (the figure's first trace). When ``scene`` (what
        everything but the heatmap's values depends on: objects compared by identity, plain
        values by equality) is as last drawn, only the values and the title are sent;
        otherwise the figure is rebuilt with ``build`` (a function of the template, called
        with ``BARE``: the figure keeps its own). ``centred``, ``period``: as in
        ``plot_field``."""
        same = all(a is b or (isinstance(a, (int, float, str, tuple)) and a == b)
                   for a, b in zip(scene, self._drawn))
        if same:
            field = field_heatmap(values, self.model.lattice, cells, DISPLAY_PIXELS, centred,
                                  period)
            with self.figure.batch_update():
                self.figure.data[0].update(z=field["z"], zmin=field["zmin"], zmax=field["zmax"])
                self.figure.layout.title.text = self._info()
        else:
            sync_figure(self.figure, build(BARE))
        self._drawn = scene
