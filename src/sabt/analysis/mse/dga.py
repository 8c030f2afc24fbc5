"""Bayesian model averaging over decomposable graphs (Madigan & York 1997).

As R's dga package does: every decomposable graph of the lists gets a
hyper-Dirichlet prior with delta per cell of the full table; the marginal
likelihood of the completed table is the product over cliques of
Dirichlet-multinomial marginals divided by that over separators; the prior
on N defaults to 1/N. The posterior over N sums over graphs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from sabt.analysis.mse.table import CaptureTable, all_patterns

FloatArray = npt.NDArray[np.float64]
Clique = tuple[int, ...]


@dataclass(frozen=True)
class Graph:
    """A decomposable graph as its cliques and the separators of a junction tree."""

    edges: tuple[tuple[int, int], ...]
    cliques: tuple[Clique, ...]
    separators: tuple[Clique, ...]


@dataclass(frozen=True)
class DgaResult:
    observed: int
    estimate: float
    mode: float
    lower: float
    upper: float
    graph_weights: list[tuple[Graph, float]] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)


def _is_chordal(n: int, edges: set[tuple[int, int]]) -> bool:
    """Chordal iff simplicial vertices can be removed one by one until none remain."""
    left = set(range(n))
    adj = {v: {u for e in edges for u in e if v in e and u != v} for v in left}
    while left:
        for v in sorted(left):
            near = adj[v] & left
            if all(
                (a, b) in edges or (b, a) in edges
                for a, b in itertools.combinations(sorted(near), 2)
            ):
                left.remove(v)
                break
        else:
            return False
    return True


def _cliques(n: int, edges: set[tuple[int, int]]) -> list[Clique]:
    complete = [
        s
        for size in range(1, n + 1)
        for s in itertools.combinations(range(n), size)
        if all(pair in edges for pair in itertools.combinations(s, 2))
    ]
    return [s for s in complete if not any(set(s) < set(t) for t in complete)]


def _junction_separators(cliques: list[Clique]) -> list[Clique]:
    """Separators along a maximum-weight spanning tree of the cliques (Prim)."""
    if len(cliques) < 2:
        return []
    inside, separators = {0}, []
    while len(inside) < len(cliques):
        best = max(
            ((i, j) for i in inside for j in range(len(cliques)) if j not in inside),
            key=lambda ij: len(set(cliques[ij[0]]) & set(cliques[ij[1]])),
        )
        inside.add(best[1])
        separators.append(tuple(sorted(set(cliques[best[0]]) & set(cliques[best[1]]))))
    return separators


@cache
def decomposable_graphs(n_lists: int) -> tuple[Graph, ...]:
    """Every decomposable graph on n lists (8, 61 and 822 for 3, 4 and 5)."""
    pairs = list(itertools.combinations(range(n_lists), 2))
    graphs = []
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            edges = set(chosen)
            if not _is_chordal(n_lists, edges):
                continue
            cliques = _cliques(n_lists, edges)
            graphs.append(
                Graph(
                    tuple(chosen), tuple(cliques), tuple(_junction_separators(cliques))
                )
            )
    return tuple(graphs)


def _component_loglik(
    cells: FloatArray,
    n_lists: int,
    subset: Clique,
    missing: FloatArray,
    delta: float,
) -> FloatArray:
    """Log Dirichlet-multinomial marginal of one margin table, per value of n0."""
    if not subset:
        return np.zeros_like(missing)
    pats = all_patterns(n_lists)
    margin_index = pats[:, list(subset)] @ (2 ** np.arange(len(subset) - 1, -1, -1))
    margin = np.bincount(margin_index, weights=cells, minlength=2 ** len(subset))
    a = delta * 2 ** (n_lists - len(subset))
    total_a = delta * 2**n_lists
    fixed = float(np.sum(gammaln(margin[1:] + a) - gammaln(a)))
    zero = gammaln(margin[0] + missing + a) - gammaln(a)
    norm = gammaln(total_a) - gammaln(cells.sum() + missing + total_a)
    return np.asarray(fixed + zero + norm, dtype=np.float64)


def posterior(
    table: CaptureTable, *, delta: float | None = None, max_missing: int | None = None
) -> tuple[FloatArray, FloatArray, list[tuple[Graph, float]]]:
    """Posterior over N (values, probabilities) and over graphs."""
    n_lists = len(table.lists)
    if not 3 <= n_lists <= 5:
        raise ValueError("dga handles three to five lists")
    delta = 2.0**-n_lists if delta is None else delta
    cells = table.full().astype(np.float64)
    cells[0] = 0
    n_obs = table.observed
    top = max_missing if max_missing is not None else 20 * n_obs + 100
    missing = np.arange(0, top + 1, dtype=np.float64)
    big_n = n_obs + missing
    components: dict[Clique, FloatArray] = {}
    graphs = decomposable_graphs(n_lists)
    log_post = np.empty((len(graphs), len(missing)))
    for g, graph in enumerate(graphs):
        row = np.zeros_like(missing)
        for c in graph.cliques:
            if c not in components:
                components[c] = _component_loglik(cells, n_lists, c, missing, delta)
            row += components[c]
        for s in graph.separators:
            if s not in components:
                components[s] = _component_loglik(cells, n_lists, s, missing, delta)
            row -= components[s]
        log_post[g] = row
    multinomial = (
        gammaln(big_n + 1) - gammaln(missing + 1) - np.sum(gammaln(cells[1:] + 1))
    )
    log_post += multinomial - np.log(np.maximum(big_n, 1))
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    over_n = weights.sum(axis=0)
    over_g = weights.sum(axis=1)
    return (
        big_n,
        over_n,
        [(graph, float(w)) for graph, w in zip(graphs, over_g, strict=True)],
    )


def estimate(table: CaptureTable, *, delta: float | None = None) -> DgaResult:
    """Posterior median (the estimate), mode and 95% interval of N."""
    n_lists = len(table.lists)
    used_delta = 2.0**-n_lists if delta is None else delta
    values, probs, graphs = posterior(table, delta=used_delta)
    cdf = np.cumsum(probs)

    def quantile(q: float) -> float:
        return float(values[int(np.searchsorted(cdf, q))])

    return DgaResult(
        observed=table.observed,
        estimate=quantile(0.5),
        mode=float(values[int(np.argmax(probs))]),
        lower=quantile(0.025),
        upper=quantile(0.975),
        graph_weights=sorted(graphs, key=lambda gw: -gw[1]),
        settings={"delta": used_delta, "prior": "1/N"},
    )
