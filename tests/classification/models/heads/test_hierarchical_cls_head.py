import pytest
import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


def _head():
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='HierarchicalClsHead',
            num_classes=[2, 3],
            in_channels=4,
            level_weights=[0.5, 2.0]))


def test_loss_ignores_unlabelled_rows_per_level():
    head = _head()
    feats = (torch.randn(3, 4), )
    levels = [[0, 2], [1, -1], [-1, -1]]
    samples = []
    for g in levels:
        samples.append(DataSample())
        samples[-1].set_field(torch.tensor(g), 'gt_levels')
    losses = head.loss(feats, samples)
    coarse, fine = head(feats)
    # level 0: rows 0, 1 labelled; level 1: row 0 only
    expected0 = F.cross_entropy(coarse[:2], torch.tensor([0, 1]))
    expected1 = F.cross_entropy(fine[:1], torch.tensor([2]))
    assert float(losses['loss'].detach()) == pytest.approx(
        float((0.5 * expected0 + 2.0 * expected1).detach()), rel=1e-5)


def test_prediction_reports_every_level():
    head = _head()
    feats = (torch.randn(2, 4), )
    preds = head.predict(feats)
    coarse, fine = head(feats)
    assert preds[1].pred_levels.tolist() == [
        int(coarse[1].argmax()),
        int(fine[1].argmax())
    ]
    assert int(preds[1].pred_label) == int(fine[1].argmax())
    assert len(preds[0].pred_level_scores) == 2


def test_level_weights_must_match_levels():
    with pytest.raises(ValueError, match='one weight per level'):
        MODELS.build(
            dict(
                type='HierarchicalClsHead',
                num_classes=[2, 3],
                in_channels=4,
                level_weights=[1.0]))
