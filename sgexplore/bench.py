"""Benchmarks, reported as ratios against simple baselines measured in the same run.

Run ``python -m sgexplore.bench`` (add ``--quick`` for a smoke run, ``--json PATH`` to keep
the numbers). Times are the best of several repeats after JIT compilation; where a baseline
would take minutes it runs on a stated fraction of the work and is scaled up linearly
(marked "extrapolated").
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from ._browser_bench import _percentile
from .basis import invariant_basis
from .basis._construction import basis_terms, bound_for_count
from .groups import DENOMINATOR, all_space_groups, space_group, wallpaper_group
from .serving import notebooks_dir

# Peak memory bandwidth (bytes/s) of accelerators we may be lent, for the achieved fraction.
PEAK_BANDWIDTH = {"H100": 3.35e12, "H200": 4.8e12, "A100": 2.0e12}
BASELINE_GROUPS = ("P1", "P-1", "P2_1/c", "C2/c", "Pnma", "Fddd", "I4_1/amd", "P4/mmm",
                   "R-3m", "P6_3/mmc", "Pa-3", "Fd-3m", "Fm-3m", "Ia-3d")


@dataclass
class Result:
    case: str
    fast_s: float
    baseline_s: float
    ratio: float
    note: str = ""


def best_time(function: Callable[[], object], repeats: int = 5) -> float:
    """Best wall time of ``repeats`` calls, blocking on JAX results."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        jax.block_until_ready(function())
        best = min(best, time.perf_counter() - start)
    return best


def construction_baseline(group, metric: np.ndarray, bound: float) -> int:
    """Straightforward per-frequency Python loop: orbit, stabiliser phases, extinction.

    Returns the number of real functions with eigenvalue <= bound.
    """
    inverse = np.linalg.inv(metric)
    radius = [int(math.floor(math.sqrt(bound / (4 * math.pi**2) * metric[i, i]))) + 1
              for i in range(group.dim)]
    operations = [(r.tolist(), t.tolist()) for r, t in
                  zip(group.rotations, group.translation_numerators)]
    seen: set[tuple[int, ...]] = set()
    count = 0
    ranges = [range(-r, r + 1) for r in radius]
    for k in np.array(np.meshgrid(*ranges, indexing="ij")).reshape(group.dim, -1).T.tolist():
        k = tuple(k)
        if k in seen or 4 * math.pi**2 * float(np.dot(k, inverse @ k)) > bound * (1 + 1e-9):
            continue
        orbit = set()
        extinct = False
        for r, t in operations:
            image = tuple(sum(r[j][i] * k[j] for j in range(group.dim)) for i in range(group.dim))
            orbit.add(image)
            if image == k and sum(a * b for a, b in zip(k, t)) % DENOMINATOR:
                extinct = True
        seen |= orbit
        if extinct:
            continue
        negative = tuple(-v for v in k)
        if negative in orbit:
            count += 1
        elif negative not in seen:
            count += 2
    return count


def bench_construction(quick: bool) -> list[Result]:
    groups = all_space_groups()[:10] if quick else all_space_groups()
    target = 100 if quick else 1000
    bounds = {g.number: bound_for_count(g, g.default_lattice.metric, target) for g in groups}
    times = {}
    for g in groups:
        metric = np.ascontiguousarray(g.default_lattice.metric)

        def build(g=g, metric=metric) -> object:
            basis_terms.cache_clear()
            return basis_terms(g, metric.tobytes(), 3, bounds[g.number])

        times[g.symbol] = best_time(build, repeats=3)
    worst = max(times, key=times.get)
    total = sum(times.values())
    results = [Result(f"construction, {len(groups)} space groups, ~{target} functions each "
                      f"(total; worst {worst} {times[worst] * 1e3:.0f} ms)", total, math.nan,
                      math.nan, "no baseline for the full set")]
    sample = [space_group(s) for s in (BASELINE_GROUPS[:3] if quick else BASELINE_GROUPS)]
    fast_total = slow_total = 0.0
    for g in sample:
        metric = np.ascontiguousarray(g.default_lattice.metric)
        bound = bound_for_count(g, metric, target)
        start = time.perf_counter()
        expected = construction_baseline(g, metric, bound)
        slow_total += time.perf_counter() - start
        basis_terms.cache_clear()
        start = time.perf_counter()
        terms = basis_terms(g, metric.tobytes(), 3, bound)
        fast_total += time.perf_counter() - start
        if len(terms.eigenvalues) != expected:
            raise AssertionError(f"{g.symbol}: baseline counts {expected}, fast {len(terms.eigenvalues)}")
    results.append(Result(f"construction vs per-frequency Python loop ({len(sample)} groups)",
                          fast_total, slow_total, slow_total / fast_total, "counts agree"))
    return results


def direct_orbit_sums(basis, coefficients: np.ndarray | None, shape, max_terms: int) -> tuple[float, float]:
    """NumPy baseline: evaluate plane-wave orbit sums term by term on the grid.

    With ``coefficients`` it forms sum_i c_i phi_i, else every function separately. Runs at
    most ``max_terms`` terms; returns (seconds measured, fraction of the terms run).
    """
    t = basis.terms
    count = int(np.searchsorted(t.function, len(basis)))
    run = min(count, max_terms)
    axes = np.meshgrid(*[np.arange(s) / s for s in shape], indexing="ij")
    x = np.stack([a.ravel() for a in axes], axis=1)
    start = time.perf_counter()
    if coefficients is None:
        out = np.zeros((x.shape[0], len(basis)))
    else:
        out = np.zeros(x.shape[0])
    for term in range(run):
        c = t.coefficients[term]
        wave = np.cos(2 * np.pi * (x @ t.frequencies[term]) + np.angle(c)) * abs(c)
        if coefficients is None:
            out[:, t.function[term]] += wave
        else:
            out += coefficients[t.function[term]] * wave
    return time.perf_counter() - start, run / count


def _grid_case(label, basis, shape, coefficients, budget_terms, results, bandwidth):
    if coefficients is None:
        fast = best_time(lambda: basis.on_grid(shape), repeats=3)
    else:
        c = jnp.asarray(coefficients, dtype=basis.dtype)
        fast = best_time(lambda: basis.synthesize(c, shape))
    slow, fraction = direct_orbit_sums(basis, coefficients, shape, budget_terms)
    baseline = slow / fraction
    note = "" if fraction == 1 else f"baseline extrapolated from {fraction:.1%} of the terms"
    results.append(Result(label, fast, baseline, baseline / fast, note))
    if bandwidth and coefficients is not None:
        # One complex spectrum written by the scatter, read and written by each FFT pass
        # (about three passes), and the real output written once.
        itemsize = jnp.dtype(basis.dtype).itemsize
        moved = math.prod(shape) * itemsize * (2 + 2 * 2 * 3 + 1)
        results.append(Result(f"{label}: achieved memory bandwidth fraction",
                              moved / fast / bandwidth, math.nan, math.nan,
                              f"{moved / fast / 1e9:.0f} GB/s of {bandwidth / 1e9:.0f} GB/s"))


def bench_evaluation(quick: bool) -> list[Result]:
    rng = np.random.default_rng(0)
    device = jax.devices()[0]
    bandwidth = next((b for k, b in PEAK_BANDWIDTH.items() if k in device.device_kind), None)
    results: list[Result] = []
    scale = 4 if quick else 1
    budget = 20 if quick else 400
    fm3m = invariant_basis(space_group("Fm-3m"), n=200 // scale)
    p6m = invariant_basis(wallpaper_group("p6m"), n=200 // scale)
    _grid_case(f"first {len(fm3m)} functions of Fm-3m on {64 // scale}^3", fm3m,
               (64 // scale,) * 3, None, budget, results, bandwidth)
    _grid_case(f"first {len(p6m)} functions of p6m on {512 // scale}^2", p6m,
               (512 // scale,) * 2, None, budget, results, bandwidth)
    gp2 = invariant_basis(wallpaper_group("p6m"), n=1000 // scale)
    gp3 = invariant_basis(space_group("Fm-3m"), n=1000 // scale)
    _grid_case(f"GP sample, {len(gp2)} functions of p6m on {512 // scale}^2", gp2,
               (512 // scale,) * 2, rng.normal(size=len(gp2)), budget * 10, results, bandwidth)
    _grid_case(f"GP sample, {len(gp3)} functions of Fm-3m on {128 // scale}^3", gp3,
               (128 // scale,) * 3, rng.normal(size=len(gp3)), budget, results, bandwidth)
    return results


def bench_gp(quick: bool) -> list[Result]:
    """Prior samples per second by FFT, and posteriors, against the group-averaged kernel."""
    from .gp import posterior, prior_sample
    from .kernels import group_averaged_kernel, spectral_kernel

    results: list[Result] = []
    scale = 4 if quick else 1
    batch = 8
    for group, shape in ((wallpaper_group("p6m"), (512 // scale,) * 2),
                         (space_group("Fm-3m"), (96 // scale,) * 3)):
        basis = invariant_basis(group, n=1200 // scale)
        kernel = spectral_kernel(basis, "matern", lengthscale=0.1, nu=1.5)
        seconds = best_time(lambda: prior_sample(kernel, shape, seed=1, n_samples=batch), 3)
        results.append(Result(
            f"prior samples, {group.symbol} {len(basis)} functions on {shape[0]}^{len(shape)} "
            f"(batch of {batch})", seconds / batch, math.nan, math.nan,
            f"{batch / seconds:.0f} samples/s"))

    # The group-averaged route needs a dense Cholesky on the grid: compare where it fits.
    group = wallpaper_group("p6m")
    lam = invariant_basis(group, n=400 // scale)
    bound = float(lam.levels[-2] + lam.levels[-1]) / 2
    basis = invariant_basis(group, max_eigenvalue=bound)
    side = 32 // (2 if quick else 1)
    grid = np.stack(np.meshgrid(*[np.arange(side) / side] * 2, indexing="ij"), -1).reshape(-1, 2)
    averaged = group_averaged_kernel(basis, "heat", 0.1)
    key = jax.random.PRNGKey(0)

    def averaged_sample() -> jax.Array:
        gram = averaged(grid, grid) + 1e-6 * jnp.eye(len(grid), dtype=basis.dtype)
        return jnp.linalg.cholesky(gram) @ jax.random.normal(key, (len(grid),), basis.dtype)

    heat = spectral_kernel(basis, lengthscale=0.1)
    fast = best_time(lambda: prior_sample(heat, (side, side)), 3)
    slow = best_time(averaged_sample, 2)
    results.append(Result(f"prior sample p6m on {side}^2: FFT vs group-averaged kernel + Cholesky",
                          fast, slow, slow / fast))

    n_obs = 1000 // scale
    rng = np.random.default_rng(1)
    X = jnp.asarray(rng.random((n_obs, 2)), dtype=basis.dtype)
    y = jnp.asarray(rng.normal(size=n_obs), dtype=basis.dtype)
    Xs = jnp.asarray(rng.random((n_obs, 2)), dtype=basis.dtype)
    spectral = spectral_kernel(basis, "heat", 0.1)
    fast = best_time(lambda: posterior(spectral, X, y, 0.1).mean(Xs), 3)
    slow = best_time(lambda: posterior(averaged, X, y, 0.1).mean(Xs), 2)
    results.append(Result(f"posterior mean, {n_obs} observations, p6m {len(basis)} functions: "
                          "spectral vs group-averaged kernel", fast, slow, slow / fast))
    return results


def bench_browser(only: str = "") -> list[Result]:
    """Control change (or click) to updated plot in the dashboards (needs the dashboard
    extras, Playwright and Debian Chromium); ratio against the kernel-side update time.
    ``only``: just the cases whose name contains it."""
    from ._browser_bench import browser_round_trips

    notebooks = notebooks_dir()  # a clone's notebooks/, or the ones in the wheel
    results = []
    print(f"{'case':<22}  {'median':>9}  {'p90':>9}  {'kernel':>9}  ratio")
    for name, median, p90, kernel in browser_round_trips(notebooks, only):
        results.append(Result(f"browser {name}", median / 1e3, kernel / 1e3, median / kernel,
                              f"p90 {p90:.0f} ms"))
        print(f"{name:<22}  {median:7.0f} ms  {p90:7.0f} ms  {kernel:7.0f} ms  {median / kernel:.1f}x")
    return results


def bench_interactions(only: str = "") -> list[Result]:
    """Every interaction a visitor makes (``_browser_bench.interaction_latencies``): median
    and 90th percentile ms from the key, click or selection to the frame showing the result,
    each as a ratio to the floor measured first in the same server (a plain plotly heatmap
    for 2D pages, a plain 3D mesh for the space-group page's 3D scene)."""
    from ._browser_bench import interaction_latencies

    results, floors = [], {}
    print(f"{'interaction':<46}  {'n':>3}  {'median':>9}  {'p90':>9}  {'floor':>8}  ratio  missed")
    for name, trips in interaction_latencies(notebooks_dir(), only):
        done = [t for t in trips if t is not None]
        median = statistics.median(done) if done else math.nan
        p90 = _percentile(done, 0.9) if done else math.nan
        if name.startswith("floor"):
            floors["3d" if "3D" in name else "2d"] = median
        floor = floors.get("3d" if name.startswith("space groups") else "2d", math.nan)
        missed = len(trips) - len(done)
        results.append(Result(f"interaction {name}", median / 1e3, floor / 1e3, median / floor,
                              f"n {len(trips)}, p90 {p90:.0f} ms, missed {missed}"))
        print(f"{name:<46}  {len(trips):>3}  {median:7.0f} ms  {p90:7.0f} ms  {floor:6.0f} ms  "
              f"{median / floor:5.1f}x  {missed}", flush=True)
    return results


def bench_first_figure() -> list[Result]:
    """Page request to the first plotted figure for every dashboard: a cold kernel against
    one with JAX's compilation cache filled and against a preheated kernel (median of three,
    each page opened with the pool idle), each also as a ratio to the floor (one plotly
    FigureWidget alone, served by the same Voila in the same run, with the same start), and
    the kernel's resident memory."""
    from ._browser_bench import FLOOR, first_figures

    notebooks = notebooks_dir()  # a clone's notebooks/, or the ones in the wheel
    results = []
    rows = first_figures(notebooks)
    floor = rows[0][1]
    print(f"{'dashboard':<26}  {'cold':>9}  {'jax cache':>9}  {'preheated':>9}  "
          f"{'preheated / floor':>17}  kernel memory")
    for name, times, memory in rows:
        for start in ("cold", "jax cache", "preheated") if name != FLOOR else ():
            results.append(Result(f"first figure {name} ({start})", times[start] / 1e3,
                                  floor[start] / 1e3, times[start] / floor[start],
                                  f"floor ({FLOOR}: one FigureWidget, same Voila, same start) "
                                  f"as baseline; kernel {memory:.0f} MiB"))
        print(f"{name:<26}  {times['cold']:7.0f} ms  {times['jax cache']:7.0f} ms  "
              f"{times['preheated']:7.0f} ms  {times['preheated'] / floor['preheated']:16.1f}x  "
              f"{memory:.0f} MiB")
    return results


def bench_class(sizes: tuple[int, ...] = (5, 10, 20, 30), log_dir=None,
                pools: tuple[str, ...] = ("default", "N")) -> list[Result]:
    """A class arriving within 60 s on ``sgexplore serve``, each student a client of its own
    speaking the page's protocol (``sgexplore._class_load``), with the default pool and with
    a pool of N: first figure (the data of the page's first figure received) median, p90 and
    max, pages with no figure, server memory and CPU, kernels left 120 s after the students
    left beyond the refilled pool. Baseline: the first figure of a lone student on the
    default server, measured first in the same run. Rows are printed as runs end."""
    from ._browser_bench import class_capacity

    def cell(value) -> str:
        return "-" if value is None else f"{value:5.1f} s"

    alone = math.nan
    results = []
    print(f"{'N':>3}  {'pool':<12}  {'median':>7}  {'p90':>7}  {'max':>7}  {'no fig':>6}  "
          f"{'memory':>9}  {'CPU':>10}  left", flush=True)
    for r in class_capacity(sizes, log_dir=log_dir, pools=pools):
        if "error" in r:
            print(f"{r['students']:>3}  {r['pool']:<12}  {r['error']}", flush=True)
            results.append(Result(f"class of {r['students']}, {r['pool']}", math.nan, alone,
                                  math.nan, r["error"]))
            continue
        shown = r["first_figure_median_s"]
        if math.isnan(alone):
            alone = shown
        left = r["kernels_left"] - r["pool_kernels"]
        print(f"{r['students']:>3}  {r['pool']:<12}  {cell(shown):>7}  "
              f"{cell(r['first_figure_p90_s']):>7}  {cell(r['first_figure_max_s']):>7}  "
              f"{r['no_figure']:>6}  {r['server_rss_peak_mib'] / 1024:5.1f} GiB  "
              f"{r['server_cores_busy']:4.2f} cores  {left}  {r['errors'] or ''}", flush=True)
        results.append(Result(
            f"class of {r['students']}, {r['pool']}: first figure (median)",
            math.nan if shown is None else shown, alone,
            math.nan if shown is None else shown / alone,
            f"p90 {r['first_figure_p90_s']}, max {r['first_figure_max_s']} s, "
            f"{r['no_figure']} without a figure {r['errors']}, peak "
            f"{r['server_rss_peak_mib']:.0f} MiB, {r['server_cpu_s']:.0f} CPU s "
            f"({r['server_cores_busy']:.2f} cores), {left} kernels left beyond the pool"))
    return results


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--browser", action="store_true",
                        help="only the browser round trips through Voila and headless Chromium")
    parser.add_argument("--only", default="",
                        help="with --browser: only the cases whose name contains this")
    parser.add_argument("--interactions", action="store_true",
                        help="only every interaction of the dashboards against the floor")
    parser.add_argument("--first-figure", action="store_true",
                        help="only page request to first figure, and memory per kernel")
    parser.add_argument("--class", dest="class_", action="store_true",
                        help="only a class of 5, 10, 20 and 30 students arriving within 60 s "
                             "on sgexplore serve, with the default pool and a pool of N")
    parser.add_argument("--sizes", default="5,10,20,30", help="with --class: the class sizes")
    parser.add_argument("--pools", default="default,N",
                        help="with --class: 'default' (one preheated kernel per dashboard), "
                             "'N' (a pool of N for the page the class opens), or both")
    parser.add_argument("--server-log", help="with --class: keep the servers' logs in this folder")
    args = parser.parse_args(argv)
    if args.class_:
        return bench_class(tuple(int(n) for n in args.sizes.split(",")),
                           log_dir=args.server_log and Path(args.server_log),
                           pools=tuple(args.pools.split(",")))
    if args.browser:
        return bench_browser(args.only) + bench_interactions(args.only)
    if args.interactions:
        return bench_interactions(args.only)
    if args.first_figure:
        return bench_first_figure()
    device = jax.devices()[0]
    print(f"sgexplore.bench on {platform.processor() or platform.machine()}, JAX {jax.__version__} "
          f"on {device.platform} ({device.device_kind}), default dtype {jnp.zeros(()).dtype}")
    results = bench_construction(args.quick) + bench_evaluation(args.quick) + bench_gp(args.quick)
    width = max(len(r.case) for r in results)
    print(f"{'case':<{width}}  {'fast':>10}  {'baseline':>10}  {'ratio':>8}  note")
    for r in results:
        fast = f"{r.fast_s:.4g}" if "fraction" in r.case else f"{r.fast_s * 1e3:.2f} ms"
        base = "" if math.isnan(r.baseline_s) else f"{r.baseline_s * 1e3:.0f} ms"
        ratio = "" if math.isnan(r.ratio) else f"{r.ratio:.0f}x"
        print(f"{r.case:<{width}}  {fast:>10}  {base:>10}  {ratio:>8}  {r.note}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"device": str(device), "results": [asdict(r) for r in results]}, handle,
                      indent=2)
    return results


if __name__ == "__main__":
    main()
