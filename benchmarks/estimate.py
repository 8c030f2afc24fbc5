"""Simulation study of the multiple-systems estimators: coverage and error.

Draws populations of known size (``--size``, default 2,000) in two hidden
groups, one easy to record and one hard (heterogeneous capture), on four
lists where lists 1 and 2 copy each other in the easy group (dependence).
Each replicate is estimated by every method; per method one line:

``estimate.<method>``
    ``coverage``: share of replicates whose 95% interval holds the true N;
    ``median_rel_error``: median of |estimate - N| / N; ``median_width``:
    median interval width over N; ``seconds``: mean time per replicate.

``estimate.lcmcr_speed``
    ``seconds`` (and ``cpu_seconds``) for one LCMCR chain of 10,000
    iterations (burn-in 1,000, then 1,000 samples thinned by 9) on one
    four-list population.

LCMCR runs a short chain (``--iterations``, default 3,000 after 1,000 of
burn-in) so the study finishes in minutes on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import print_figure, progress

from sabt.analysis.mse import dga, lcmcr, loglinear
from sabt.analysis.mse.table import CaptureTable, from_full

LISTS = ("l1", "l2", "l3", "l4")


def simulate(rng: np.random.Generator, size: int) -> CaptureTable:
    """One population: 60% easy (p 0.35) and 40% hard (p 0.15) to record."""
    easy = rng.random(size) < 0.6
    probs = np.where(easy[:, None], 0.35, 0.15) * np.ones((size, 4))
    caught = rng.random((size, 4)) < probs
    # In the easy group, list 2 copies list 1 half of the time.
    copies = easy & (rng.random(size) < 0.5)
    caught[copies, 1] = caught[copies, 0]
    weights = 2 ** np.arange(3, -1, -1)
    cells = np.bincount(caught.astype(np.int64) @ weights, minlength=16)
    return from_full(LISTS, cells.astype(np.int64))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2_000)
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--iterations", type=int, default=3_000)
    parser.add_argument("--bootstrap", type=int, default=50)
    args = parser.parse_args()
    rng = np.random.default_rng(2021)
    tables = [simulate(rng, args.size) for _ in range(args.replicates)]
    started, cpu = time.perf_counter(), time.process_time()
    lcmcr.sample(tables[0], burn_in=1_000, samples=1_000, thinning=9, seed=1)
    print_figure(
        "estimate.lcmcr_speed",
        {
            "lists": 4,
            "iterations": 10_000,
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu,
        },
    )
    methods = {
        "loglinear": lambda t, s: loglinear.estimate(
            t, bootstrap=args.bootstrap, seed=s
        ),
        "lcmcr": lambda t, s: lcmcr.sample(
            t,
            burn_in=1_000,
            samples=1_000,
            thinning=max(1, args.iterations // 1_000),
            seed=s,
        ),
        "dga": lambda t, s: dga.estimate(t),
    }
    for name, run in methods.items():
        hits, errors, widths = [], [], []
        started = time.perf_counter()
        for i, table in enumerate(tables):
            result = run(table, i + 1)
            hits.append(result.lower <= args.size <= result.upper)
            errors.append(abs(result.estimate - args.size) / args.size)
            widths.append((result.upper - result.lower) / args.size)
            if (i + 1) % 25 == 0:
                progress(f"{name}: {i + 1} replicates")
        seconds = (time.perf_counter() - started) / len(tables)
        print_figure(
            f"estimate.{name}",
            {
                "replicates": len(tables),
                "size": args.size,
                "coverage": round(float(np.mean(hits)), 3),
                "median_rel_error": round(float(np.median(errors)), 3),
                "median_width": round(float(np.median(widths)), 3),
                "seconds": round(seconds, 2),
            },
        )


if __name__ == "__main__":
    main()
