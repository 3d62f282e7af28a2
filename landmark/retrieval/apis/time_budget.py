"""Choose the post-processing that fits a time budget, by measuring it.

The costs are measured on a sample of the queries (and of the gallery for
DBA) with the real gallery, then scaled: ``index + Q * (search + QE) +
G * DBA + Q * rerank(depth)``; re-ranking is timed at each candidate
depth (its cost grows about as ``depth ** 2``). The largest depth, with
QE and DBA if possible, whose prediction fits ``safety * budget`` is
chosen; when even plain search does not fit, that is said and plain
search is run.
"""
import re
import time
from dataclasses import dataclass, field, replace
from typing import Dict, Sequence, Tuple

import torch

from landmark.retrieval.apis.retrieval_run import RetrievalSettings
from landmark.retrieval.postprocess import (alpha_query_expansion,
                                            k_reciprocal_rerank)
from landmark.retrieval.search import build_faiss_index, faiss_search

DEPTHS = (1000, 500, 200, 100, 50)


def parse_duration(text: str) -> float:
    """Seconds of ``'50m'``, ``'90s'``, ``'1.5h'`` or ``'120'``.

    Examples:
        >>> parse_duration('50m')
        3000.0
    """
    match = re.fullmatch(r'\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*', str(text))
    if not match:
        raise ValueError(f'--time-budget {text!r}; expected a duration '
                         'such as 90s, 50m or 1.5h')
    value, unit = float(match.group(1)), match.group(2) or 's'
    return value * dict(s=1, m=60, h=3600)[unit]


@dataclass
class RetrievalCosts:
    """Measured seconds: building the index, per query (search, QE), per
    gallery image (DBA), per query at each re-ranking depth."""
    index: float = 0.0
    search: float = 0.0
    qe: float = 0.0
    dba: float = 0.0
    rerank: Dict[int, float] = field(default_factory=dict)

    def predict(self, settings: RetrievalSettings, num_queries: int,
                num_gallery: int) -> float:
        """Predicted seconds of :func:`retrieve` with ``settings``."""
        seconds = self.index + num_queries * self.search
        if settings.qe:
            seconds += num_queries * self.qe
        if settings.dba:
            seconds += num_gallery * self.dba
        if settings.depth:
            seconds += num_queries * self.rerank[settings.depth]
        return seconds


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def measure_costs(queries: torch.Tensor,
                  gallery: torch.Tensor,
                  settings: RetrievalSettings,
                  depths: Sequence[int] = DEPTHS,
                  sample_size: int = 32,
                  seed: int = 0) -> RetrievalCosts:
    """Time each step on ``sample_size`` queries (fewer at large depths)
    and ``sample_size`` gallery rows, against the whole gallery."""
    gen = torch.Generator().manual_seed(seed)
    pick = torch.randperm(len(queries), generator=gen)[:sample_size]
    sample = queries[pick.to(queries.device)]
    n = len(sample)
    costs = RetrievalCosts()
    start = time.perf_counter()
    index = build_faiss_index(gallery, **settings.search)
    costs.index = time.perf_counter() - start
    top_k = min(max(list(depths) + [100]), len(gallery))
    faiss_search(index, sample[:2], top_k)  # warm-up
    costs.search = _timed(faiss_search, index, sample, top_k) / n
    if settings.qe:
        costs.qe = _timed(alpha_query_expansion, sample, gallery, settings.qe,
                          settings.alpha) / n + costs.search
    if settings.dba:
        # the DBA of a row is one search and one weighted sum, as QE
        rows = gallery[:sample_size]
        costs.dba = _timed(alpha_query_expansion, rows, gallery, settings.dba,
                           settings.alpha) / len(rows)
    _, top = faiss_search(index, sample, top_k)
    top = torch.from_numpy(top).to(queries.device)
    for depth in sorted({min(d, len(gallery)) for d in depths}):
        # large depths cost ~100x more per query: time fewer queries
        m = max(2, min(n, int(n * 100 / depth)))
        costs.rerank[depth] = _timed(k_reciprocal_rerank, sample[:m], gallery,
                                     top[:m], depth, settings.k1, settings.k2,
                                     settings.lambda_value) / m
    return costs


def choose_settings(
        costs: RetrievalCosts,
        budget: float,
        num_queries: int,
        num_gallery: int,
        base: RetrievalSettings,
        depths: Sequence[int] = DEPTHS,
        safety: float = 0.8) -> Tuple[RetrievalSettings, float, bool]:
    """The richest settings predicted to fit ``safety * budget``.

    Candidates, best first: each depth (largest first) with QE and DBA as
    ``base`` asks, then with QE only, then with neither; then no
    re-ranking the same three ways.

    Returns:
        tuple: ``(settings, predicted_seconds, fits)``; ``fits`` is False
        when even plain search is predicted to overrun (plain search is
        then returned).
    """
    depths = sorted({min(d, num_gallery) for d in depths}, reverse=True)
    extras = [(base.qe, base.dba), (base.qe, 0), (0, 0)]
    for depth in list(depths) + [0]:
        for qe, dba in dict.fromkeys(extras):
            candidate = replace(base, depth=depth, qe=qe, dba=dba)
            predicted = costs.predict(candidate, num_queries, num_gallery)
            if predicted <= safety * budget:
                return candidate, predicted, True
    plain = replace(base, depth=0, qe=0, dba=0)
    return plain, costs.predict(plain, num_queries, num_gallery), False
