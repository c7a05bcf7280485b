"""The Orbifold room: a point of the plane, its orbit, its representative in the
fundamental domain and its image on the orbifold surface (``OrbifoldModel`` and its view
``OrbifoldExplorer``)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import traitlets

from ..basis import invariant_basis
from ..orbifolds import orbifold, orbifold_embedding
from ..render import (
    BARE,
    cartesian_field,
    plot_fundamental_domain,
    plot_orbifold_surface,
    plot_symmetry_elements,
)
from ._base import GroupState, side_by_side, sync_figure
from ._figure import FigureWidget
from ._plane import PlaneExplorer, PlaneGroupModel


class OrbifoldModel(PlaneGroupModel):
    """A point of the plane, its orbit, its representative in the fundamental domain and its
    image on the orbifold surface.

    Attributes (traits; the inputs also of ``PlaneGroupModel``: ``symbol``, ``group``,
    ``error``):
        point (ndarray): the point, (2,) fractional. Default (0.13, 0.07).
        cells (int): the cells shown along each side, 1 to 6. Default 2.
        orbit (ndarray): result, (P, 2) the orbit's points in the cells shown.
        representative (ndarray): result, (2,) its point in the fundamental domain.
        image (ndarray): result, its point on the orbifold surface (3D).
    """

    point = traitlets.Any(np.array([0.13, 0.07]), help="the point, (2,) fractional")
    cells = traitlets.Int(2, min=1, max=6, help="the cells shown along each side")
    orbit = traitlets.Any(help="the orbit's points in the cells shown, (P, 2) fractional")
    representative = traitlets.Any(help="the orbit's point in the fundamental domain")
    image = traitlets.Any(help="the orbit's point on the orbifold surface")

    def _inputs(self) -> list[str]:
        return ["group", "point", "cells"]

    def _compute(self) -> None:
        point = np.asarray(self.point, dtype=np.float64).reshape(2)
        images = self.group.orbit(point)
        shifts = np.array([[i, j] for i in range(-1, self.cells + 1) for j in range(-1, self.cells + 1)])
        tiled = (images[:, None, :] + shifts[None]).reshape(-1, 2)
        keep = np.all((tiled > -1e-9) & (tiled < self.cells + 1e-9), axis=1)
        inside = self.group.fundamental_domain.contains(tiled, tolerance=1e-9)
        self.representative = tiled[inside][0] if inside.any() else images[0]
        self.image = orbifold_embedding(self.group, 3)(self.representative)
        self.orbit = tiled[keep]  # last: views redraw when the orbit changes


class OrbifoldExplorer(PlaneExplorer):
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
        # No fixed widths: the two plots share the row where there is room (each from
        # 420 px) and stack where there is not; each takes its box's width (two fixed
        # 520 px plots overflowed JupyterLab's 846 px output area).
        super().__init__([self.group_select, self.status,
                          side_by_side((self.plane, "420px"), (self.domain, "420px")),
                          self.surface])
        self.add_class("sg-orbifold-explorer")
        self._done()

    def _info(self) -> str:
        g, (x, y) = self.model.group, self.model.point
        return (f"{g.symbol} = {g.conway}; point ({x:.3f}, {y:.3f}): orbit of "
                f"{len(g.orbit(self.model.point))} per cell")

    def _click_layer(self) -> go.Heatmap:
        """A faint heatmap of the first invariant function: the click target of the plane."""
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

    def _plane(self, template=None) -> go.Figure:
        base = plot_symmetry_elements(self.model.group, self.model.cells, template=template)
        figure = go.Figure([self._click_layer(), *base.data, self._markers()[0]], base.layout)
        for trace in figure.data[1:]:  # let hovers and clicks through to the click layer
            trace.update(hoverinfo="skip", hovertemplate=None)
            if trace.fill == "toself":
                trace.update(hoveron="points")
        figure.update_layout(height=480)
        return figure

    def _domain(self, template=None) -> go.Figure:
        base = plot_fundamental_domain(orbifold(self.model.group), template=template)
        figure = go.Figure([*base.data, self._markers()[1]], base.layout)
        figure.update_layout(height=480)
        return figure

    def _surface(self, template=None) -> go.Figure:
        base = plot_orbifold_surface(orbifold(self.model.group), template=template)
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
            sync_figure(widget, build(BARE))
        self.plane.data[0].on_click(self._on_click)
