import math

import pytest
import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import landmark.classification  # noqa: F401


def _rsg(weight):
    """Two channels, class 0 frequent (counts 9 : 1), centers fixed by
    hand (momentum 1 keeps them), T = diag(2, 1)."""
    rsg = MODELS.build(
        dict(
            type='RSGModule',
            num_classes=2,
            in_channels=2,
            class_counts=[9, 1],
            generate_ratio=0.5,
            momentum=1.0,
            vector_loss_weight=weight)).train()
    with torch.no_grad():
        rsg.centers.copy_(torch.tensor([[0., 0.], [1., 0.]]))
        rsg.center_seen.fill_(True)
        rsg.transfer.weight.copy_(
            torch.diag(torch.tensor([2., 1.]))[..., None, None])
    return rsg


def test_vector_losses_by_hand():
    rsg = _rsg(weight=0.5)
    # one frequent sample (3, 4) of class 0, one rare (1, 1) of class 1,
    # 1x1 maps: ceil(0.5 * 2) = 1 sample generated from this pair
    x = torch.tensor([[3., 4.], [1., 1.]])[..., None, None]
    out, labels, losses = rsg(x, torch.tensor([0, 1]))
    # v = (3, 4) - (0, 0), ||v|| = 5; T(v) = (6, 4), ||T(v)|| = sqrt(52)
    # generated = x_r + T(v) = (7, 5), labelled 1
    assert out[2, :, 0, 0].tolist() == [7., 5.
                                        ] and labels.tolist() == [0, 1, 1]
    # norm: |sqrt(52) - 5| = 2.2111; direction: rare vector (1, 1) - (1, 0)
    # = (0, 1), cos((0, 1), (6, 4)) = 4 / sqrt(52) = 0.5547 -> 1 - 0.5547
    assert losses['loss_rsg_norm'].item() == pytest.approx(0.5 *
                                                           (math.sqrt(52) - 5))
    assert losses['loss_rsg_direction'].item() == pytest.approx(
        0.5 * (1 - 4 / math.sqrt(52)))
    # they train T only: the inputs are detached
    x.requires_grad_(True)
    _, _, losses = rsg(x, torch.tensor([0, 1]))
    sum(losses.values()).backward()
    assert rsg.transfer.weight.grad.abs().sum() > 0
    assert x.grad is None


def test_no_vector_losses_when_unweighted_and_in_the_classifier_loss():
    rsg = _rsg(weight=0.0)
    x = torch.tensor([[3., 4.], [1., 1.]])[..., None, None]
    assert rsg(x, torch.tensor([0, 1]))[2] == {}
    model = MODELS.build(
        dict(
            type='RSGImageClassifier',
            rsg=dict(
                type='RSGModule',
                num_classes=2,
                in_channels=32,
                class_counts=[9, 1],
                vector_loss_weight=0.01),
            backbone=dict(type='ResNet', depth=18, base_channels=8),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(
                type='LinearClsHead',
                num_classes=2,
                in_channels=64,
                loss=dict(type='CrossEntropyLoss')))).train()
    samples = [DataSample().set_gt_label(y) for y in (0, 0, 1, 1)]
    losses = model.loss(torch.rand(4, 3, 32, 32), samples)
    assert {'loss', 'loss_rsg_norm', 'loss_rsg_direction'} <= set(losses)
