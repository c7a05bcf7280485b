"""The class load generator against a real Voila server: two students, each with a client
of its own, get the main dashboard's first figure, and that figure is the basis heatmap."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from sgexplore._class_load import class_arrives, visit

from .e2e.conftest import ROOT, SERVER_PIDS, _free_port, running_voila

pytestmark = pytest.mark.e2e

STUDENTS = 2


def _in_thread(function, *args, **kwargs):
    """Run ``function`` in a thread of its own: the client runs an asyncio loop, which a
    thread where Playwright's sync API already runs one (other e2e tests in this worker)
    refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("class-load") / "voila.log"
    with running_voila(ROOT / "notebooks", log_path) as base_url:
        yield _in_thread(class_arrives, base_url, "voila/render/explorer.ipynb?tab=2", STUDENTS,
                         window_s=2, stay_s=2, timeout_s=120, server_pid=SERVER_PIDS[base_url],
                         linger_s=0)


def test_every_student_gets_a_first_figure(report):
    assert report["no_figure"] == 0, report["errors"]
    assert report["first_figure_median_s"] <= report["first_figure_max_s"] <= 120
    for record in report["visits"]:
        steps = [record[k] for k in ("html_s", "websocket_s", "first_figure_s", "left_s")]
        assert steps == sorted(steps), record
    assert len({record["kernel_id"] for record in report["visits"]}) == STUDENTS


def test_the_first_figure_is_the_basis_heatmap_with_its_data(report):
    for record in report["visits"]:
        figure = record["figure"]
        # The basis tab's field: a heatmap whose rows arrived as binary float32 buffers,
        # with the group's symmetry elements drawn over it.
        assert figure["trace_types"][0] == "heatmap"
        assert "scatter" in figure["trace_types"][1:]
        assert figure["binary_bytes"] >= 4 * 128 * 128
        assert figure["values"] >= 128 * 128


def test_the_server_is_measured(report):
    assert report["server_rss_peak_mib"] > 100  # the server and at least one kernel
    assert report["server_cpu_s"] > 0
    assert report["kernels_peak"] >= STUDENTS
    assert report["kernels_left"] <= report["kernels_peak"]


def test_a_student_who_finds_no_server_reports_why():
    url = f"http://127.0.0.1:{_free_port()}/voila/render/explorer.ipynb"  # nothing listens there
    result = _in_thread(asyncio.run, visit(url, stay_s=0, timeout_s=10))
    assert result.error.startswith("ConnectionRefusedError waiting for the HTML"), result.error
    assert result.html_s is None and result.first_figure_s is None and result.figure is None
