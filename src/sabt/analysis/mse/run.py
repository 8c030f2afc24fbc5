"""One entry to the three estimators, returning the same summary."""

from __future__ import annotations

from typing import TypedDict

from sabt.analysis.mse import dga, lcmcr, loglinear
from sabt.analysis.mse.table import CaptureTable, warnings_for

METHODS = ("loglinear", "lcmcr", "dga")


class Summary(TypedDict):
    method: str
    observed: int
    estimate: float
    lower: float
    upper: float
    settings: dict[str, object]
    warnings: list[str]


def estimate(
    table: CaptureTable,
    method: str,
    *,
    seed: int = 1,
    iterations: int | None = None,
    burn_in: int | None = None,
    bootstrap: int | None = None,
) -> Summary:
    """Estimate N with one method; raise ValueError for one it cannot run."""
    notes = warnings_for(table)
    if method == "loglinear":
        result = loglinear.estimate(
            table, seed=seed, bootstrap=200 if bootstrap is None else bootstrap
        )
        settings = dict(result.settings)
        point, lower, upper = result.estimate, result.lower, result.upper
    elif method == "lcmcr":
        samples = 1_000
        thinning = 10 if iterations is None else max(1, iterations // samples)
        warm = {} if burn_in is None else {"burn_in": burn_in}
        chain = lcmcr.sample(
            table, seed=seed, thinning=thinning, samples=samples, **warm
        )
        settings = dict(chain.settings)
        settings["effective_sample_size"] = round(chain.effective_sample_size, 1)
        point, lower, upper = chain.estimate, chain.lower, chain.upper
    elif method == "dga":
        if not 3 <= len(table.lists) <= 5:
            raise ValueError("dga needs three to five lists")
        graphs = dga.estimate(table)
        settings = dict(graphs.settings)
        settings["mode"] = graphs.mode
        point, lower, upper = graphs.estimate, graphs.lower, graphs.upper
    else:
        raise ValueError("unknown method")
    return Summary(
        method=method,
        observed=table.observed,
        estimate=round(point, 2),
        lower=round(lower, 2),
        upper=round(upper, 2),
        settings=settings,
        warnings=notes,
    )
