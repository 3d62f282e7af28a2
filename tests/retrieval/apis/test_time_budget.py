import time
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from landmark.retrieval.apis import retrieval_run, time_budget
from landmark.retrieval.apis import (RetrievalCosts, RetrievalSettings,
                                     choose_settings, measure_costs,
                                     parse_duration, retrieve)

# hand-made costs: 0.1 s index, 1 ms search and 2 ms QE per query, 1 ms
# DBA per gallery image, re-ranking 1 ms per query at depth 50, 4 ms at
# 100, 100 ms at 1000
COSTS = RetrievalCosts(
    index=0.1,
    search=1e-3,
    qe=2e-3,
    dba=1e-3,
    rerank={
        50: 1e-3,
        100: 4e-3,
        1000: 0.1
    })
BASE = RetrievalSettings(qe=2, dba=2)


def test_parse_duration():
    assert parse_duration('50m') == 3000
    assert parse_duration('1.5h') == 5400
    assert parse_duration('90') == 90
    with pytest.raises(ValueError, match="'5 min'; expected a duration"):
        parse_duration('5 min')


def test_prediction_by_hand():
    # 1000 queries, 2000 gallery, depth 100 with QE and DBA:
    # 0.1 + 1000 * 1e-3 + 1000 * 2e-3 + 2000 * 1e-3 + 1000 * 4e-3 = 9.1 s
    settings = RetrievalSettings(depth=100, qe=2, dba=2)
    assert COSTS.predict(settings, 1000, 2000) == pytest.approx(9.1)


def test_smaller_budget_picks_smaller_depth():
    depths = (1000, 100, 50)
    # depth 1000 with QE and DBA: 0.1 + 1 + 2 + 2 + 100 = 105.1 s
    chosen, predicted, fits = choose_settings(
        COSTS, 200, 1000, 2000, BASE, depths, safety=1.0)
    assert (chosen.depth, chosen.qe, chosen.dba, fits) == (1000, 2, 2, True)
    assert predicted == pytest.approx(105.1)
    # 20 s: depth 100 with QE and DBA (9.1 s)
    chosen, predicted, _ = choose_settings(
        COSTS, 20, 1000, 2000, BASE, depths, safety=1.0)
    assert (chosen.depth, chosen.qe, chosen.dba) == (100, 2, 2)
    # 5 s: depth 100 without DBA is 7.1, depth 50 with both is 6.1,
    # depth 50 with QE only 4.1 s
    chosen, predicted, _ = choose_settings(
        COSTS, 5, 1000, 2000, BASE, depths, safety=1.0)
    assert (chosen.depth, chosen.qe, chosen.dba) == (50, 2, 0)
    assert predicted == pytest.approx(4.1)
    # 0.5 s: even plain search (1.1 s) overruns: said, and plain search
    chosen, predicted, fits = choose_settings(
        COSTS, 0.5, 1000, 2000, BASE, depths, safety=1.0)
    assert (chosen.depth, chosen.qe, chosen.dba, fits) == (0, 0, 0, False)
    assert predicted == pytest.approx(1.1)


class WorkClock:
    """A clock that moves only when work is done: each retrieval step
    advances it by a fixed cost per row it processes, so measured and
    predicted seconds are exact whatever else the machine runs."""

    # seconds: building the index; per query row searched, per row
    # expanded (QE or DBA), per query re-ranked at depth 100 (x (d/100)^2)
    INDEX, SEARCH, EXPAND, RERANK_100 = 0.5, 1e-3, 2e-3, 4e-3

    def __init__(self, monkeypatch):
        self.now = 0.0
        fake_time = SimpleNamespace(
            perf_counter=self.read, monotonic=self.read)
        for module in (time_budget, retrieval_run):
            monkeypatch.setattr(module, 'time', fake_time)
            for name, charge in [
                ('build_faiss_index', lambda args: self.INDEX),
                ('faiss_search', lambda args: self.SEARCH * len(args[1])),
                ('alpha_query_expansion',
                 lambda args: self.EXPAND * len(args[0])),
                ('database_side_augmentation',
                 lambda args: self.EXPAND * len(args[0])),
                ('k_reciprocal_rerank', lambda args: self.RERANK_100 * len(
                    args[0]) * (args[3] / 100)**2),
            ]:
                if hasattr(module, name):
                    monkeypatch.setattr(
                        module, name,
                        self.charging(getattr(module, name), charge))

    def read(self) -> float:
        return self.now

    def charging(self, step, charge):

        def timed_step(*args, **kwargs):
            self.now += charge(args)
            return step(*args, **kwargs)

        return timed_step


def test_measured_costs_predict_the_time_a_run_takes(monkeypatch):
    WorkClock(monkeypatch)
    gen = torch.Generator().manual_seed(0)
    gallery = F.normalize(torch.randn(300, 16, generator=gen), dim=-1)
    queries = F.normalize(torch.randn(40, 16, generator=gen), dim=-1)
    settings = RetrievalSettings(depth=100, k1=10)
    costs = measure_costs(
        queries, gallery, settings, depths=(50, 100), sample_size=16)
    assert (costs.index, costs.search) == pytest.approx((0.5, 1e-3))
    assert costs.rerank == pytest.approx({50: 1e-3, 100: 4e-3})
    result = retrieve(queries, gallery, settings)
    assert result.num_reranked == 40
    # 0.5 + 40 x 1e-3 + 40 x 4e-3 = 0.7 s, predicted and taken
    assert result.seconds == pytest.approx(0.7)
    assert costs.predict(settings, 40, 300) == pytest.approx(0.7)
    # with QE and DBA: 0.5 + 40 x 1e-3 + 40 x 2e-3 + 300 x 2e-3 + 40 x 4e-3
    # = 1.38 s taken; the prediction counts one more search per query for
    # QE (its own neighbour search): 1.42 s, never below the time taken
    settings = RetrievalSettings(depth=100, qe=2, dba=2, k1=10)
    costs = measure_costs(
        queries, gallery, settings, depths=(100, ), sample_size=16)
    result = retrieve(queries, gallery, settings)
    assert result.seconds == pytest.approx(1.38)
    assert costs.predict(settings, 40, 300) == pytest.approx(1.42)


def test_deadline_stops_reranking_not_the_run():
    gen = torch.Generator().manual_seed(0)
    gallery = F.normalize(torch.randn(500, 16, generator=gen), dim=-1)
    queries = F.normalize(torch.randn(40, 16, generator=gen), dim=-1)
    settings = RetrievalSettings(depth=50, k1=5)
    plain = retrieve(queries, gallery, RetrievalSettings(), k=10)
    result = retrieve(
        queries, gallery, settings, k=10,
        deadline=time.monotonic())  # already passed
    assert result.num_reranked == 0
    assert (result.indices == plain.indices).all()
