"""Log-linear multiple-systems estimation with model averaging.

Each model is a Poisson GLM (statsmodels) on the observed cells with all
main effects and a subset of two-list interactions; the unobserved cell is
exp(intercept). Models are averaged by AIC (or BIC) weights; the interval
comes from a parametric bootstrap of the whole averaging.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm

from sabt.analysis.mse.table import CaptureTable, all_patterns

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ModelFit:
    """One log-linear model: its interactions and what it says."""

    interactions: tuple[tuple[int, int], ...]
    estimate: float
    deviance: float
    df: int
    aic: float
    bic: float
    weight: float = 0.0


@dataclass(frozen=True)
class LoglinearResult:
    observed: int
    estimate: float
    lower: float
    upper: float
    models: list[ModelFit] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)


def design(n_lists: int, interactions: tuple[tuple[int, int], ...]) -> FloatArray:
    """Design matrix over the observed patterns (the all-zero row dropped)."""
    pats = all_patterns(n_lists)[1:].astype(np.float64)
    columns = [np.ones(len(pats)), *pats.T]
    columns += [pats[:, a] * pats[:, b] for a, b in interactions]
    return np.column_stack(columns)


def candidate_models(n_lists: int) -> list[tuple[tuple[int, int], ...]]:
    """Hierarchical models: main effects plus any set of pairwise terms."""
    pairs = list(itertools.combinations(range(n_lists), 2))
    most = len(pairs) if n_lists <= 4 else 3
    models: list[tuple[tuple[int, int], ...]] = []
    for size in range(most + 1):
        models += list(itertools.combinations(pairs, size))
    return models


def fit_model(
    table: CaptureTable, interactions: tuple[tuple[int, int], ...]
) -> ModelFit:
    """Fit one model with statsmodels' Poisson GLM."""
    n_lists = len(table.lists)
    y = table.full()[1:].astype(np.float64)
    x = design(n_lists, interactions)
    result = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    missing = float(np.exp(result.params[0]))
    n_params = x.shape[1]
    loglik = float(result.llf)
    return ModelFit(
        interactions=interactions,
        estimate=table.observed + missing,
        deviance=float(result.deviance),
        df=len(y) - n_params,
        aic=-2 * loglik + 2 * n_params,
        bic=-2 * loglik + np.log(table.observed) * n_params,
    )


def _fitted(y: FloatArray, x: FloatArray) -> tuple[float, FloatArray]:
    """Unseen cell and fitted cells of a Poisson GLM by Newton steps.

    The bootstrap refits every model hundreds of times; statsmodels' per-call
    overhead would dominate on tables of 15 cells.
    """
    beta = np.linalg.lstsq(x, np.log(y + 0.5), rcond=None)[0]
    ridge = 1e-9 * np.eye(x.shape[1])
    for _ in range(30):
        mu = np.exp(np.clip(x @ beta, -30, 30))
        step = np.linalg.solve(x.T @ (mu[:, None] * x) + ridge, x.T @ (y - mu))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    mu = np.exp(np.clip(x @ beta, -30, 30))
    return float(np.exp(min(beta[0], 30.0))), np.asarray(mu, dtype=np.float64)


def _averaged(
    y: FloatArray, designs: list[FloatArray], penalty: float, cap: float
) -> float:
    """Model-averaged N for cell counts y, with information criterion weights."""
    estimates, scores = [], []
    for x in designs:
        missing, mu = _fitted(y, x)
        if not missing < cap:
            continue
        loglik = float(np.sum(y * np.log(np.where(mu > 0, mu, 1.0)) - mu))
        estimates.append(y.sum() + missing)
        scores.append(-2 * loglik + penalty * x.shape[1])
    if not scores:
        return float(y.sum())
    s = np.array(scores)
    w = np.exp(-(s - s.min()) / 2)
    return float(np.dot(w / w.sum(), estimates))


def estimate(
    table: CaptureTable,
    *,
    criterion: str = "aic",
    bootstrap: int = 200,
    seed: int = 1,
) -> LoglinearResult:
    """Average the candidate models; bootstrap a 95% interval."""
    n_lists = len(table.lists)
    cap = 100.0 * table.observed
    fits = [fit_model(table, m) for m in candidate_models(n_lists)]
    fits = [
        f for f in fits if np.isfinite(f.estimate) and f.estimate - table.observed < cap
    ]
    scores = np.array([f.aic if criterion == "aic" else f.bic for f in fits])
    weights = np.exp(-(scores - scores.min()) / 2)
    weights /= weights.sum()
    fits = [
        ModelFit(f.interactions, f.estimate, f.deviance, f.df, f.aic, f.bic, float(w))
        for f, w in zip(fits, weights, strict=True)
    ]
    point = float(np.dot(weights, [f.estimate for f in fits]))
    # Bootstrap from the averaged fitted cells, the unseen cell included.
    designs = [design(n_lists, f.interactions) for f in fits]
    penalty = 2.0 if criterion == "aic" else float(np.log(table.observed))
    y = table.full()[1:].astype(np.float64)
    mu = np.zeros_like(y)
    for w, x in zip(weights, designs, strict=True):
        mu += w * _fitted(y, x)[1]
    rng = np.random.default_rng(seed)
    total = round(point)
    probs = np.concatenate([[max(point - table.observed, 0.0)], mu])
    probs /= probs.sum()
    draws = []
    for _ in range(bootstrap):
        cells = rng.multinomial(total, probs)[1:].astype(np.float64)
        draws.append(_averaged(cells, designs, penalty, cap))
    lower, upper = np.percentile(draws, [2.5, 97.5]) if draws else (point, point)
    return LoglinearResult(
        observed=table.observed,
        estimate=point,
        lower=float(min(lower, point)),
        upper=float(max(upper, point)),
        models=sorted(fits, key=lambda f: -f.weight),
        settings={
            "criterion": criterion,
            "bootstrap": bootstrap,
            "seed": seed,
            "models": len(fits),
        },
    )
