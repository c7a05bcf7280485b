"""One plotly front-end module per page, shared by every figure widget.

plotly's ``go.FigureWidget`` is an anywidget whose ``_esm`` is plotly's whole widget bundle
(about 5 MB). anywidget turns each model's ``_esm`` source into its own blob URL, so every
figure on a page parses and evaluates plotly.js again. anywidget also gives each model two
seconds to initialise: a model that takes longer (three figures on a busy two-core machine
or a shared Binder) silently drops every later update from Python, so the plot freezes
while the kernel goes on. ``FigureWidget`` below keeps plotly's bundle as a string literal
and evaluates it once per page: the first figure imports it, later figures await the same
promise, and each model initialises in milliseconds.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go

_BUNDLE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"


@functools.cache
def shared_esm() -> str:
    """The ES module every ``FigureWidget`` uses: plotly's widget bundle as data, imported
    once per page (keyed by the bundle's hash, so two plotly versions never mix)."""
    source = _BUNDLE.read_text(encoding="utf-8")
    key = "__sgexplore_plotly_" + hashlib.sha256(source.encode()).hexdigest()[:16]
    return (
        f"const key = {json.dumps(key)};\n"
        f"const source = {json.dumps(source)};\n"
        "globalThis[key] ??= import(URL.createObjectURL(new Blob([source], {type: 'text/javascript'})));\n"
        "export default async () => (await globalThis[key]).default();\n"
    )


class _SharedEsm:
    """``_esm`` read on first use (anywidget reads it per instance), not at import."""

    def __get__(self, obj, owner=None):
        return self if obj is None else shared_esm()


class FigureWidget(go.FigureWidget):
    """``go.FigureWidget`` with plotly's front end evaluated once per page (see the module
    docstring), whose full state is always the current figure; everything else is plotly's.

    plotly refreshes the synced ``_widget_data`` and ``_widget_layout`` only when the figure
    itself is displayed; a figure shown inside a box and changed before the page connects
    (Voila runs the notebook first and embeds each widget's state) would otherwise arrive
    as it was when created.
    """

    _esm = _SharedEsm()

    def get_state(self, key=None, drop_defaults=False):
        state = super().get_state(key=key, drop_defaults=drop_defaults)
        if not hasattr(self, "_layout_obj"):  # still inside plotly's constructor
            return state
        for name, current in (("_widget_data", self._data), ("_widget_layout", self._layout_obj._props)):
            if name in state:
                to_json = self.trait_metadata(name, "to_json")
                value = copy.deepcopy(current)
                state[name] = to_json(value, self) if to_json else value
        return state
