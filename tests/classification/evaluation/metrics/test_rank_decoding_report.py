import pytest
import torch

from landmark.classification.evaluation import RankDecodingReport


def _run(metric, scores, labels):
    metric.dataset_meta = dict(classes=('a', 'b'))
    metric.process({}, [
        dict(pred_score=torch.tensor(s), gt_label=torch.tensor([g]))
        for s, g in zip(scores, labels)
    ])
    return metric.evaluate(len(scores))


def test_argmax_and_hungarian_side_by_side():
    # every image leans to 'a'; half of them are 'b'
    scores = [[.9, .1], [.8, .2], [.7, .3], [.6, .4]]
    report = _run(RankDecodingReport('hungarian'), scores, [0, 0, 1, 1])
    # argmax: all 'a' -> 2 of 4 right; F1 of 'a' = 2/3, of 'b' = 0
    assert report['decoding/argmax/accuracy'] == pytest.approx(50)
    assert report['decoding/argmax/macro_f1'] == pytest.approx(100 / 3)
    # shares 2:2 -> the two highest 'b' scores (images 3 and 4) get 'b'
    assert report['decoding/hungarian/accuracy'] == pytest.approx(100)
    assert report['decoding/hungarian/macro_f1'] == pytest.approx(100)


def test_given_shares_and_wrong_settings():
    # shares 3:1 -> only image 4 is 'b'
    report = _run(RankDecodingReport('greedy', [3, 1]),
                  [[.9, .1], [.8, .2], [.7, .3], [.6, .4]], [0, 0, 1, 1])
    assert report['decoding/greedy/accuracy'] == pytest.approx(75)
    with pytest.raises(ValueError, match="decoder='argmax'"):
        RankDecodingReport('argmax')
    with pytest.raises(ValueError, match='3 shares for 2 classes'):
        _run(RankDecodingReport('greedy', [1, 1, 1]), [[.9, .1]], [0])
