"""The ``template`` argument of every figure function, and the figure it starts from."""

from __future__ import annotations

import textwrap

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


#: Characters per title line: a title of such lines fits a phone's figure (about 330 px).
TITLE_LINE = 34


def short_lines(text: str, width: int = TITLE_LINE) -> dict:
    """A plotly ``title`` whose ``text`` is broken into lines of at most ``width``
    characters (plotly never wraps a title: a long one is cut at the figure's edge), first
    after its colon, that pushes the plot down as far as its lines need (``automargin``).

    Examples:
        >>> short_lines("rock salt NaCl: Na4 Cl4, space group Fm-3m (No. 225)")["text"]
        'rock salt NaCl:<br>Na4 Cl4, space group Fm-3m (No.<br>225)'
        >>> short_lines("p2 = 2222: fundamental domain")["text"]
        'p2 = 2222: fundamental domain'
    """
    parts = text.split("<br>")
    if len(text) > width:
        parts = [p for part in parts for p in part.replace(": ", ":<br>", 1).split("<br>")]
    lines = [line for part in parts for line in textwrap.wrap(part, width) or [""]]
    return {"text": "<br>".join(lines), "automargin": True}
