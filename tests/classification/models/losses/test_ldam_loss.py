import math

import pytest
import torch

from landmark.classification.models import LDAMLoss, ldam_margins


def test_margins_proportional_to_count_to_minus_quarter():
    # n^-1/4 of 81, 16, 1 = 1/3, 1/2, 1; the largest scaled to max_m = 0.5
    margins = ldam_margins([81, 16, 1], max_m=0.5)
    assert margins.tolist() == pytest.approx([1 / 6, 1 / 4, 1 / 2])


def test_loss_subtracts_the_target_margin_before_scaling():
    # counts 16, 1 -> margins 0.25, 0.5; s = 2
    # sample 1: scores (0.5, 0.2), label 0 -> logits 2*(0.25, 0.2)
    #   loss = log(1 + e^(0.4 - 0.5))
    # sample 2: scores (0.1, 0.3), label 1 -> logits 2*(0.1, -0.2)
    #   loss = log(1 + e^(0.2 + 0.4))
    loss = LDAMLoss(class_counts=[16, 1], max_m=0.5, scale=2.0)
    scores = torch.tensor([[0.5, 0.2], [0.1, 0.3]])
    value = loss(scores, torch.tensor([0, 1]))
    first = math.log(1 + math.exp(-0.1))
    second = math.log(1 + math.exp(0.6))
    assert float(value) == pytest.approx((first + second) / 2, rel=1e-5)

    # deferred re-weighting, beta = 0.5: raw weights (1-.5)/(1-.5^16) and
    # .5/.5 = 1 -> about 0.5 and 1, normalised to sum 2: w0 = 0.5/1.5 * 2
    loss.beta = 0.5
    loss.enable_reweighting()
    w0 = 0.5 / (1 - 0.5**16)
    w0, w1 = 2 * w0 / (w0 + 1), 2 * 1 / (w0 + 1)
    assert loss.class_weight.tolist() == pytest.approx([w0, w1], rel=1e-5)
    value = loss(scores, torch.tensor([0, 1]))
    expected = (w0 * first + w1 * second) / (w0 + w1)
    assert float(value) == pytest.approx(expected, rel=1e-5)


def test_soft_targets_equal_hard_ones_when_one_hot():
    loss = LDAMLoss(class_counts=[10, 3, 1], scale=5.0)
    scores = torch.randn(4, 3, generator=torch.Generator().manual_seed(0))
    labels = torch.tensor([0, 2, 1, 2])
    soft = torch.nn.functional.one_hot(labels, 3).float()
    assert torch.allclose(loss(scores, labels), loss(scores, soft))


def test_missing_counts_named():
    with pytest.raises(ValueError, match='one count per class'):
        LDAMLoss()(torch.zeros(2, 3), torch.tensor([0, 1]))
