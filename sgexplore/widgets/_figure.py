"""One plotly front end per page, shared by every figure widget.

plotly's ``go.FigureWidget`` is an anywidget whose ``_esm`` is plotly's whole widget bundle
(about 5 MB). Every figure therefore carries its own 5 MB copy in the page's widget state
(the main dashboard has seven figures), and anywidget turns each copy into its own module,
so every figure parses and evaluates plotly.js again. anywidget also gives each model two
seconds to load its module and initialise: a model that takes longer (figures on a busy
two-core machine or a shared Binder) silently drops every later update from Python, so the
plot freezes while the kernel goes on.

``FigureWidget`` below fixes both:

- plotly's bundle travels once per page, asked of one shared ``PlotlyBundle`` widget by
  the page's first figure (a custom message answered with one binary buffer, so it is in
  no widget state: a reloading page gets a state reply of a few hundred kB, and a saved
  notebook carries no copy); each figure's own module is a few lines that refer to it;
- the bundle is evaluated once per page (the first figure imports it, later figures await
  the same promise on ``globalThis``, keyed by the bundle's hash so two plotly versions never
  mix);
- arrays of two or more dimensions (heatmap and surface ``z``) travel as binary rows, not
  as JSON: plotly's serializer sends 1D numeric arrays as binary buffers but turns any
  other array into nested lists (a 360 x 360 heatmap was a 2.6 MB JSON message; as float32
  rows it is 0.5 MB with nothing to parse);
- anywidget never waits for plotly.js: ``initialize`` returns at once and records every edit
  Python sends while plotly.js is still loading; when it has loaded, plotly's own model is
  initialised, the recorded edits are replayed to it in order, and views are rendered.
  However long plotly.js takes, no update is lost;
- a figure without a width of its own is drawn once its box has a width, and then follows
  the box (a ``ResizeObserver``) in every client: Voila, JupyterLab, Notebook 7, VS Code.
  plotly's view draws as soon as it is rendered, before the view is on the page, so every
  figure but those a client happened to resize stayed at plotly's default 700 px.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from ._compat import PLOTLY_BUNDLE, PY2JS_EDITS, SHARED_FIGURES, js_to_py, py_to_js

_ESM = """\
const edits = %(edits)s;

// plotly.js, imported once per page: its source is asked of the kernel's shared bundle
// widget with a custom message (it is no part of any widget state).
async function plotly(model) {
  const ref = model.get("_plotly_bundle");
  const bundle = typeof ref === "string" ? await model.widget_manager.get_model(ref.replace(/^IPY_MODEL_/, "")) : ref;
  const key = bundle.get("key");
  globalThis[key] ??= new Promise((resolve) => {
    const receive = (content, buffers) => {
      if (content?.source !== key) return;
      bundle.off("msg:custom", receive);
      resolve(buffers[0]);
    };
    bundle.on("msg:custom", receive);
    bundle.send({ request: "source" });
  }).then((source) => import(URL.createObjectURL(new Blob([source], {type: "text/javascript"}))));
  return globalThis[key];
}

// A figure without a width of its own is drawn once its view is on the page and shown, at
// its box's width (not at plotly's 700 px while the view is still off the page or in a
// hidden tab), and then follows its box. In a box that takes its width from its content (a
// row), there is no width to take: plotly's own applies. The 1 px minimum height makes an
// empty view in such a row visible to the observer.
function followBox(view, model, draw) {
  const el = view.el;
  const fixed = () => model.get("_widget_layout")?.width != null;
  let drawn = false;
  const observer = new ResizeObserver(() => {
    const { width, height } = el.getBoundingClientRect();
    if (width === 0 && height === 0) return;  // off the page or hidden
    if (!drawn) {
      drawn = true;
      draw();
    } else if (width > 0 && !fixed() && el._fullLayout && Math.abs(el._fullLayout.width - width) > 1) {
      globalThis.Plotly?.Plots.resize(el);
    }
  });
  if (fixed()) {
    drawn = true;
    draw();
  } else {
    el.style.minHeight = "1px";
  }
  observer.observe(el);
  return observer;
}

export default () => {
  let loaded;
  return {
    initialize({ model }) {
      const queue = [];
      const recorders = edits.map((name) => [`change:${name}`, () => queue.push([name, model.get(name)])]);
      for (const [event, record] of recorders) model.on(event, record);
      loaded = plotly(model).then(({ default: factory }) => {
        for (const [event, record] of recorders) model.off(event, record);
        const handlers = new Map();
        let replaying = null;
        const proxy = new Proxy(model, {
          get(target, prop) {
            if (prop === "get") {
              return (name) => (replaying && replaying[0] === name ? replaying[1] : target.get(name));
            }
            if (prop === "on") {
              return (event, callback) => {
                if (!handlers.has(event)) handlers.set(event, []);
                handlers.get(event).push(callback);
                target.on(event, callback);
              };
            }
            const value = Reflect.get(target, prop);
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
        const widget = factory();
        widget.initialize({ model: proxy });
        for (const edit of queue) {
          replaying = edit;
          for (const callback of handlers.get(`change:${edit[0]}`) ?? []) callback();
        }
        replaying = null;
        return widget;
      });
      loaded.catch((error) => console.error("[sgexplore] plotly.js failed to load", error));
    },
    async render(view) {
      const widget = await loaded;
      let remove = null;
      const observer = followBox(view, view.model, () => { remove = widget.render(view); });
      return () => {
        observer.disconnect();
        if (typeof remove === "function") remove();
      };
    },
  };
};
"""


@functools.cache
def _bundle_source() -> str:
    return PLOTLY_BUNDLE.read_text(encoding="utf-8")


def bundle_key() -> str:
    """The ``globalThis`` key under which a page keeps its plotly.js import: derived from
    the bundle's hash, so two plotly versions never mix.

    Examples
    --------
    >>> bundle_key().startswith("__sgexplore_plotly_")
    True
    """
    return "__sgexplore_plotly_" + hashlib.sha256(_bundle_source().encode()).hexdigest()[:16]


# numpy dtypes that plotly's front end turns into JavaScript typed arrays.
_TYPED_ARRAYS = tuple(np.dtype(t) for t in ("int8", "int16", "int32", "uint8", "uint16", "uint32",
                                            "float32", "float64"))


def binary_rows(value):
    """``value`` with every numeric array of two or more dimensions split into 1D rows,
    which plotly's widget serializer sends as binary buffers (typed arrays in the browser)
    instead of nested JSON lists.

    Examples
    --------
    >>> rows = binary_rows({"z": [np.zeros((2, 3), np.float32)], "name": "field"})
    >>> [r.shape for r in rows["z"][0]], rows["name"]
    ([(3,), (3,)], 'field')
    """
    if isinstance(value, dict):
        return {k: binary_rows(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [binary_rows(v) for v in value]
    if isinstance(value, np.ndarray) and value.ndim >= 2 and value.dtype in _TYPED_ARRAYS:
        return [binary_rows(row) for row in np.ascontiguousarray(value)]
    return value


def _to_js(value, manager):
    return py_to_js(binary_rows(value), manager)


_BINARY = {"to_json": _to_js, "from_json": js_to_py}


class PlotlyBundle(widgets.Widget):
    """plotly's widget bundle, shared by all figures of a kernel.

    Only ``key`` is state. The first figure of a page asks for the source with a custom
    message and gets it back as one binary buffer, so the 5 MB bundle is in no widget
    state: not in the kernel's reply when a page (re)loads, not in a saved notebook.

    Examples:
        >>> bundle = PlotlyBundle(key=bundle_key())
        >>> [k for k in bundle.get_state() if not k.startswith("_")]
        ['key']
    """

    key = traitlets.Unicode().tag(sync=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._answer)

    @property
    def source(self) -> str:
        """plotly's widget bundle (an ES module)."""
        return _bundle_source()

    def _answer(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and content.get("request") == "source":
            self.send({"source": self.key}, buffers=[_bundle_source().encode("utf-8")])


_shared: list[PlotlyBundle] = []


def plotly_bundle() -> PlotlyBundle:
    """The kernel's one open ``PlotlyBundle`` (created on first use, again if closed)."""
    if not _shared or _shared[0].comm is None:
        _shared[:] = [PlotlyBundle(key=bundle_key())]
    return _shared[0]


class SharedFigureWidget(go.FigureWidget):
    """``go.FigureWidget`` whose front end is shared by the page (see the module docstring)
    and whose full state is always the current figure; everything else is plotly's.

    plotly refreshes the synced ``_widget_data`` and ``_widget_layout`` only when the figure
    itself is displayed; a figure shown inside a box and changed before the page connects
    (Voila runs the notebook first and embeds each widget's state) would otherwise arrive
    as it was when created.

    Examples
    --------
    >>> figure = FigureWidget(go.Figure(go.Scatter(x=[0, 1], y=[1, 0])))
    >>> figure._plotly_bundle is plotly_bundle()
    True
    >>> len(figure._esm) < 10_000
    True
    """

    _esm = _ESM % {"edits": json.dumps(["_py2js_" + name for name in PY2JS_EDITS])}
    _plotly_bundle = traitlets.Instance(PlotlyBundle).tag(sync=True, **widgets.widget_serialization)

    # plotly's own traits, serialised with 2D arrays as binary rows (see ``binary_rows``).
    _widget_data = traitlets.List().tag(sync=True, **_BINARY)
    _py2js_addTraces = traitlets.Dict(allow_none=True).tag(sync=True, **_BINARY)
    _py2js_restyle = traitlets.Dict(allow_none=True).tag(sync=True, **_BINARY)
    _py2js_update = traitlets.Dict(allow_none=True).tag(sync=True, **_BINARY)
    _py2js_animate = traitlets.Dict(allow_none=True).tag(sync=True, **_BINARY)

    @traitlets.default("_plotly_bundle")
    def _default_bundle(self) -> PlotlyBundle:
        return plotly_bundle()

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


if SHARED_FIGURES:
    FigureWidget = SharedFigureWidget
else:  # another plotly: its own widget, each figure with its own plotly.js (see _compat)
    FigureWidget = go.FigureWidget
