"""MinedTripletLoss on 1-d embeddings, whose distances are read off the
number line."""
import pytest
import torch
from mmpretrain.registry import MODELS

from landmark.retrieval.models import (mine_batch_hard, mine_semi_hard,
                                       pairwise_distances)

# points 0, 1 (landmark 0) and 3, 6 (landmark 1): distances
#   0-1: 1, 0-3: 3, 0-6: 6, 1-3: 2, 1-6: 5, 3-6: 3
POINTS = torch.tensor([[0.], [1.], [3.], [6.]])
LABELS = torch.tensor([0, 0, 1, 1])


def _as_lists(triplets):
    return [t.tolist() for t in triplets]


def test_pairwise_distances_by_hand():
    expected = torch.tensor([[0., 1., 3., 6.], [1., 0., 2., 5.],
                             [3., 2., 0., 3.], [6., 5., 3., 0.]])
    assert torch.allclose(pairwise_distances(POINTS), expected, atol=1e-5)


def test_batch_hard_takes_the_furthest_positive_and_nearest_negative():
    # anchor 0: its positive 1; negatives 3 (at 3) and 6 (at 6) -> 2
    # anchor 1: positive 0; negatives at 2 and 5 -> 2
    # anchor 2: positive 3; negatives 0 (at 3) and 1 (at 2) -> 1
    # anchor 3: positive 2; negatives 0 (at 6) and 1 (at 5) -> 1
    triplets = mine_batch_hard(pairwise_distances(POINTS), LABELS)
    assert _as_lists(triplets) == [[0, 1, 2, 3], [1, 0, 3, 2], [2, 2, 1, 1]]
    # landmark 0 at 0, 1, 4 and landmark 1 at 10: the furthest positive of
    # 0 and of 1 is 4 (point 2), that of 4 is 0; point 10 has no positive
    points = torch.tensor([[0.], [1.], [4.], [10.]])
    triplets = mine_batch_hard(
        pairwise_distances(points), torch.tensor([0, 0, 0, 1]))
    assert _as_lists(triplets) == [[0, 1, 2], [2, 2, 0], [3, 3, 3]]


def test_semi_hard_takes_the_nearest_negative_beyond_the_positive():
    # pair (2, 3): d_ap = 3 and no negative is further than 3 (they are at
    # 3 and 2): the furthest negative, 0, is taken (batch-hard took 1)
    triplets = mine_semi_hard(pairwise_distances(POINTS), LABELS)
    assert _as_lists(triplets) == [[0, 1, 2, 3], [1, 0, 3, 2], [2, 2, 0, 1]]
    # points 0, 2 (landmark 0) and 3, 10 (landmark 1), pair (1, 0):
    # d_ap = 2; negatives at 1 (point 3) and 8 (point 10): the semi-hard
    # negative is point 10, the batch-hard one point 3
    points = torch.tensor([[0.], [2.], [3.], [10.]])
    distances = pairwise_distances(points)
    anchors, positives, negatives = mine_semi_hard(distances, LABELS)
    pair = [(a, p)
            for a, p in zip(anchors.tolist(), positives.tolist())].index(
                (1, 0))
    assert negatives[pair] == 3
    assert mine_batch_hard(distances, LABELS)[2][1] == 2


def test_loss_values_by_hand():
    # batch-hard hinges d_ap - d_an + 0.5: 1-3, 1-2, 3-2, 3-5 (+ 0.5)
    # = -1.5, -0.5, 1.5, -1.5 -> clamped mean 1.5 / 4
    batch_hard = MODELS.build(dict(type='MinedTripletLoss', margin=0.5))
    assert batch_hard(POINTS, LABELS).item() == pytest.approx(0.375, abs=1e-5)
    # semi-hard: the pair (2, 3) with negative 0: 3 - 3 + 0.5; the rest
    # are below zero -> 0.5 / 4
    semi_hard = MODELS.build(
        dict(type='MinedTripletLoss', margin=0.5, mining='semi_hard'))
    assert semi_hard(POINTS, LABELS).item() == pytest.approx(0.125, abs=1e-5)


def test_anchor_without_a_positive_is_left_out():
    # point 6 is alone in landmark 2; the batch-hard triplets of 0 and 1
    # stay: hinges 1 - 3 + 2.5 and 1 - 2 + 2.5 -> (0.5 + 1.5) / 2
    loss = MODELS.build(dict(type='MinedTripletLoss', margin=2.5))
    labels = torch.tensor([0, 0, 1, 2])
    assert loss(POINTS, labels).item() == pytest.approx(1.0, abs=1e-5)


def test_batch_without_triplets_is_zero_with_a_gradient():
    points = POINTS.clone().requires_grad_()
    value = MODELS.build(dict(type='MinedTripletLoss'))(points,
                                                        torch.tensor(
                                                            [0, 1, 2, 3]))
    value.backward()
    assert value.item() == 0 and points.grad is not None


def test_gradient_pulls_the_positive_in_and_pushes_the_negative_out():
    # anchor 2 (at 3) of the batch-hard case: its positive (6) is further
    # than its negative (1), so a step moves 6 towards 3 and 1 away
    points = POINTS.clone().requires_grad_()
    MODELS.build(dict(type='MinedTripletLoss', margin=0.5))(points,
                                                            LABELS).backward()
    assert points.grad[3, 0] > 0  # descending moves point 6 down, to 3
    assert points.grad[1, 0] > 0  # and point 1 down, away from 3


def test_unknown_mining_is_named():
    with pytest.raises(ValueError, match="mining='hardest'"):
        MODELS.build(dict(type='MinedTripletLoss', mining='hardest'))
