import os.path as osp

import pytest
import torch
from mmpretrain.registry import METRICS
from mmpretrain.structures import DataSample


def _sample(gt, pred):
    score = torch.zeros(3)
    score[pred] = 1.0
    return DataSample().set_gt_label(gt).set_pred_score(score).set_pred_label(
        pred).to_dict()


def test_report_against_hand_counts(tmp_path):
    png = str(tmp_path / 'confusion.png')
    metric = METRICS.build(
        dict(type='ClassificationReport', confusion_png=png))
    metric.dataset_meta = dict(classes=('a', 'b', 'c'))
    # (gt, pred): a->a, a->a, a->b, b->b, c->b
    pairs = [(0, 0), (0, 0), (0, 1), (1, 1), (2, 1)]
    metric.process({}, [_sample(g, p) for g, p in pairs])
    report = metric.evaluate(5)
    # accuracy 3/5; recall a 2/3, b 1/1, c 0/1; precision a 2/2, b 1/3,
    # c 0 (never predicted); F1 a 0.8, b 0.5, c 0 -> macro 1.3/3
    assert report['report/accuracy'] == pytest.approx(60.0)
    assert report['report/recall/a'] == pytest.approx(200 / 3)
    assert report['report/precision/b'] == pytest.approx(100 / 3)
    assert report['report/precision/c'] == 0
    assert report['report/macro_f1'] == pytest.approx(130 / 3)
    with open(png, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    assert osp.getsize(png) > 1000


def test_hierarchical_accuracy_per_level():
    metric = METRICS.build(dict(type='HierarchicalAccuracy'))
    samples = []
    # level 0: 2 labelled, 1 right; level 1: 3 labelled, 2 right
    for gt, pred in (([0, 1], [0, 1]), ([1, 2], [0, 2]), ([-1, 0], [1, 1])):
        samples.append(
            dict(gt_levels=torch.tensor(gt), pred_levels=torch.tensor(pred)))
    metric.process({}, samples)
    result = metric.evaluate(3)
    assert result == {
        'hierarchy/level0_accuracy': 50.0,
        'hierarchy/level1_accuracy': pytest.approx(200 / 3)
    }


def test_macro_averages_skip_a_class_absent_from_labels_and_predictions():
    from landmark.classification.evaluation.metrics.classification_report \
        import report_from_confusion

    # a: 2 of 2 right; b: 1 of 2 (one called a); c: neither seen nor said
    matrix = torch.tensor([[2, 0, 0], [1, 1, 0], [0, 0, 0]])
    report = report_from_confusion(matrix, ['a', 'b', 'c'])
    # recall (1 + 1/2) / 2 classes, not / 3
    assert report['macro_recall'] == pytest.approx(75.0)
    # precision a 2/3, b 1/1 -> (2/3 + 1) / 2
    assert report['macro_precision'] == pytest.approx(250 / 3)


def test_report_refuses_scores_for_another_number_of_classes():
    metric = METRICS.build(dict(type='ClassificationReport'))
    metric.dataset_meta = dict(classes=('a', 'b'))
    metric.process({}, [_sample(0, 0)])  # 3 scores
    with pytest.raises(ValueError, match='scores 3 classes but the data '
                       r'set has 2 \(a, b\)'):
        metric.evaluate(1)
