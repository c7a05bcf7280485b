"""The ``template`` argument of every figure function, and the figure it starts from."""

from __future__ import annotations

import plotly.graph_objects as go

#: The ``template`` that builds a figure with no template at all (plotly keeps an explicit
#: ``{}`` apart from "none given"): for figures built only to update a live ``FigureWidget``,
#: which keeps its own, since plotly otherwise copies its default template into every figure.
BARE: dict = {}


def new_figure(data=None, template=None) -> go.Figure:
    """``go.Figure(data)`` with ``layout.template`` set to ``template`` from the start:
    plotly applies its default template only to a figure constructed without one
    (``BaseFigure._initialize_layout_template``; None counts as none), so a given template,
    ``BARE`` included, never reads or copies the default.

    Examples:
        >>> new_figure([go.Scatter(x=[0], y=[1])], BARE).layout.template.layout.to_plotly_json()
        {}
        >>> new_figure(template="plotly_white").layout.template.layout.plot_bgcolor
        'white'
        >>> new_figure().layout.template.layout.font.color
        '#2a3f5f'
    """
    return go.Figure(data, layout={"template": template})
