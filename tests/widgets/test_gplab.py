"""The GP lab without a browser: the hidden truth, both posteriors, the fit, the widget."""

from __future__ import annotations

import numpy as np
import pytest

from sgexplore.groups import wallpaper_group
from sgexplore.widgets import GPLab, GPLabModel, gp_lab_dashboard


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


def test_fit_improves_the_likelihood_of_both_models(lab_model):
    fitted = lab_model.fit()
    for name, lml in (("invariant", lab_model.invariant_lml), ("periodic", lab_model.periodic_lml)):
        assert fitted[name]["log_marginal_likelihood"] >= lml - 1e-6
        assert all(np.isfinite(v) and v > 0 for k, v in fitted[name].items() if k != "log_marginal_likelihood")
    assert fitted["invariant"]["log_marginal_likelihood"] > fitted["periodic"]["log_marginal_likelihood"]


def test_lab_widget_click_fit_and_errors():
    lab = GPLab("p2", seed=0)
    assert "no observations yet" in lab.status.value
    lab._fit()
    assert "at least 2" in lab.status.value
    lab.random_button.click()
    assert len(lab.model.points) == 5 and "5 observation(s)" in lab.status.value

    class Points:
        xs, ys = [0.3], [0.6]
    lab._on_click(None, Points(), None)
    assert lab.model.points[-1] == pytest.approx([0.3, 0.6])
    assert len(lab.figure.data[3].x) == 6  # the observation markers on the truth
    lab._fit()
    assert "fitted lengthscale" in lab.results.value
    before = lab.model.truth.copy()
    lab.group_select.value = "p6"
    assert len(lab.model.points) == 6 and not np.allclose(lab.model.truth, before)
    lab.clear.click()
    assert lab.model.points == []


def test_dashboard_deep_links():
    dashboard = gp_lab_dashboard({"group": "pmm", "seed": "3", "lengthscale": "0.3", "n": "4"})
    assert dashboard.lab.model.group.common_symbol == "pmm"
    assert dashboard.link.query == "group=pmm&seed=3&lengthscale=0.3&n=4"
    bad = gp_lab_dashboard({"group": "Fm-3m", "lengthscale": "9"})
    assert "not a wallpaper group" in bad.children[1].value and "lengthscale" in bad.children[1].value
