import pytest
import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

MODEL = dict(
    type='ImageClassifier',
    backbone=dict(type='ResNet', depth=18, base_channels=8),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(type='LinearClsHead', num_classes=2, in_channels=64))


def test_scores_are_the_hand_weighted_mean_of_the_views():
    tta = MODELS.build(dict(type='FlipClsTTAModel', module=MODEL))
    original = DataSample().set_pred_score(torch.tensor([0.2, 0.8]))
    flipped = DataSample().set_pred_score(torch.tensor([0.5, 0.5]))
    merged, = tta.merge_preds([[original, flipped]])
    # weights (2, 1): (2 * 0.2 + 0.5) / 3 = 0.3, (2 * 0.8 + 0.5) / 3 = 0.7
    assert merged.pred_score.tolist() == pytest.approx([0.3, 0.7])
    assert int(merged.pred_label) == 1


def test_weights_from_the_config_can_flip_the_decision():
    tta = MODELS.build(
        dict(type='FlipClsTTAModel', module=MODEL, view_weights=(1, 3)))
    original = DataSample().set_pred_score(torch.tensor([0.6, 0.4]))
    flipped = DataSample().set_pred_score(torch.tensor([0.2, 0.8]))
    merged, = tta.merge_preds([[original, flipped]])
    # (0.6 + 3 * 0.2) / 4 = 0.3, (0.4 + 3 * 0.8) / 4 = 0.7
    assert merged.pred_score.tolist() == pytest.approx([0.3, 0.7])
    with pytest.raises(ValueError, match='one weight per view'):
        tta.merge_preds([[original, flipped, flipped]])
