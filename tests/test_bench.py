"""The benchmark runs end to end (a smoke run; no timing is asserted)."""

from __future__ import annotations

import math

from sgexplore import bench


def test_quick_benchmark_runs(tmp_path, capsys):
    results = bench.main(["--quick", "--json", str(tmp_path / "bench.json")])
    assert (tmp_path / "bench.json").exists()
    assert any("counts agree" in r.note for r in results)
    assert all(r.fast_s > 0 and math.isfinite(r.fast_s) for r in results)
    assert "construction" in capsys.readouterr().out
