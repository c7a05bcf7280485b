"""Other libraries' internals, in one place, behind a version guard.

plotly: ``sgexplore.widgets._figure`` shares one plotly.js bundle among the figures of a
page. For that it reads plotly's bundled front end (``package_data/widgetbundle.js``),
serialises with plotly's private ``serializers._py_to_js`` / ``_js_to_py`` and redeclares
plotly's private synced traits (``_widget_data``, ``_widget_layout``, ``_py2js_*``). These
were written against plotly 6 and 7 (``PLOTLY_MAJORS``). On another major version, or when
one of them is missing, ``SHARED_FIGURES`` is False: figures are plotly's stock
``go.FigureWidget`` (each carries its own copy of plotly.js). Figures built only to update a
live one skip plotly's default template with the public ``template=BARE`` of the render
functions, not through plotly's internals.

ipywidgets: the widgets created while building a view are tracked with the public
``Widget.on_widget_constructed`` (``tracking_widgets``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import ipywidgets as widgets
import plotly
import plotly.graph_objects as go

log = logging.getLogger(__name__)

#: The plotly major versions whose internals ``_figure`` was written against.
PLOTLY_MAJORS = (6, 7)
#: plotly's synced traits through which Python edits a figure (its front end listens to each).
PY2JS_EDITS = ("addTraces", "deleteTraces", "moveTraces", "restyle", "relayout", "update",
               "animate", "removeLayoutProps", "removeTraceProps")

if int(plotly.__version__.split(".")[0]) < 6:  # pyproject says plotly>=6.0; pip may be told otherwise
    raise ImportError(
        f"sgexplore's figures need plotly 6 or later (its FigureWidget is an anywidget); "
        f"plotly {plotly.__version__} is installed: pip install 'plotly>=6'"
    )


try:
    from plotly.serializers import _js_to_py, _py_to_js
except ImportError:  # another plotly: the stock FigureWidget below
    _js_to_py = _py_to_js = None


def _plotly_internals() -> tuple[Callable, Callable, Path] | None:
    """(py_to_js, js_to_py, bundle path) when this plotly has all the internals, else None."""
    major = int(plotly.__version__.split(".")[0])
    if _py_to_js is None or _js_to_py is None:
        return None
    bundle = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    traits = {"_widget_data", "_widget_layout", *("_py2js_" + name for name in PY2JS_EDITS)}
    if major not in PLOTLY_MAJORS or not bundle.exists() or not traits <= set(go.FigureWidget.class_traits()):
        return None
    return _py_to_js, _js_to_py, bundle


_INTERNALS = _plotly_internals()
#: Whether figures share one plotly.js bundle per page (else plotly's stock FigureWidget).
SHARED_FIGURES = _INTERNALS is not None
if not SHARED_FIGURES:
    log.warning("plotly %s is not one sgexplore's shared figures were written for (%s): "
                "using plotly's stock FigureWidget", plotly.__version__, PLOTLY_MAJORS)
py_to_js, js_to_py, PLOTLY_BUNDLE = _INTERNALS or (None, None, None)

@contextlib.contextmanager
def tracking_widgets() -> Iterator[list[widgets.Widget]]:
    """The widgets constructed inside the block, in order (ipywidgets'
    ``Widget.on_widget_constructed``; a callback registered before is called too and
    restored afterwards).

    Examples:
        >>> with tracking_widgets() as built:
        ...     _ = widgets.HTML("x")
        >>> [type(w).__name__ for w in built]
        ['HTML', 'Layout', 'HTMLStyle']
    """
    built: list[widgets.Widget] = []
    # ipywidgets keeps one callback; the class attribute is read only to give it back.
    previous = getattr(widgets.Widget, "_widget_construction_callback", None)

    def record(widget: widgets.Widget) -> None:
        built.append(widget)
        if callable(previous):
            previous(widget)

    widgets.Widget.on_widget_constructed(record)
    try:
        yield built
    finally:
        widgets.Widget.on_widget_constructed(previous)
