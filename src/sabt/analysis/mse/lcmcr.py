"""Bayesian latent-class capture-recapture (Manrique-Vallier 2016, LCMCR).

People fall into up to K latent classes (a truncated stick-breaking
Dirichlet process); within a class, lists capture independently. A Gibbs
sampler alternates class assignments of the observed and the augmented
unobserved people, capture probabilities, stick weights, the concentration
alpha and the number never recorded, n0, under the prior p(N) ~ 1/N.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from sabt.analysis.mse.table import CaptureTable

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LcmcrResult:
    observed: int
    estimate: float
    lower: float
    upper: float
    samples: npt.NDArray[np.int64]
    effective_sample_size: float
    settings: dict[str, object] = field(default_factory=dict)


def effective_sample_size(chain: FloatArray) -> float:
    """ESS from the initial positive sequence of autocorrelations (Geyer)."""
    x = np.asarray(chain, dtype=np.float64) - np.mean(chain)
    n = len(x)
    if n < 4 or not x.any():
        return float(n)
    spectrum = np.fft.rfft(x, 2 * n)
    acf = np.fft.irfft(spectrum * np.conj(spectrum))[:n] / (x @ x)
    total = 0.0
    for lag in range(1, n - 1, 2):
        pair = acf[lag] + acf[lag + 1]
        if pair <= 0:
            break
        total += pair
    return float(n / (1 + 2 * total))


def sample(
    table: CaptureTable,
    *,
    classes: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    burn_in: int = 10_000,
    samples: int = 1_000,
    thinning: int = 10,
    seed: int = 1,
) -> LcmcrResult:
    """Run the Gibbs sampler; the estimate is the posterior median of N."""
    rng = np.random.default_rng(seed)
    x = table.patterns.astype(np.float64)  # cells x lists
    counts = table.counts
    keep = counts > 0
    x, counts = x[keep], counts[keep]
    n_obs = int(counts.sum())
    n_lists = x.shape[1]
    k = classes
    lam = rng.beta(1.0, 1.0, size=(k, n_lists))
    alpha = 1.0
    v = rng.beta(1.0, alpha, size=k)
    v[-1] = 1.0
    pi = v * np.concatenate([[1.0], np.cumprod(1 - v[:-1])])
    n0 = n_obs
    total_steps = burn_in + samples * thinning
    kept = np.empty(samples, dtype=np.int64)
    for step in range(total_steps):
        # Class assignments of the observed, one multinomial per cell.
        log_lam, log_not = np.log(lam), np.log1p(-lam)
        loglik = x @ log_lam.T + (1 - x) @ log_not.T  # cells x K
        logp = loglik + np.log(pi)
        p = np.exp(logp - logp.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        z_obs = rng.multinomial(counts, p)  # cells x K
        # ... and of the n0 people no list holds.
        p0_k = pi * np.exp(log_not.sum(axis=1))
        z_miss = rng.multinomial(n0, p0_k / p0_k.sum())
        n_k = z_obs.sum(axis=0) + z_miss
        caught = z_obs.T @ x  # K x lists
        lam = rng.beta(1.0 + caught, 1.0 + n_k[:, None] - caught)
        lam = np.clip(lam, 1e-12, 1 - 1e-12)
        later = np.concatenate([np.cumsum(n_k[::-1])[::-1][1:], [0]])
        v = rng.beta(1.0 + n_k, alpha + later)
        v[-1] = 1.0
        v = np.clip(v, 0.0, 1 - 1e-12)
        v[-1] = 1.0
        pi = v * np.concatenate([[1.0], np.cumprod(1 - v[:-1])])
        pi = np.maximum(pi, 1e-300)
        alpha = rng.gamma(a_alpha + k - 1, 1.0 / (b_alpha - np.log1p(-v[:-1]).sum()))
        p0 = float(np.dot(pi, np.exp(np.log1p(-lam).sum(axis=1))))
        n0 = int(rng.negative_binomial(n_obs, 1.0 - p0))
        if step >= burn_in and (step - burn_in) % thinning == 0:
            kept[(step - burn_in) // thinning] = n_obs + n0
    lower, median, upper = np.percentile(kept, [2.5, 50, 97.5])
    return LcmcrResult(
        observed=n_obs,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        samples=kept,
        effective_sample_size=effective_sample_size(kept.astype(np.float64)),
        settings={
            "classes": k,
            "a_alpha": a_alpha,
            "b_alpha": b_alpha,
            "burn_in": burn_in,
            "samples": samples,
            "thinning": thinning,
            "seed": seed,
        },
    )
