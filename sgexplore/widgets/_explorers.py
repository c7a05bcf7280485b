"""Explorer views: controls linked to a state model, one long-lived FigureWidget each."""

from __future__ import annotations

import base64
import io
import threading
import time
from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..limits import MAX_FUNCTIONS
from ..render import (
    cartesian_field,
    field_heatmap,
    plot_field,
    plot_fundamental_domain,
    plot_gallery,
    plot_orbifold_surface,
    plot_spectrum,
    plot_symmetry_elements,
)
from ..groups import UnknownGroupError
from ._base import SYMBOLS, GroupState, group_key, space_group_for
from ._figure import FigureWidget, untemplated
from ._models import BasisModel, GPModel, LatticeModel, OrbifoldModel

OVERLAYS = {"unit cells": "cell", "fundamental domain": "domain", "symmetry elements": "elements"}
# Heatmaps are resampled to at most this many pixels a side for display: the plot is about
# that size on screen, and sending more only slows the browser round trip.
DISPLAY_PIXELS = 360


def _status_html(error: str, busy: bool = False, info: str = "", ms: float = 0.0,
                 updates: int = 0) -> str:
    if error:
        return f"<div class='sg-error' style='color:#b00020'>{escape(error)}</div>"
    if busy:
        return "<div class='sg-busy' style='color:#8a6d00'>computing…</div>"
    return (f"<div class='sg-ready' data-ms='{ms:.1f}' data-updates='{updates}' "
            f"style='color:#2e7d32'>{escape(info)}"
            + (f" <small>({ms:.0f} ms)</small>" if ms else "") + "</div>")


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


def _download_links(name: str, arrays: dict[str, np.ndarray], csv: str) -> str:
    """Two links carrying the data in the page itself: a compressed ``.npz`` and a CSV."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    npz = base64.b64encode(buffer.getvalue()).decode()
    text = base64.b64encode(csv.encode()).decode()
    return (f"<a class='sg-download' download='{name}.npz' "
            f"href='data:application/octet-stream;base64,{npz}'>download {name}.npz</a> "
            f"<a class='sg-download-csv' download='{name}.csv' "
            f"href='data:text/csv;base64,{text}'>download {name}.csv</a>")


def _group_dropdown(symbol: str) -> widgets.Dropdown:
    dropdown = widgets.Dropdown(options=SYMBOLS, value=symbol, description="Group",
                                layout=widgets.Layout(width="14em"))
    dropdown.add_class("sg-group-select")
    return dropdown


def _sync(widget: FigureWidget, fresh: go.Figure | Callable[[], go.Figure]) -> None:
    """Make a long-lived FigureWidget show ``fresh`` (a figure, or a function building it,
    then built without a template) in one batch: trace properties are updated in place when
    the traces are the same kinds (the usual case), replaced otherwise; the widget keeps
    its template."""
    if callable(fresh):
        with untemplated():
            fresh = fresh()
    same = [(t.type, t.name) for t in widget.data] == [(t.type, t.name) for t in fresh.data]
    with widget.batch_update():
        if same:
            for old, new in zip(widget.data, fresh.data):
                old.update(new.to_plotly_json(), overwrite=True)
        else:
            widget.data = []
            widget.add_traces(list(fresh.data))
        layout = fresh.layout.to_plotly_json()
        layout.pop("template", None)
        widget.layout.update(layout, overwrite=True)


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
        self.children = [*boxes, self.message]

    def _show_error(self, change: dict) -> None:
        self.message.value = _status_html(change["new"]) if change["new"] else ""


class _StatusLine:
    """The status line of an explorer: busy while a change is applied, then the result
    (``_info``) or the model's error, with the time the update took."""

    status: widgets.HTML
    last_update_ms: float = 0.0
    updates: int = 0  # changes applied so far (sliders send while dragged, see below)

    def _update(self, apply) -> None:
        """Show the busy indicator, apply a change (the model recomputes and the figure
        redraws synchronously), then show the result or the error and the time taken.

        Sliders update while dragged. ipywidgets' front end keeps at most one change per
        control in flight and, while the kernel is busy with it, keeps only the latest
        value, which it sends when the kernel is idle: a fast drag costs a few updates, not
        one per position, and always ends on the last position."""
        self._begin()
        apply()
        self._end()

    def _begin(self, change: dict | None = None) -> None:
        self._started = time.perf_counter()
        self.status.value = _status_html("", busy=True)

    def _end(self, change: dict | None = None) -> None:
        self.last_update_ms = 1000 * (time.perf_counter() - self._started)
        self.updates += 1
        self._done()

    def _follow(self, state: GroupState, name: str, *targets: tuple) -> None:
        """Link ``state.name`` to each (object, trait) of ``targets``: a change anywhere
        (a control here, another tab) reaches all, timed in the status line like an update."""
        state.observe(self._begin, name)
        for target in targets:
            traitlets.link((state, name), target)
        state.observe(self._end, name)

    def _done(self) -> None:
        self.status.value = _status_html(self.model.error, info=self._info(),
                                         ms=self.last_update_ms, updates=self.updates)

    def _info(self) -> str:
        raise NotImplementedError


class _Explorer(_StatusLine, widgets.VBox):
    """Shared plumbing: group dropdown, lattice editor, status line, timing of updates.

    The group is ``state.plane`` (a ``GroupState``: the dashboard's, or the explorer's
    own), linked to the dropdown and to the model's ``symbol``."""

    model: BasisModel | GPModel | OrbifoldModel

    def _common(self, state: GroupState | None) -> None:
        self.state = state if state is not None else GroupState(self.model.group)
        self.group_select = _group_dropdown(self.state.plane)
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
                      build: Callable[[], go.Figure]) -> None:
        """Show ``values`` in the heatmap (the figure's first trace). When ``scene`` (what
        everything but the heatmap's values depends on: objects compared by identity, plain
        values by equality) is as last drawn, only the values and the title are sent;
        otherwise the figure is rebuilt with ``build``."""
        same = all(a is b or (isinstance(a, (int, float, str, tuple)) and a == b)
                   for a, b in zip(scene, self._drawn))
        if same:
            field = field_heatmap(values, self.model.lattice, cells, DISPLAY_PIXELS)
            with self.figure.batch_update():
                self.figure.data[0].update(z=field["z"], zmin=field["zmin"], zmax=field["zmax"])
                self.figure.layout.title.text = self._info()
        else:
            _sync(self.figure, build)
        self._drawn = scene


class BasisExplorer(_Explorer):
    """One invariant basis function as a heatmap over several cells (by index, by level, or
    by clicking a level in the spectrum plot), with toggleable overlays, and a gallery."""

    def __init__(self, group: str = "p4m", index: int = 1, resolution: int = 256,
                 cells: int = 2, state: GroupState | None = None) -> None:
        self.model = BasisModel(group, index=index, resolution=resolution)
        self._common(state)
        self.cells = widgets.IntSlider(value=cells, min=1, max=4, description="cells")
        self.index = widgets.BoundedIntText(value=index, min=0, max=MAX_FUNCTIONS - 1, description="index",
                                            layout=widgets.Layout(width="12em"))
        self.index.add_class("sg-index")
        self.resolution = widgets.Dropdown(options=sorted({64, 128, 256, 512, 1024, resolution}),
                                           value=resolution, description="grid")
        self.overlays = widgets.SelectMultiple(options=list(OVERLAYS), value=list(OVERLAYS),
                                               description="overlays", rows=3)
        self.gallery_button = widgets.Button(description="gallery of first 8")
        self.download_button = widgets.Button(description="prepare data (.npz, CSV)")
        self.download = widgets.HTML()
        self.figure = FigureWidget(self._figure())
        self._drawn = self._scene()
        self.spectrum = FigureWidget(plot_spectrum(self.model.eigenvalues, self.model.index))
        self.gallery = widgets.VBox()
        self.spectrum.data[0].on_click(self._on_spectrum_click)
        self.index.observe(lambda c: self._set("index", c["new"]), "value")
        self.resolution.observe(lambda c: self._set("resolution", c["new"]), "value")
        self.cells.observe(lambda c: self._update(self._redraw), "value")
        self.overlays.observe(lambda c: self._update(self._redraw), "value")
        self.model.observe(self._redraw, ["field", "error"])
        self.gallery_button.on_click(self._show_gallery)
        self.download_button.on_click(self._prepare_download)
        controls = widgets.HBox([self.group_select, self.index, self.resolution, self.cells])
        super().__init__([controls, self.lattice_editor, self.overlays, self.status, self.figure,
                          self.spectrum, widgets.HBox([self.gallery_button, self.download_button,
                                                       self.download]), self.gallery])
        self.add_class("sg-basis-explorer")
        self._done()

    def _info(self) -> str:
        return f"phi_{self.model.index}: lambda = {self.model.eigenvalue:.6g}"

    def _figure(self) -> go.Figure:
        overlays = tuple(OVERLAYS[o] for o in self.overlays.value)
        field = self.model.field if self.model.field is not None else np.zeros((8, 8))
        return plot_field(self.model.group, field, self.model.lattice, cells=self.cells.value,
                          overlays=overlays, title=self._info(), pixels=DISPLAY_PIXELS)


    def _on_spectrum_click(self, trace, points, state) -> None:
        if points.point_inds:
            self.index.value = int(trace.customdata[points.point_inds[0]])

    def _scene(self) -> tuple:
        return (self.model.group, self.model.lattice, self.cells.value, tuple(self.overlays.value))

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error:
            return
        self._redraw_field(self.model.field, self.cells.value, self._scene(), self._figure)
        spectrum = plot_spectrum(self.model.eigenvalues, self.model.index).data[0]
        shown = self.spectrum.data[0]
        with self.spectrum.batch_update():
            if shown.x != spectrum.x:
                shown.x, shown.y, shown.customdata = spectrum.x, spectrum.y, spectrum.customdata
            shown.marker.color = spectrum.marker.color

    def _show_gallery(self, button=None) -> None:
        values = self.model.gallery()
        figure = plot_gallery(self.model.group, values, self.model.lattice,
                              eigenvalues=self.model.eigenvalues)
        self.gallery.children = [FigureWidget(figure)]

    def _prepare_download(self, button=None) -> None:
        m = self.model
        header = f"# {m.group.common_symbol} phi_{m.index}, eigenvalue {m.eigenvalue:.10g}\n"
        self.download.value = _download_links(
            f"{m.group.common_symbol}_phi{m.index}",
            {"values": m.field, "lattice": m.lattice.matrix, "eigenvalue": np.array(m.eigenvalue)},
            grid_csv({"value": m.field}, m.lattice.matrix, header))


class GPExplorer(_Explorer):
    """Invariant GP prior samples; click the plot to add an observation and see the
    posterior mean and standard deviation (each click constrains every symmetric image)."""

    def __init__(self, group: str = "p4m", seed: int = 0, lengthscale: float = 0.25,
                 resolution: int = 192, state: GroupState | None = None) -> None:
        self.model = GPModel(group, seed=seed, lengthscale=lengthscale, resolution=resolution)
        self._common(state)
        self.spectrum_select = widgets.ToggleButtons(options=["matern", "heat"], value="matern",
                                                     description="kernel")
        self.lengthscale = widgets.FloatSlider(value=lengthscale, min=0.03, max=1.0, step=0.01,
                                               description="lengthscale")
        self.lengthscale.add_class("sg-lengthscale")
        self.nu = widgets.Dropdown(options=[0.5, 1.5, 2.5, 5.0], value=1.5, description="nu")
        self.n_functions = widgets.Dropdown(options=[100, 200, 400, 800, 1600], value=400,
                                            description="functions")
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.seed.add_class("sg-seed")
        self.value = widgets.FloatSlider(value=1.0, min=-3, max=3, step=0.1,
                                         description="click value", continuous_update=False)
        self.show = widgets.ToggleButtons(options=["mean", "std"], value="mean", description="show")
        self.clear = widgets.Button(description="clear observations")
        self.download_button = widgets.Button(description="prepare data (.npz, CSV)")
        self.download = widgets.HTML()
        self.download_button.on_click(self._prepare_download)
        self.figure = FigureWidget(self._figure())
        self._drawn = self._scene()
        self.figure.data[0].on_click(self._on_click)
        for control, trait in ((self.spectrum_select, "spectrum"), (self.lengthscale, "lengthscale"),
                               (self.nu, "nu"), (self.n_functions, "n_functions"),
                               (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._set(t, c["new"]), "value")
        self.show.observe(lambda c: self._update(self._redraw), "value")
        self.clear.on_click(lambda b: self._set("observations", []))
        self.model.observe(self._redraw, ["mean", "std", "error"])
        controls = widgets.VBox([
            widgets.HBox([self.group_select, self.spectrum_select, self.nu]),
            widgets.HBox([self.lengthscale, self.n_functions, self.seed]),
            widgets.HBox([self.value, self.show, self.clear]),
        ])
        super().__init__([controls, self.lattice_editor, self.status, self.figure,
                          widgets.HBox([self.download_button, self.download])])
        self.add_class("sg-gp-explorer")
        self._done()
        self._warm = threading.Thread(target=self._warm_up, daemon=False)
        self._warm.start()

    def _warm_up(self) -> None:
        try:
            self.model.warm_up()
        except Exception:  # noqa: BLE001 - warming is best effort; real calls report errors
            pass

    def _info(self) -> str:
        n = len(self.model.observations)
        return f"prior sample (seed {self.model.seed})" if n == 0 else f"posterior given {n} observation(s)"

    def _values(self) -> np.ndarray:
        if self.show.value == "std":
            return self.model.std if self.model.std is not None else np.zeros_like(self.model.mean)
        return self.model.mean

    def _figure(self) -> go.Figure:
        figure = plot_field(self.model.group, self._values(), self.model.lattice, cells=2,
                            overlays=("cell", "domain"), title=self._info(), pixels=DISPLAY_PIXELS)
        data = np.asarray(self.model.observations, dtype=float).reshape(-1, 3)
        points = self._tiled(data[:, :2]) if len(data) else np.zeros((0, 2))
        xy = points @ self.model.lattice.matrix.T
        figure.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers", name="observations",
                                    marker={"color": "black", "size": 7, "symbol": "x"}))
        return figure

    def _tiled(self, points: np.ndarray) -> np.ndarray:
        """All symmetric images of the observed points in the two displayed cells."""
        images = [self.model.group.orbit(p) for p in points]
        shifts = np.array([[i, j] for i in range(2) for j in range(2)])
        return np.concatenate([(o[:, None, :] + shifts[None]).reshape(-1, 2) for o in images])

    def _prepare_download(self, button=None) -> None:
        m = self.model
        std = m.std if m.std is not None else np.zeros_like(m.mean)
        observations = np.asarray(m.observations, dtype=float).reshape(-1, 3)
        header = (f"# {m.group.common_symbol} GP ({self._info()}), lengthscale {m.lengthscale}; "
                  f"observations (x_frac, y_frac, value): {observations.tolist()}\n")
        self.download.value = _download_links(
            f"{m.group.common_symbol}_gp_seed{m.seed}",
            {"mean": m.mean, "std": std, "observations": observations,
             "lattice": m.lattice.matrix},
            grid_csv({"mean": m.mean, "std": std}, m.lattice.matrix, header))

    def _on_click(self, trace, points, state) -> None:
        if not points.xs:
            return
        fractional = np.mod(np.linalg.solve(self.model.lattice.matrix, [points.xs[0], points.ys[0]]), 1.0)
        self._update(lambda: self.model.add_observation(*fractional, self.value.value))

    def _scene(self) -> tuple:
        observations = tuple(map(tuple, self.model.observations))
        return (self.model.group, self.model.lattice, observations)

    def _redraw(self, change: dict | None = None) -> None:
        if self.model.error:
            return
        self._redraw_field(self._values(), 2, self._scene(), self._figure)


class OrbifoldExplorer(_Explorer):
    """The tiled plane, the glued fundamental domain and the orbifold surface, linked: a
    click in the plane highlights the whole orbit there, its representative in the domain
    and its single image on the orbifold."""

    def __init__(self, group: str = "p4g", state: GroupState | None = None) -> None:
        self.model = OrbifoldModel(group)
        self._common(state)
        self.plane = FigureWidget(self._plane())
        self.domain = FigureWidget(self._domain())
        self.surface = FigureWidget(self._surface())
        self.plane.data[0].on_click(self._on_click)
        self.model.observe(self._redraw_point, ["orbit", "error"])
        self.model.observe(self._redraw_all, ["group"])
        self.plane.layout.width = self.domain.layout.width = 520
        super().__init__([self.group_select, self.status,
                          widgets.HBox([self.plane, self.domain]), self.surface])
        self.add_class("sg-orbifold-explorer")
        self._done()

    def _info(self) -> str:
        g, (x, y) = self.model.group, self.model.point
        return (f"{g.symbol} = {g.conway}; point ({x:.3f}, {y:.3f}): orbit of "
                f"{len(g.orbit(self.model.point))} per cell")

    def _click_layer(self) -> go.Heatmap:
        """A faint heatmap of the first invariant function: the click target of the plane."""
        from ..basis import invariant_basis

        basis = invariant_basis(self.model.group, n=2)
        values = np.asarray(basis.on_grid((64, 64)))[..., 1]
        xs, ys, z = cartesian_field(values, self.model.group.default_lattice, self.model.cells, 160)
        return go.Heatmap(x=xs, y=ys, z=z, colorscale="Greys", opacity=0.25, showscale=False,
                          name="click a point", hovertemplate="click to see its orbit<extra></extra>")

    def _markers(self) -> tuple[go.Scatter, go.Scatter, go.Scatter3d]:
        matrix = self.model.group.default_lattice.matrix
        orbit = self.model.orbit @ matrix.T
        rep = self.model.representative @ matrix.T
        image = np.atleast_2d(self.model.image)
        style = {"color": "#d62728", "size": 11}
        return (go.Scatter(x=orbit[:, 0], y=orbit[:, 1], mode="markers", name="orbit", marker=style),
                go.Scatter(x=[rep[0]], y=[rep[1]], mode="markers", name="representative", marker=style),
                go.Scatter3d(x=image[:, 0], y=image[:, 1], z=image[:, 2], mode="markers",
                             name="image on the orbifold", marker={"color": "#d62728", "size": 7}))

    def _plane(self) -> go.Figure:
        base = plot_symmetry_elements(self.model.group, self.model.cells)
        figure = go.Figure([self._click_layer(), *base.data, self._markers()[0]], base.layout)
        for trace in figure.data[1:]:  # let hovers and clicks through to the click layer
            trace.update(hoverinfo="skip", hovertemplate=None)
            if trace.fill == "toself":
                trace.update(hoveron="points")
        figure.update_layout(height=480)
        return figure

    def _domain(self) -> go.Figure:
        from ..orbifold import orbifold

        base = plot_fundamental_domain(orbifold(self.model.group))
        figure = go.Figure([*base.data, self._markers()[1]], base.layout)
        figure.update_layout(height=480)
        return figure

    def _surface(self) -> go.Figure:
        from ..orbifold import orbifold

        base = plot_orbifold_surface(orbifold(self.model.group))
        figure = go.Figure([*base.data, self._markers()[2]], base.layout)
        figure.update_layout(height=560)
        return figure

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            matrix = self.model.group.default_lattice.matrix
            point = np.mod(np.linalg.solve(matrix, [points.xs[0], points.ys[0]]), 1.0)
            self._set("point", point)

    def _redraw_point(self, change: dict | None = None) -> None:
        plane, rep, image = self._markers()
        with self.plane.batch_update():
            self.plane.data[-1].x, self.plane.data[-1].y = plane.x, plane.y
        with self.domain.batch_update():
            self.domain.data[-1].x, self.domain.data[-1].y = rep.x, rep.y
        with self.surface.batch_update():
            self.surface.data[-1].x, self.surface.data[-1].y, self.surface.data[-1].z = image.x, image.y, image.z

    def _redraw_all(self, change: dict | None = None) -> None:
        for widget, build in ((self.plane, self._plane), (self.domain, self._domain),
                              (self.surface, self._surface)):
            _sync(widget, build)
        self.plane.data[0].on_click(self._on_click)


class SpaceGroupExplorer(_StatusLine, widgets.VBox):
    """Basis functions and GP samples of the 230 space groups in 3D: isosurfaces (marching
    cubes in the kernel, sent as meshes) with the cell, asymmetric unit and rotation axes,
    and a 2D slice with a slider."""

    def __init__(self, group: str = "Fm-3m", index: int = 1, resolution: int = 48,
                 state: GroupState | None = None) -> None:
        from ..groups import all_space_groups
        from ._models import SpaceGroupModel

        self.model = SpaceGroupModel(group, index=index, resolution=resolution)
        self.state = state if state is not None else GroupState(self.model.group)
        self.group_box = widgets.Combobox(
            options=[g.symbol for g in all_space_groups()], value=self.model.group.symbol,
            description="Group", ensure_option=False, continuous_update=False)
        self.group_box.add_class("sg-space-group-input")
        self.mode = widgets.ToggleButtons(options=["basis", "gp"], value="basis", description="show")
        self.index = widgets.BoundedIntText(value=index, min=0, max=MAX_FUNCTIONS - 1, description="index",
                                            layout=widgets.Layout(width="12em"))
        self.index.add_class("sg-index")
        self.seed = widgets.BoundedIntText(value=0, min=0, max=2**31 - 1, description="seed",
                                           layout=widgets.Layout(width="12em"))
        self.level = widgets.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05,
                                         description="level")
        self.slice = widgets.IntSlider(value=0, min=0, max=resolution - 1, description="z slice")
        # The plane x, y or z = const: monoclinic cells show their angle beta at y = const.
        self.slice_axis = widgets.ToggleButtons(options=["x", "y", "z"], value="z",
                                                description="slice", style={"button_width": "3em"})
        self.slice_axis.add_class("sg-slice-axis")
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.last_update_ms = 0.0
        self.surface = FigureWidget(self._surface())
        self.plane = FigureWidget(self._plane())
        # The box sets the dashboard's group; the model (and the box) follow it.
        self.group_box.observe(self._on_box, "value")
        self._follow(self.state, "group", (self.model, "group"))
        traitlets.dlink((self.state, "group"), (self.group_box, "value"), transform=group_key)
        for control, trait in ((self.mode, "mode"), (self.index, "index"), (self.seed, "seed")):
            control.observe(lambda c, t=trait: self._update(lambda: setattr(self.model, t, c["new"])),
                            "value")
        self.level.observe(lambda c: self._update(self._redraw), "value")
        self.slice.observe(lambda c: self._update(self._redraw_plane), "value")
        self.slice_axis.observe(lambda c: self._update(self._redraw_plane), "value")
        self.model.observe(lambda c: self._redraw(), "field")
        wrap = widgets.Layout(flex_flow="row wrap")  # narrow screens: controls on more lines
        controls = widgets.VBox([widgets.HBox([self.group_box, self.mode, self.index, self.seed],
                                              layout=wrap),
                                 widgets.HBox([self.level, self.slice_axis, self.slice], layout=wrap)])
        from ._space_orbifold import space_group_tabs

        self.tabs = space_group_tabs(self)
        super().__init__([controls, self.status, self.tabs])
        self.add_class("sg-space-group-explorer")
        self._done()

    def _on_box(self, change: dict) -> None:
        if change["new"] == self.state.group.symbol:
            return  # the box showing the group
        try:
            self.state.group = space_group_for(change["new"])
        except UnknownGroupError as exc:
            self.model.error = str(exc)
            self._done()

    def _info(self) -> str:
        m = self.model
        what = f"phi_{m.index} (lambda = {m.eigenvalue:.5g})" if m.mode == "basis" else f"GP sample (seed {m.seed})"
        return f"{m.group.symbol} (No. {m.group.number}): {what}"

    def _field(self) -> np.ndarray:
        return self.model.field if self.model.field is not None else np.zeros((8, 8, 8))

    def _surface(self) -> go.Figure:
        from ..render import plot_isosurfaces

        return plot_isosurfaces(self.model.group, self._field(), self.level.value, title=self._info())

    def _plane(self) -> go.Figure:
        from ..render import plot_slice

        field = self._field()
        axis = "xyz".index(self.slice_axis.value)
        self.slice.description = f"{self.slice_axis.value} slice"
        return plot_slice(field, axis, min(self.slice.value, field.shape[axis] - 1),
                          lattice=self.model.group.default_lattice)

    def _redraw_plane(self) -> None:
        _sync(self.plane, self._plane)

    def _redraw(self) -> None:
        if self.model.error:
            return
        _sync(self.surface, self._surface)
        self._redraw_plane()
