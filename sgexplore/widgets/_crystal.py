"""CrystalExplorer: a bundled or uploaded crystal, its detected space group, its structure
from crystal-toolkit's scene, and its density in the group's invariant basis."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import ipywidgets as widgets
import numpy as np
import traitlets

# The figures load pymatgen and crystal-toolkit when first used (sgexplore.crystal is lazy).
from .. import crystal as crystals
from ..crystal import EXAMPLES, Crystal, example, from_structure
from ..groups import SgexploreError, space_group
from ..limits import MAX_UPLOAD_BYTES
from ..render import BARE
from ._base import RecomputingModel, StatusLine, bounded, bounds, check_bounds, sync_figure
from ._figure import FigureWidget
from ._links import LinkParameter, parse_link
from ._page import DeepLink, dashboard_page

N_FUNCTIONS = 300
#: spglib's symmetry tolerance (angstrom) the page accepts.
MIN_SYMPREC, MAX_SYMPREC = 1e-5, 0.5


@lru_cache(maxsize=16)  # the five examples at a few tolerances (about 2 MB each)
def example_projection(name: str, symprec: float) -> tuple[Crystal, crystals.DensityProjection]:
    """A bundled example and its density projection onto ``N_FUNCTIONS`` invariant functions,
    computed once per kernel (0.5 s for rock salt on 2 cores: the structure factors, the
    density grid and the extinctions): a preheated kernel's warm-up leaves the default ready
    for the page, and an example chosen again is not recomputed. Both are read-only."""
    crystal = example(name, symprec=symprec)
    projection = crystals.project_density(crystal, n=N_FUNCTIONS)
    for array in (crystal.lattice, crystal.positions, crystal.numbers, projection.coefficients,
                  projection.density, projection.sizes, projection.errors,
                  projection.extinct_frequencies, projection.extinct_factors):
        array.flags.writeable = False  # shared by every page of the kernel that shows it
    return crystal, projection


class CrystalModel(RecomputingModel):
    """The chosen crystal (a bundled example or an uploaded CIF) and its density projection;
    a structure that cannot be read leaves the last good crystal and sets ``error``.

    Attributes (traits):
        source (str): a bundled example (``EXAMPLES``: NaCl, Si, ZnO, TiO2, ZrO2) or
            ``"upload:<file name>"`` for an uploaded CIF (:meth:`load_cif`). Default ``"NaCl"``.
        symprec (float): spglib's symmetry tolerance in angstrom, ``MIN_SYMPREC`` to
            ``MAX_SYMPREC``. Default 1e-3.
        cif_text (str): the uploaded CIF's text (``""`` for an example). Default ``""``.
        crystal (Crystal or None): result, the structure with its space group and sites.
        projection (DensityProjection or None): result, the density's coefficients in the
            invariant basis (``N_FUNCTIONS`` functions).
        error (str): why the last change gave no crystal (``""``: it did).
    """

    source = traitlets.Unicode("NaCl", help="the example's name, or upload:<file name>")
    symprec = bounded(traitlets.Float(1e-3, help="the symmetry tolerance (angstrom)"),
                      MIN_SYMPREC, MAX_SYMPREC)
    crystal = traitlets.Instance(Crystal, allow_none=True, help="the crystal shown")
    projection = traitlets.Any(None, help="the density projection onto the invariant basis")
    cif_text = traitlets.Unicode("", help="the uploaded CIF's text")

    def __init__(self, source: str = "NaCl", symprec: float = 1e-3) -> None:
        super().__init__(source=source, symprec=symprec)
        self.observe(lambda c: self.recompute(), ["source", "symprec", "cif_text"])
        self.recompute()

    def load_cif(self, name: str, content: bytes) -> None:
        """Read an uploaded CIF (at most ``sgexplore.limits.MAX_UPLOAD_BYTES``), as text only."""
        if len(content) > MAX_UPLOAD_BYTES:
            self.error = (f"{name}: {len(content):,} bytes; uploads are limited to "
                          f"{MAX_UPLOAD_BYTES:,} bytes (sgexplore.limits.MAX_UPLOAD_BYTES)")
            return
        self.cif_text = ""  # a second upload of the same file still recomputes
        with self.hold_trait_notifications():
            self.source = f"upload:{name}"
            self.cif_text = content.decode("utf-8", errors="replace")

    def _compute(self) -> None:
        check_bounds(self, "symprec")
        if self.source.startswith("upload:"):
            if not self.cif_text:
                return
            # cif_text=: an upload is content, never a file name on the server.
            crystal = from_structure(cif_text=self.cif_text, symprec=self.symprec,
                                     title=self.source.removeprefix("upload:"))
            projection = crystals.project_density(crystal, n=N_FUNCTIONS)
        elif self.source in EXAMPLES:
            crystal, projection = example_projection(self.source, self.symprec)
        else:
            raise SgexploreError(f"unknown example {self.source!r}; choose from {', '.join(EXAMPLES)}")
        with self.hold_trait_notifications():
            self.crystal, self.projection = crystal, projection


class CrystalExplorer(StatusLine, widgets.VBox):
    """Choose a bundled crystal or upload a CIF: the detected space group and Wyckoff sites,
    the structure with the group's symmetry elements and asymmetric unit, the density's
    coefficients in the invariant basis and its reconstruction from the first N functions."""

    def __init__(self, source: str = "NaCl", n: int = 20) -> None:
        self.model = CrystalModel(source if source in EXAMPLES else "NaCl")
        self.last_update_ms = 0.0
        self.status = widgets.HTML()
        self.status.add_class("sg-status")
        self.example = widgets.Dropdown(options=[(EXAMPLES[k][0], k) for k in EXAMPLES],
                                        value=self.model.source, description="Example")
        self.example.add_class("sg-example")
        self.upload = widgets.FileUpload(accept=".cif", multiple=False, description="Upload CIF")
        self.upload.add_class("sg-upload")
        self.symprec = widgets.BoundedFloatText(value=1e-3, **bounds(CrystalModel, "symprec"), step=1e-3,
                                                description="symprec (A)")
        self.n = widgets.IntSlider(value=int(np.clip(n, 1, N_FUNCTIONS)), min=1, max=N_FUNCTIONS,
                                   description="N functions")
        self.n.add_class("sg-n")
        self.summary = widgets.HTML()
        self.summary.add_class("sg-crystal-summary")
        self.structure, self.coefficients, self.reconstruction = (
            FigureWidget(figure) for figure in self._figures())
        self._syncing = False
        self.example.observe(lambda c: None if self._syncing else self._set("source", c["new"]), "value")
        self.symprec.observe(lambda c: self._set("symprec", c["new"]), "value")
        self.upload.observe(self._on_upload, "value")
        self.n.observe(lambda c: self._update(self._redraw_reconstruction), "value")
        self.model.observe(self._redraw, ["projection"])
        self.model.observe(self._show_source, "source")
        self.model.observe(lambda c: self._done(), "error")
        super().__init__([
            widgets.HBox([self.example, self.upload, self.symprec]), self.status, self.summary,
            self.structure, self.coefficients, self.n, self.reconstruction])
        self.add_class("sg-crystal-explorer")
        if source not in EXAMPLES:
            self.model.error = f"unknown example {source!r}; choose from {', '.join(EXAMPLES)}"
        self._summarise()
        self._done()

    def _set(self, trait: str, value) -> None:
        self._update(lambda: setattr(self.model, trait, value))

    def _show_source(self, change: dict | None = None) -> None:
        """The Example box names what is shown: an uploaded file gets an entry of its own
        (it kept saying the last example, e.g. "diamond Si", after an upload)."""
        options = [(EXAMPLES[k][0], k) for k in EXAMPLES]
        source = self.model.source
        if source.startswith("upload:"):
            options.append((f"uploaded: {source.removeprefix('upload:')}", source))
        # New options reset the box's value: that echo is not a choice of the user's.
        self._syncing = True
        try:
            if list(self.example.options) != options:
                self.example.options = options
            if source in dict((v, k) for k, v in options):
                self.example.value = source
        finally:
            self._syncing = False

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if files:
            item = files[0]
            self._update(lambda: self.model.load_cif(item["name"], bytes(item["content"])))

    def _info(self) -> str:
        crystal = self.model.crystal
        return crystal.summary() if crystal is not None else "no crystal"

    def _figures(self, template=None) -> list:
        crystal, projection = self.model.crystal, self.model.projection
        return [crystals.plot_structure(crystal, template=template),
                crystals.plot_coefficients(projection, template=template),
                crystals.plot_reconstruction(projection, self.n.value, template=template)]

    def _redraw(self, change: dict | None = None) -> None:
        figures = self._figures(BARE)
        for widget, figure in zip((self.structure, self.coefficients, self.reconstruction), figures):
            sync_figure(widget, figure)
        self._summarise()

    def _summarise(self) -> None:
        crystal = self.model.crystal
        g = crystal.group
        # One line per site (an orbit of atoms), not per letter: baddeleyite's two O sites
        # are both 4e.
        wyckoff = "".join(f"<li class='sg-site'>{escape(s.label)}: Wyckoff {s.multiplicity}"
                          f"{escape(s.letter)}, site symmetry {escape(s.site_symmetry)}</li>"
                          for s in crystal.sites)
        self.summary.value = (
            f"<b>{escape(crystal.formula)}</b>: space group <b>{escape(g.symbol)}</b> "
            f"(No. {g.number}, Hall {g.hall_number}, {escape(g.crystal_system)}), "
            f"{len(crystal.positions)} atoms in the conventional cell"
            f"<ul style='margin:0'>{wyckoff}</ul>{setting_note(g)}")

    def _redraw_reconstruction(self) -> None:
        if self.model.projection is not None:
            sync_figure(self.reconstruction, crystals.plot_reconstruction(
                self.model.projection, self.n.value, template=BARE))


def setting_note(group) -> str:
    """A line saying so when spglib's setting of the detected group (the one this page
    uses) is not the one the other pages show (Fd-3m: origin choice 1, Hall 525, where the
    space-group pages use origin choice 2, Hall 526); "" when they agree."""
    shown = space_group(group.number)
    if shown.hall_number == group.hall_number:
        return ""
    return (f"<div class='sg-setting-note'><small>{escape(group.symbol)} in spglib's standard "
            f"setting: {escape(_setting_words(group))} (Hall {group.hall_number}). The "
            f"space-group pages show it in {escape(_setting_words(shown))} (Hall "
            f"{shown.hall_number}): coordinates there differ by the change "
            "of setting.</small></div>")


def _setting_words(group) -> str:
    setting = str(group.setting)
    if setting in ("1", "2"):
        return f"origin choice {setting}"
    return f"setting {setting}" if setting else "the standard setting"


#: The crystal dashboard's deep link (``example`` is checked by the explorer: a name or a CIF).
CRYSTAL_LINK = (LinkParameter("n", int, 20, 1, N_FUNCTIONS,
                              doc="the number of functions in the reconstruction"),)


def crystal_dashboard(params: dict[str, str] | None = None) -> widgets.VBox:
    """The crystal dashboard. Deep links: ``example`` (NaCl, Si, ZnO, TiO2, ZrO2) and ``n``
    (functions in the reconstruction).

    In a notebook: ``crystal_dashboard()`` shows the default view;
    ``params`` takes the deep link's parameters as strings, e.g. ``crystal_dashboard({"example": "Si"})``."""
    params = dict(params or {})
    errors: list[str] = []
    n = parse_link(params, CRYSTAL_LINK, errors)["n"]
    explorer = CrystalExplorer(params.get("example", "NaCl"), n=n)
    # An uploaded CIF cannot be linked: the link then names no example.
    example = LinkParameter("example", str, "NaCl", doc="the example crystal")
    link = DeepLink((example, *CRYSTAL_LINK))
    link.track(explorer.model, "source", "example",
               transform=lambda source: source if source in EXAMPLES else None)
    link.track(explorer.n, "value", "n")
    dashboard = dashboard_page(explorer, link, errors)
    dashboard.explorer = explorer
    return dashboard
