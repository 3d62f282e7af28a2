"""RetrievalMAPMetric on three hand-made queries, and against mmpretrain's
RetrievalAveragePrecision (which needs landmark's np.in1d on NumPy 2.4)."""
import pytest
import torch
from mmpretrain.registry import METRICS

# gallery of 5; query A ranks 0, 2, 4, 3, 1 with 2 and 3 relevant (hits at
# ranks 2 and 4): AP = (1/2 + 2/4) / 2 = 0.5; query B ranks 1, 3, 0, 2, 4
# with 1 relevant (rank 1): AP = 1; query C has no relevant image
SAMPLES = [
    dict(
        pred_score=torch.tensor([0.9, 0.1, 0.8, 0.3, 0.5]),
        gt_label=torch.tensor([2, 3])),
    dict(
        pred_score=torch.tensor([0.2, 0.7, 0.1, 0.6, 0.0]),
        gt_label=torch.tensor([1])),
    dict(
        pred_score=torch.tensor([0.5, 0.4, 0.3, 0.2, 0.1]),
        gt_label=torch.tensor([], dtype=torch.long)),
]


def _evaluate(metric_cfg, samples=SAMPLES):
    metric = METRICS.build(metric_cfg)
    metric.process(None, [dict(s) for s in samples])
    return metric.evaluate(len(samples))


def test_map_and_recall_by_hand():
    scores = _evaluate(dict(type='RetrievalMAPMetric'))
    # C is left out: mAP = (0.5 + 1) / 2; recall@1: B only; @5: both
    assert scores == pytest.approx({
        'retrieval/mAP@100': 0.75,
        'retrieval/recall@1': 0.5,
        'retrieval/recall@5': 1.0,
        'retrieval/recall@10': 1.0
    })


def test_cut_off_divides_by_min_of_relevant_and_k():
    # mAP@3: A keeps the hit at rank 2 only, (1/2) / min(2, 3) = 0.25;
    # recall@2: A's first hit is at rank 2, B's at 1
    scores = _evaluate(
        dict(type='RetrievalMAPMetric', topk=3, recall_ks=(2, )))
    assert scores == pytest.approx({
        'retrieval/mAP@3': (0.25 + 1) / 2,
        'retrieval/recall@2': 1.0
    })


def test_agrees_with_mmpretrain_when_every_query_has_relevant_images():
    # mmpretrain's AP is in percent, NaN without relevant images, and its
    # top k must not exceed the gallery
    ours = _evaluate(dict(type='RetrievalMAPMetric', topk=5), SAMPLES[:2])
    theirs = _evaluate(
        dict(type='RetrievalAveragePrecision', topk=5), SAMPLES[:2])
    assert ours['retrieval/mAP@5'] == pytest.approx(0.75)
    assert theirs['retrieval/mAP@5'] == pytest.approx(75.0)


def test_sample_without_similarities_is_named():
    metric = METRICS.build(dict(type='RetrievalMAPMetric'))
    with pytest.raises(KeyError, match='pred_score or gt_label'):
        metric.process(None, [dict(gt_label=torch.tensor([0]))])


def test_tied_similarities_rank_in_gallery_order():
    # 40 gallery photos all tied; the relevant one is photo 0: ranked first
    # in gallery order (AP 1), as tools/test.py's stable sort ranks it
    # (topk's own order of ties had put it anywhere)
    tied = [dict(pred_score=torch.zeros(40), gt_label=torch.tensor([0]))]
    scores = _evaluate(dict(type='RetrievalMAPMetric'), tied)
    assert scores['retrieval/mAP@100'] == pytest.approx(1.0)
    assert scores['retrieval/recall@1'] == pytest.approx(1.0)
