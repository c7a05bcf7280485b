"""The GP lab without a browser: the hidden truth, both posteriors, the symmetric images of
the observations, the Cartesian panels, fitting and applying the fit, the error curves."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import map_coordinates

from sgexplore.groups import DENOMINATOR, all_wallpaper_groups, wallpaper_group
from sgexplore.widgets import GPLab, GPLabModel, gp_lab_dashboard
from sgexplore.widgets._gplab import (
    CURVE_SETTINGS,
    cached_curves,
    cell_box,
    error_curves,
    images_in_view,
)

SYMBOLS = [g.common_symbol for g in all_wallpaper_groups()]


@pytest.fixture(scope="module")
def lab_model():
    model = GPLabModel("p4m", seed=1)
    model.add_random(30)
    return model


def test_truth_on_the_grid_is_the_exact_function(lab_model):
    n = lab_model.resolution
    index = np.array([[3, 17], [40, 5], [63, 63], [12, 50]])
    np.testing.assert_allclose(lab_model.truth_at(index / n), lab_model.truth[index[:, 0], index[:, 1]],
                               atol=1e-5)


def test_invariant_posterior_is_invariant_and_periodic_is_not(lab_model):
    """p4m's rotation by 90 degrees, (x, y) -> (-y, x), maps the grid onto itself."""
    g = wallpaper_group("p4m")
    rotation = next(op for op in g.operations if np.allclose(op.rotation, [[0, -1], [1, 0]]))
    n = lab_model.resolution
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    moved = np.einsum("ab,bij->aij", np.asarray(rotation.rotation), np.stack([i, j])) % n
    for field, invariant in ((lab_model.truth, True), (lab_model.invariant_mean, True),
                             (lab_model.periodic_mean, False)):
        difference = np.abs(field[moved[0], moved[1]] - field).max()
        assert (difference < 1e-5 * np.abs(field).max()) == invariant


def test_both_posteriors_follow_the_data_and_symmetry_lowers_the_error(lab_model):
    data = lab_model.observations
    n = lab_model.resolution
    on_grid = np.round(data[:, :2] * n).astype(int) % n
    for mean in (lab_model.invariant_mean, lab_model.periodic_mean):
        residual = mean[on_grid[:, 0], on_grid[:, 1]] - data[:, 2]
        assert np.sqrt(np.mean(residual**2)) < 0.25  # within noise plus the grid offset
    assert lab_model.invariant_rmse < 0.75 * lab_model.periodic_rmse
    assert lab_model.invariant_lml > lab_model.periodic_lml


@pytest.mark.parametrize("symbol", ["p6m", "cmm", "p3", "p4g"])
def test_symmetry_lowers_the_error_for_other_groups(symbol):
    """Groups of order >= 3 (with p2, twice the data, the gain is within seed-to-seed noise)."""
    model = GPLabModel(symbol, seed=2)
    model.add_random(30)
    assert model.invariant_rmse < model.periodic_rmse


def _orbit_by_hand(symbol: str, point: np.ndarray) -> np.ndarray:
    """R x + t mod 1 for every operation, repeated points (on the torus) dropped."""
    g = wallpaper_group(symbol)
    images = [np.mod(np.asarray(op.rotation) @ point + np.asarray(op.translation_numerator) / DENOMINATOR, 1.0)
              for op in g.operations]
    kept: list[np.ndarray] = []
    for x in images:
        if not any(np.all(np.abs((x - y + 0.5) % 1.0 - 0.5) < 1e-9) for y in kept):
            kept.append(x)
    return np.array(kept)


def _same_points_on_torus(a: np.ndarray, b: np.ndarray) -> bool:
    if len(a) != len(b):
        return False
    distance = np.abs((a[:, None, :] - b[None, :, :] + 0.5) % 1.0 - 0.5).max(axis=-1)
    return bool(np.all(distance.min(axis=1) < 1e-9) and np.all(distance.min(axis=0) < 1e-9))


@pytest.fixture(scope="module")
def small_models():
    """One light lab model per group (few functions, a coarse grid): the images do not depend
    on them."""
    return {s: GPLabModel(s, n_functions=10, resolution=16) for s in SYMBOLS}


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_images_of_each_observation_are_the_groups_orbit(symbol, small_models):
    model = small_models[symbol]
    points = np.array([[0.1234, 0.3141], [0.0, 0.0], [0.5, 0.25], [0.25, 0.0]])
    model.points = points.tolist()
    images = model.images()
    assert len(images) == len(points)
    for point, orbit in zip(points, images):
        assert _same_points_on_torus(orbit, _orbit_by_hand(symbol, point))


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_drawn_images_are_every_copy_of_the_orbit_in_the_panel(symbol):
    g = wallpaper_group(symbol)
    lattice = g.default_lattice
    orbit = _orbit_by_hand(symbol, np.array([0.1234, 0.3141]))
    drawn = images_in_view(orbit, lattice)
    back = np.linalg.solve(lattice.matrix, drawn.T).T
    assert _same_points_on_torus(np.unique(np.round(np.mod(back, 1.0), 9), axis=0), orbit)
    # Every translate (by -2..2 cells) inside the panel's box is drawn, and nothing else.
    box = cell_box(lattice.matrix)
    shifts = np.array([[i, j] for i in range(-2, 3) for j in range(-2, 3)], dtype=float)
    every = (orbit[:, None, :] + shifts[None]).reshape(-1, 2) @ lattice.matrix.T
    inside = every[np.all((every >= box[:, 0] - 1e-9) & (every <= box[:, 1] + 1e-9), axis=1)]
    assert len(drawn) == len(inside)
    assert np.abs(drawn[:, None, :] - inside[None]).max(axis=-1).min(axis=1).max() < 1e-9


def test_fit_improves_the_likelihood_of_both_models(lab_model):
    fitted = lab_model.fit()
    for name, lml in (("invariant", lab_model.invariant_lml), ("periodic", lab_model.periodic_lml)):
        assert fitted[name]["log_marginal_likelihood"] >= lml - 1e-6
        assert all(np.isfinite(v) and v > 0 for k, v in fitted[name].items() if k != "log_marginal_likelihood")
    assert fitted["invariant"]["log_marginal_likelihood"] > fitted["periodic"]["log_marginal_likelihood"]


def test_apply_fit_sets_each_kernels_hyperparameters():
    from sgexplore.gp import posterior_on_grid
    from sgexplore.kernels import spectral_kernel

    model = GPLabModel("p6", seed=3)
    model.add_random(12)
    fitted = model.fit()
    model.apply_fit(fitted)
    assert model.error == ""
    for name, (basis, kernel) in zip(("invariant", "periodic"), model.kernels()):
        used = model.hyperparameters(name)
        assert used == {k: pytest.approx(fitted[name][k]) for k in ("lengthscale", "amplitude", "noise")}
        assert float(kernel.lengthscale) == pytest.approx(fitted[name]["lengthscale"], rel=1e-6)
        assert float(kernel.amplitude) == pytest.approx(fitted[name]["amplitude"], rel=1e-6)
        # The posterior shown is the one of a kernel built here with the fitted values.
        independent = spectral_kernel(basis, "matern", fitted[name]["lengthscale"],
                                      fitted[name]["amplitude"], nu=1.5)
        data = model.observations
        mean, _ = posterior_on_grid(independent, data[:, :2], data[:, 2], fitted[name]["noise"], model.shape)
        np.testing.assert_allclose(getattr(model, f"{name}_mean"), mean, atol=1e-5 * np.abs(mean).max())
        # ... and its likelihood is the maximum the fit found.
        assert getattr(model, f"{name}_lml") == pytest.approx(fitted[name]["log_marginal_likelihood"],
                                                              abs=1e-3)
    assert fitted["invariant"]["lengthscale"] != fitted["periodic"]["lengthscale"]
    model.lengthscale = 0.3  # a new shared lengthscale drops the fit
    assert model.fitted == {} and model.hyperparameters("periodic")["lengthscale"] == 0.3
    with pytest.raises(Exception, match="positive and finite"):
        model.apply_fit({name: {"lengthscale": -1.0, "amplitude": 1.0, "noise": 0.1}
                         for name in ("invariant", "periodic")})


@pytest.fixture(scope="module")
def lab():
    return GPLab("p31m", seed=0)


def test_panels_are_cartesian_with_the_cells_true_shape(lab):
    """p31m's hexagonal cell: the outline is the lattice's, the axes have equal scales and
    each pixel shows the field at the fractional point its Cartesian position maps to."""
    matrix = lab.model.lattice.matrix
    for panel in lab.panels:
        outline = next(t for t in panel.data if t.name == "unit cell")
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float) @ matrix.T
        np.testing.assert_allclose(np.column_stack([outline.x, outline.y]), corners, atol=1e-12)
        assert panel.layout.xaxis.scaleanchor == "y" and panel.layout.xaxis.scaleratio == 1
    cos_gamma = matrix[:, 0] @ matrix[:, 1] / np.prod(np.linalg.norm(matrix, axis=0))
    assert np.degrees(np.arccos(cos_gamma)) == pytest.approx(120.0)
    heatmap = lab.truth_panel.data[0]
    X, Y = np.meshgrid(np.asarray(heatmap.x), np.asarray(heatmap.y), indexing="xy")
    fractional = np.linalg.solve(matrix, np.stack([X.ravel(), Y.ravel()])).T
    truth = lab.model.truth
    expected = map_coordinates(truth, (fractional * truth.shape).T, order=1, mode="grid-wrap")
    shown = np.asarray(heatmap.z, dtype=np.float64).ravel()
    np.testing.assert_allclose(shown, expected, atol=1e-5 * np.abs(truth).max())
    # against the exact function: within the bilinear interpolation of a 64-point grid
    some = np.random.default_rng(0).choice(len(shown), 50, replace=False)
    exact = lab.model.truth_at(fractional[some])
    assert np.abs(shown[some] - exact).max() < 0.05 * np.abs(truth).max()


class _Click:
    def __init__(self, lattice, fractional):
        x, y = np.asarray(lattice.matrix) @ np.asarray(fractional)
        self.xs, self.ys = [float(x)], [float(y)]


def test_a_click_observes_the_point_and_draws_its_images(lab):
    lab.clear.click()
    assert all("mean 0 until you observe" in p.layout.title.text
               for p in (lab.invariant_panel, lab.periodic_panel))
    lab._on_click(None, _Click(lab.model.lattice, [0.3, 0.2]), None)
    assert lab.model.points[-1] == pytest.approx([0.3, 0.2])
    observed = next(t for t in lab.invariant_panel.data if t.name == "observations")
    images = next(t for t in lab.invariant_panel.data if t.name == "images")
    orbit = wallpaper_group("p31m").orbit(np.array([0.3, 0.2]))
    assert len(orbit) == 6
    np.testing.assert_allclose(np.column_stack([images.x, images.y]),
                               images_in_view(orbit, lab.model.lattice), atol=1e-12)
    assert len(observed.x) == len(images_in_view(np.array([[0.3, 0.2]]), lab.model.lattice))
    assert "6 images" in lab.invariant_panel.layout.title.text
    assert "until you observe" not in lab.periodic_panel.layout.title.text
    assert not any(t.name == "images" for t in lab.periodic_panel.data)


def test_lab_widget_fit_apply_and_errors():
    lab = GPLab("p2", seed=0)
    assert "no observations yet" in lab.status.value
    # The hidden function is a sample of the invariant prior with its own lengthscale, and
    # the status says which (it said "drawn from the invariant prior" with another one).
    m = lab.model
    assert m.truth_lengthscale != m.lengthscale
    assert (f"drawn from the invariant prior with lengthscale {m.truth_lengthscale:g} "
            f"(the posteriors use {m.lengthscale:g})") in lab.status.value
    lab._fit()
    assert "at least 2" in lab.status.value and lab.apply_button.disabled
    lab.random_button.click()
    assert len(lab.model.points) == 5 and "5 observation(s)" in lab.status.value
    lab._fit()
    assert "fitted lengthscale" in lab.results.value and not lab.apply_button.disabled
    assert "(shared)" in lab.results.value
    lab.apply_button.click()
    assert lab.model.fitted["invariant"]["lengthscale"] == pytest.approx(lab.fitted["invariant"]["lengthscale"])
    assert "(fitted, applied)" in lab.results.value
    before = lab.model.truth.copy()
    lab.group_select.value = "p6"
    assert len(lab.model.points) == 5 and not np.allclose(lab.model.truth, before)
    assert lab.model.fitted == {}  # fitted for p2's kernel
    lab.clear.click()
    assert lab.model.points == []


def test_cached_error_curves_match_a_fresh_computation():
    """The curves on the page (scripts/gp_lab_curves.py) for a small case recomputed here."""
    cached = cached_curves()
    assert set(cached["groups"]) == set(SYMBOLS)
    assert cached["settings"] == CURVE_SETTINGS
    counts, seeds = cached["counts"], cached["seeds"]
    columns = [counts.index(1), counts.index(4)]
    for symbol in ("p4m", "p31m"):
        fresh = error_curves(symbol, counts=(1, 4), seeds=seeds[:2], **CURVE_SETTINGS)
        table = cached["groups"][symbol]
        for name in ("invariant", "periodic"):
            # rounded to 6 digits in the file; float32 evaluation of the basis
            np.testing.assert_allclose(fresh[name], np.asarray(table[name])[:2][:, columns], rtol=1e-4,
                                       atol=1e-5)
        np.testing.assert_allclose(fresh["prior"], table["prior"][:2], rtol=1e-4)


def test_page_shows_the_curves_and_their_numbers(lab):
    cached = cached_curves()["groups"]["p31m"]
    mean = np.asarray(cached["invariant"]).mean(axis=0)
    shown = next(t for t in lab.curves.data if t.name == "invariant prior")
    np.testing.assert_allclose(shown.y, mean)
    assert "When does the invariant prior help?" in lab.explanation.value
    assert f"{mean[0]:.3f}" in lab.explanation.value


def test_the_page_marker_follows_every_click_and_the_explanation_every_setting():
    """A click moves only the curves' "this page" marker (to the errors now shown); a new
    lengthscale redraws the explanation, which names the mismatch with the truth's."""
    lab = GPLab("p4", seed=2)
    marker = next(t for t in lab.curves.data if t.name == "this page")
    assert len(marker.x) == 0
    for k, fractional in enumerate(([0.3, 0.2], [0.7, 0.6]), start=1):
        lab._on_click(None, _Click(lab.model.lattice, fractional), None)
        marker = next(t for t in lab.curves.data if t.name == "this page")
        assert list(marker.x) == [k, k]
        np.testing.assert_allclose(marker.y, [lab.model.invariant_rmse, lab.model.periodic_rmse])
    assert lab.model.lengthscale > lab.model.truth_lengthscale
    assert "is longer than the truth's" in lab.explanation.value
    lab.lengthscale.value = lab.model.truth_lengthscale - 0.05
    assert "is shorter than the truth's" in lab.explanation.value
    marker = next(t for t in lab.curves.data if t.name == "this page")
    np.testing.assert_allclose(marker.y, [lab.model.invariant_rmse, lab.model.periodic_rmse])
    lab.clear.click()
    assert len(next(t for t in lab.curves.data if t.name == "this page").x) == 0


def test_dashboard_deep_links():
    dashboard = gp_lab_dashboard({"group": "pmm", "seed": "3", "lengthscale": "0.3", "n": "4"})
    assert dashboard.lab.model.group.common_symbol == "pmm"
    assert dashboard.link.query == "group=pmm&seed=3&lengthscale=0.3&n=4"
    bad = gp_lab_dashboard({"group": "Fm-3m", "lengthscale": "9"})
    assert "not a wallpaper group" in bad.children[1].value and "lengthscale" in bad.children[1].value
