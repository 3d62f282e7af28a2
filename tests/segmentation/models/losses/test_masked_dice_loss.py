import pytest
import torch
from mmseg.registry import MODELS

import landmark.segmentation  # noqa: F401 (registers)
from landmark.segmentation.models.losses import masked_dice_loss


def test_even_logits_on_one_pixel_match_hand_worked_dice():
    # one valid pixel labelled 0, logits (0, 0) -> p = (0.5, 0.5);
    # smooth 1, exponent 2:
    # class 0: (2 * 0.5 + 1) / (0.25 + 1 + 1) = 2 / 2.25 = 0.888889
    # class 1: (0 + 1) / (0.25 + 0 + 1) = 1 / 1.25 = 0.8
    # loss = 1 - (0.888889 + 0.8) / 2 = 0.155556
    logits = torch.zeros(1, 2, 1, 1)
    labels = torch.zeros(1, 1, 1, dtype=torch.long)
    assert masked_dice_loss(logits, labels).item() == pytest.approx(
        0.155556, abs=1e-5)


def test_ignored_pixels_change_nothing():
    # the same valid pixel plus one ignored pixel whose prediction is
    # confidently class 1: the loss stays 0.155556
    logits = torch.tensor([[[[0., 0.]], [[0., 20.]]]])  # (1, 2, 1, 2)
    labels = torch.tensor([[[0, 255]]])
    loss = MODELS.build(dict(type='MaskedDiceLoss'))
    assert loss(logits, labels).item() == pytest.approx(0.155556, abs=1e-5)
    # mmseg 1.2.2's DiceLoss counts the ignored pixel's p(class 1) ~ 1 in
    # its class-1 denominator, so it does not give the same value
    mmseg_dice = MODELS.build(dict(type='DiceLoss', ignore_index=255))
    assert abs(mmseg_dice(logits, labels).item() - 0.155556) > 0.05


def test_perfect_prediction_has_zero_loss_and_weight_scales():
    labels = torch.tensor([[[0, 1], [1, 255]]])
    logits = torch.nn.functional.one_hot(labels.clamp(max=1), 2).permute(
        0, 3, 1, 2).float() * 40 - 20
    logits[0, :, 1, 1] = torch.tensor([20., -20.])  # wrong, but ignored
    assert masked_dice_loss(logits, labels).item() == pytest.approx(
        0, abs=1e-6)
    weighted = MODELS.build(dict(type='MaskedDiceLoss', loss_weight=3.))
    assert weighted(
        torch.zeros(1, 2, 1, 1),
        torch.zeros(1, 1, 1, dtype=torch.long)).item() == pytest.approx(
            3 * 0.155556, abs=1e-5)
