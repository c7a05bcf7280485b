"""Explorers without a browser: set controls or traits, assert model state and figure data."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from sgexplore import invariant_basis
from sgexplore.render import cartesian_field
from sgexplore.widgets import (
    BasisExplorer,
    GPExplorer,
    GPModel,
    LatticeModel,
    OrbifoldExplorer,
    OrbifoldModel,
)
from sgexplore.groups import wallpaper_group
from sgexplore.widgets._plane import DISPLAY_PIXELS

from ..conftest import WALLPAPER


@pytest.fixture(scope="module")
def basis_explorer():
    return BasisExplorer("p4m", index=3, resolution=64)


def test_basis_explorer_plots_the_chosen_function(basis_explorer):
    explorer = basis_explorer
    explorer.index.value = 5
    assert explorer.model.index == 5 and explorer.model.error == ""
    basis = invariant_basis("p4m", n=6)
    expected = np.asarray(basis.on_grid((64, 64)))[..., 5]
    np.testing.assert_allclose(explorer.model.field, expected, atol=1e-5)
    _, _, z = cartesian_field(expected, basis.lattice, explorer.cells.value, DISPLAY_PIXELS)
    np.testing.assert_allclose(np.asarray(explorer.figure.data[0].z), z, atol=1e-5)
    assert "phi_5" in explorer.status.value and "sg-ready" in explorer.status.value
    assert explorer.model.eigenvalue == pytest.approx(float(basis.eigenvalues[5]))


def _assert_figure_is_as_built(explorer) -> None:
    fresh = explorer._figure()
    assert [(t.type, t.name) for t in explorer.figure.data] == [(t.type, t.name) for t in fresh.data]
    for shown, built in zip(explorer.figure.data, fresh.data):
        for key in ("x", "y", "z", "zmin", "zmax"):
            if key in built and built[key] is not None:
                np.testing.assert_allclose(np.asarray(shown[key], float), np.asarray(built[key], float))
    assert explorer.figure.layout.title.text == fresh.layout.title.text


def test_basis_updates_that_change_only_the_function_equal_a_full_redraw():
    """Changing only the index sends the heatmap's values and title (the fast path); the
    figure must then equal one built from scratch, also after the group changed."""
    explorer = BasisExplorer("p4m", index=2, resolution=32)
    for control, value in (("index", 4), ("group_select", "p3m1"), ("index", 6), ("cells", 3),
                           ("index", 2)):
        getattr(explorer, control).value = value
        _assert_figure_is_as_built(explorer)


def test_gp_updates_that_change_only_the_sample_equal_a_full_redraw():
    explorer = GPExplorer("p4m", seed=1, resolution=32, lengthscale=0.3)
    steps = (lambda: setattr(explorer.seed, "value", 2),
             lambda: explorer._update(lambda: explorer.model.add_observation(0.2, 0.3, 1.0)),
             lambda: setattr(explorer.show, "value", "std"),
             lambda: setattr(explorer.group_select, "value", "p6"),
             lambda: setattr(explorer.seed, "value", 5))
    for step in steps:
        step()
        _assert_figure_is_as_built(explorer)


def test_spectrum_click_selects_a_level(basis_explorer):
    explorer = basis_explorer
    trace = explorer.spectrum.data[0]
    level = 3
    first = trace.customdata[level]

    class Points:
        point_inds = [level]
    explorer._on_spectrum_click(trace, Points(), None)
    assert explorer.model.index == first
    assert explorer.model.eigenvalue == pytest.approx(trace.x[level])


def test_overlays_and_cells_change_the_figure(basis_explorer):
    explorer = basis_explorer
    explorer.overlays.value = ("unit cells",)
    assert {t.name for t in explorer.figure.data} == {"field", "unit cells"}
    explorer.overlays.value = ("unit cells", "symmetry elements")
    assert "mirror lines" in {t.name for t in explorer.figure.data}
    width = explorer.figure.data[0].x[-1] - explorer.figure.data[0].x[0]
    explorer.cells.value = 3
    assert explorer.figure.data[0].x[-1] - explorer.figure.data[0].x[0] > 1.4 * width


def test_bad_requests_show_an_error_and_keep_the_explorer_usable(basis_explorer):
    explorer = basis_explorer
    explorer.model.index = 10**6
    assert "between 0 and" in explorer.model.error
    assert "sg-error" in explorer.status.value
    explorer.index.value = 2
    assert explorer.model.error == "" and explorer.model.index == 2
    explorer.group_select.value = "p6m"
    assert explorer.model.group.symbol == "p6mm"
    hexagonal = explorer.lattice_editor.children[0]
    hexagonal.value = -1.0
    assert "positive" in explorer.lattice_model.error
    hexagonal.value = 1.5
    assert explorer.model.lattice.parameters["a"] == pytest.approx(1.5)
    assert explorer.lattice_model.error == ""


def test_gallery_and_download(basis_explorer):
    explorer = basis_explorer
    explorer._show_gallery()
    assert len(explorer.gallery.children[0].data) == explorer.model.gallery_size
    explorer._prepare_download()
    assert "download=" in explorer.download.value and ".npz" in explorer.download.value


def _csv_from_link(html: str) -> np.ndarray:
    payload = re.search(r"data:text/csv;base64,([^']+)'", html).group(1)
    text = base64.b64decode(payload).decode()
    assert text.startswith("# ")
    return text, np.loadtxt(io.StringIO(text), delimiter=",", skiprows=2)


def test_basis_csv_rows_are_the_function_at_their_coordinates():
    """The CSV export, read back: each row's value is phi evaluated at that row's
    fractional point, and its Cartesian point is the lattice times the fractional one."""
    explorer = BasisExplorer("p4m", index=4, resolution=64)
    explorer._prepare_download()
    text, table = _csv_from_link(explorer.download.value)
    assert text.splitlines()[1] == "x_frac,y_frac,x,y,value"
    assert table.shape == (64 * 64, 5)
    basis = invariant_basis("p4m", n=explorer.model.index + 1)
    expected = np.asarray(basis(table[:, :2]))[:, explorer.model.index]
    np.testing.assert_allclose(table[:, 4], expected, atol=1e-5)
    np.testing.assert_allclose(table[:, 2:4], table[:, :2] @ basis.lattice.matrix.T, atol=1e-9)


def test_gp_export_has_mean_std_and_observations():
    explorer = GPExplorer("p2", resolution=32)
    explorer.model.add_observation(0.2, 0.3, 1.5)
    explorer._prepare_download()
    text, table = _csv_from_link(explorer.download.value)
    assert text.splitlines()[1] == "x_frac,y_frac,x,y,mean,std"
    np.testing.assert_allclose(table[:, 4], explorer.model.mean.reshape(-1), atol=1e-8)
    np.testing.assert_allclose(table[:, 5], explorer.model.std.reshape(-1), atol=1e-8)
    assert "[[0.2, 0.3, 1.5]]" in text.splitlines()[0]


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_lattice_model_edits_only_free_parameters(g):
    model = LatticeModel(g)
    assert set(model.parameters) == set(g.lattice_rule.free)
    model.set("alpha", 80.0)
    assert "not a free parameter" in model.error
    name = g.lattice_rule.free[0]
    model.set(name, 1.7)
    assert model.error == "" and model.lattice.parameters[name] == pytest.approx(1.7)


def test_gp_posterior_mean_passes_through_every_symmetric_image():
    model = GPModel("p4m", resolution=32, n_functions=200, lengthscale=0.2)
    prior = model.mean.copy()
    assert model.std is None
    model.add_observation(0.25, 0.125, 1.5)
    assert model.error == ""
    assert not np.allclose(model.mean, prior)
    for r, t in zip(model.group.rotations, model.group.translations):
        image = np.mod(r @ np.array([0.25, 0.125]) + t, 1.0)
        i, j = np.rint(image * 32).astype(int) % 32
        assert model.mean[i, j] == pytest.approx(1.5, abs=0.02)
        assert model.std[i, j] < 0.05
    assert model.std.max() > 0.3


def test_gp_explorer_click_adds_an_observation_and_controls_recompute():
    explorer = GPExplorer("p4m", resolution=32)
    explorer._warm.join()
    first = np.asarray(explorer.figure.data[0].z).copy()
    explorer.seed.value = 7
    assert not np.allclose(np.asarray(explorer.figure.data[0].z), first)
    matrix = explorer.model.lattice.matrix
    xy = matrix @ np.array([0.3, 0.2])

    class Points:
        xs, ys = [xy[0]], [xy[1]]
    explorer._on_click(explorer.figure.data[0], Points(), None)
    assert len(explorer.model.observations) == 1
    np.testing.assert_allclose(explorer.model.observations[0][:2], [0.3, 0.2], atol=1e-12)
    observed = explorer.figure.data[-1]
    assert len(observed.x) == 8 * 4, "all 8 images in each of the 4 displayed cells"
    explorer.show.value = "std"
    np.testing.assert_allclose(np.asarray(explorer.figure.data[0].z),
                               cartesian_field(explorer.model.std, explorer.model.lattice, 2, DISPLAY_PIXELS)[2],
                               atol=1e-6)
    explorer.lengthscale.value = -0.5 if explorer.lengthscale.min < 0 else explorer.lengthscale.min
    explorer.model.lengthscale = -1.0
    assert "positive" in explorer.model.error
    explorer.clear.click()
    assert explorer.model.observations == []


def test_gp_click_observes_the_value_shown_unless_a_value_is_set():
    explorer = GPExplorer("p6", resolution=32, seed=3)
    explorer._warm.join()
    matrix = explorer.model.lattice.matrix

    def click(fractional):
        xy = matrix @ np.asarray(fractional, dtype=float)

        class Points:
            xs, ys = [xy[0]], [xy[1]]
        explorer._on_click(explorer.figure.data[0], Points(), None)

    # On a grid point (i/32, j/32) the value shown is the grid's value there, exactly.
    sample = np.asarray(explorer.model.mean).copy()
    assert explorer.click_mode.value == "shown" and explorer.value.disabled
    click([8 / 32, 20 / 32])
    assert explorer.model.observations[-1][2] == pytest.approx(sample[8, 20], abs=1e-12)
    # Between grid points: linear interpolation, so within the four neighbours' range.
    mean = np.asarray(explorer.model.mean).copy()
    click([0.51, 0.27])
    value = explorer.model.observations[-1][2]
    i, j = int(0.51 * 32), int(0.27 * 32)
    corners = mean[[i, i, i + 1, i + 1], [j, j + 1, j, j + 1]]
    assert corners.min() - 1e-12 <= value <= corners.max() + 1e-12
    # The posterior passes through the observed value: a second click there changes little.
    assert explorer.model.value_at(0.51, 0.27) == pytest.approx(value, abs=0.05)
    explorer.click_mode.value = "set"
    assert not explorer.value.disabled
    explorer.value.value = -2.5
    click([0.1, 0.1])
    assert explorer.model.observations[-1][2] == -2.5


def test_gp_standard_deviation_uses_a_sequential_scale_from_zero():
    explorer = GPExplorer("p4m", resolution=32)
    explorer._update(lambda: explorer.model.add_observation(0.2, 0.3, 0.5))
    heatmap = explorer.figure.data[0]
    assert heatmap.zmin == -heatmap.zmax < 0 and heatmap.colorscale[0][1] != "#440154"
    explorer.show.value = "std"
    heatmap = explorer.figure.data[0]
    assert heatmap.zmin == 0 and heatmap.zmax == pytest.approx(float(np.max(heatmap.z)), rel=1e-6)
    assert [c[1] for c in heatmap.colorscale] == [c[1] for c in
                                                 go.Figure(go.Heatmap(colorscale="Viridis")).data[0].colorscale]
    explorer._update(lambda: explorer.model.add_observation(0.6, 0.1, 0.0))
    assert explorer.figure.data[0].zmin == 0, "a values-only update keeps the sequential range"
    explorer.show.value = "mean"
    assert explorer.figure.data[0].zmin == -explorer.figure.data[0].zmax


@pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
def test_orbifold_model_links_orbit_domain_and_surface(g):
    from sgexplore.orbifolds import orbifold_embedding

    model = OrbifoldModel(g.common_symbol)
    model.point = np.array([0.31, 0.17])
    orbit = model.orbit
    assert len(orbit) >= len(g.orbit(model.point))
    F = orbifold_embedding(g, 3)
    np.testing.assert_allclose(F(orbit), np.repeat(model.image[None], len(orbit), 0), atol=1e-9)
    assert g.fundamental_domain.contains(model.representative[None], tolerance=1e-9)[0]


def test_orbifold_explorer_highlights_a_clicked_orbit():
    explorer = OrbifoldExplorer("p4g")
    xy = wallpaper_group("p4g").default_lattice.matrix @ np.array([0.2, 0.1])

    class Points:
        xs, ys = [xy[0]], [xy[1]]
    explorer._on_click(explorer.plane.data[0], Points(), None)
    np.testing.assert_allclose(explorer.model.point, [0.2, 0.1])
    assert len(explorer.plane.data[-1].x) == len(explorer.model.orbit)
    assert explorer.surface.data[-1].x[0] == pytest.approx(explorer.model.image[0])
    explorer.group_select.value = "p6"
    assert "632" in explorer.status.value


def test_space_group_explorer_plots_the_function_and_recovers_from_errors():
    from sgexplore.widgets import SpaceGroupExplorer

    explorer = SpaceGroupExplorer("Pm-3m", index=2, resolution=24)
    basis = invariant_basis("Pm-3m", n=4)
    np.testing.assert_allclose(explorer.model.field, np.asarray(basis.on_grid((24,) * 3))[..., 2],
                               atol=1e-5)
    before = np.asarray(explorer.surface.data[0].x).copy()
    explorer.index.value = 3
    assert "phi_3" in explorer.status.value
    assert not np.array_equal(np.asarray(explorer.surface.data[0].x), before)
    np.testing.assert_allclose(np.asarray(explorer.plane.data[0].z),
                               explorer.model.field[:, :, 0].T.astype(np.float32))
    explorer.slice.value = 5
    np.testing.assert_allclose(np.asarray(explorer.plane.data[0].z),
                               explorer.model.field[:, :, 5].T.astype(np.float32))
    explorer.group_box.value = "Q42"
    assert "unknown" in explorer.model.error and "sg-error" in explorer.status.value
    explorer.group_box.value = "Fd-3m"
    assert explorer.model.group.number == 227 and explorer.model.error == ""
    explorer.mode.value = "gp"
    assert "GP sample" in explorer.status.value


def test_every_figure_shares_one_plotly_bundle_per_kernel(basis_explorer):
    """Figures refer to one shared widget holding plotly's bundle (sent once per kernel,
    imported once per page) instead of carrying 5 MB of module source each; anywidget gives
    a model 2 s to initialise and then drops its updates."""
    from sgexplore.widgets._compat import PLOTLY_BUNDLE as _BUNDLE
    from sgexplore.widgets._figure import FigureWidget, bundle_key, plotly_bundle

    orbifold = OrbifoldExplorer("p2")
    figures = [basis_explorer.figure, basis_explorer.spectrum, orbifold.plane, orbifold.domain,
               orbifold.surface]
    assert all(isinstance(w, FigureWidget) for w in figures)
    bundle = plotly_bundle()
    assert bundle.source == _BUNDLE.read_text(encoding="utf-8") and bundle.key == bundle_key()
    for figure in figures:
        state = figure.get_state()
        assert state["_plotly_bundle"] == f"IPY_MODEL_{bundle.model_id}"
        assert len(state["_esm"]) < 10_000 and "_py2js_restyle" in state["_esm"]
    bundle.close()  # a closed bundle is replaced for new figures
    assert FigureWidget()._plotly_bundle is plotly_bundle() is not bundle


def test_figure_state_is_the_current_figure_even_inside_a_box():
    """Voila embeds each widget's state after running the notebook: a figure changed after
    construction must carry the change in its state, not its first data."""
    from sgexplore.widgets._figure import FigureWidget

    figure = FigureWidget(go.Figure([go.Scatter(x=[1.0, 2.0], y=[3.0, 4.0])]))
    figure.data[0].y = [7.0, 8.0]
    figure.layout.title = "changed"
    state = figure.get_state()
    assert list(state["_widget_data"][0]["y"]) == [7.0, 8.0]
    assert state["_widget_layout"]["title"]["text"] == "changed"


def test_figure_arrays_travel_as_binary_rows(monkeypatch):
    """A heatmap's z reaches the browser as binary float rows (typed arrays), in the first
    state and in every update, with exactly the plotted values."""
    import ipywidgets
    from ipywidgets.widgets.widget import _remove_buffers

    from sgexplore.widgets._figure import FigureWidget

    z = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    figure = FigureWidget(go.Figure(go.Heatmap(z=z)))
    state, paths, buffers = _remove_buffers(figure.get_state())
    rows = [np.frombuffer(b, dtype=np.float32) for p, b in zip(paths, buffers) if p[:3] == ["_widget_data", 0, "z"]]
    np.testing.assert_array_equal(np.stack(rows), z)

    sent = []
    monkeypatch.setattr(ipywidgets.Widget, "_send", lambda self, msg, buffers=None: sent.append((msg, buffers)))
    figure.data[0].z = (z * 2)[::-1]  # a view with negative strides
    update = [(m, b) for m, b in sent if m.get("state", {}).get("_py2js_restyle")]
    (msg, buffers), = update
    got = [np.frombuffer(b, dtype=np.float32) for b in buffers]
    np.testing.assert_array_equal(np.stack(got), z[::-1] * 2)
    assert len(json.dumps(msg)) < 2000  # the values are not in the JSON part


def test_gp_std_view_says_std_in_its_title_and_status():
    """The std view was titled like the mean ("posterior given 1 observation(s)")."""
    explorer = GPExplorer("p4m", seed=1, resolution=32)
    explorer.show.value = "std"
    assert explorer.figure.layout.title.text.startswith("std (standard deviation): none before")
    explorer.model.add_observation(0.2, 0.3, 1.0)
    explorer._redraw()
    assert explorer.figure.layout.title.text == ("std (standard deviation) of the posterior given "
                                                 "1 observation(s)")
    assert "std (standard deviation)" in explorer.status.value
    explorer.show.value = "mean"
    assert explorer.figure.layout.title.text == "posterior given 1 observation(s)"


def test_an_export_over_the_csv_cap_says_so_and_the_npz_has_every_value():
    """A 1024^2 grid was an 85 MB CSV carried in the page (18 s): over ``MAX_CSV_ROWS``
    the CSV is not sent and a line says what to do; the .npz holds the whole field."""
    from sgexplore.limits import MAX_CSV_ROWS

    explorer = BasisExplorer("p4m", index=4, resolution=512)
    explorer._prepare_download()
    html = explorer.download.value
    assert 512 * 512 > MAX_CSV_ROWS and "data:text/csv" not in html
    assert f"{512 * 512:,} rows" in html and "choose grid 256 or less" in html
    payload = re.search(r"data:application/octet-stream;base64,([^']+)'", html).group(1)
    with np.load(io.BytesIO(base64.b64decode(payload))) as npz:
        np.testing.assert_array_equal(npz["values"], explorer.model.field)
    explorer.resolution.value = 256  # at the cap: the CSV is back
    explorer._prepare_download()
    assert _csv_from_link(explorer.download.value)[1].shape == (MAX_CSV_ROWS, 5)


def test_an_npz_over_its_cap_is_refused_with_its_size(monkeypatch):
    from sgexplore.widgets import _plane

    monkeypatch.setattr(_plane, "MAX_NPZ_BYTES", 1000)
    noise = np.random.default_rng(0).normal(size=(32, 32))
    html = _plane.download_links("noise", {"values": noise}, {"value": noise}, np.eye(2))
    assert "data:application/octet-stream" not in html and "noise.npz would be" in html
    assert "data:text/csv" in html
