"""The view weights every task's TTA shares."""
import pytest
import torch
from torch import nn

from landmark.core.tta import (ViewWeightedTTAModel, check_view_weights,
                               weighted_view_mean)


def test_weighted_mean_of_two_views_is_worked_out_by_hand():
    original = torch.tensor([[0.9, 0.1], [0.2, 0.8]])
    flipped = torch.tensor([[0.3, 0.7], [0.5, 0.5]])
    # (2 * 0.9 + 1 * 0.3) / 3 = 0.7, (2 * 0.1 + 0.7) / 3 = 0.3, ...
    expected = torch.tensor([[0.7, 0.3], [0.3, 0.7]])
    mean = weighted_view_mean([original, flipped], (2.0, 1.0))
    assert torch.allclose(mean, expected)


def test_no_weights_is_the_plain_mean():
    views = [torch.tensor([1.0, 3.0]), torch.tensor([3.0, 5.0])]
    assert torch.equal(weighted_view_mean(views), torch.tensor([2.0, 4.0]))


@pytest.mark.parametrize('weights', [(1.0, ), (1.0, 1.0, 1.0), (0.0, 0.0),
                                     (-1.0, 2.0)])
def test_bad_weights_name_the_views(weights):
    with pytest.raises(ValueError, match='view_weights'):
        check_view_weights(weights, 2, 'SomeTTA')


def test_the_base_checks_weights_against_the_views():

    class Identity(nn.Module):

        def test_step(self, data):
            return data

    class MeanTTA(ViewWeightedTTAModel):

        def merge_preds(self, data_samples_list):
            return data_samples_list

    tta = MeanTTA(Identity(), view_weights=(3, 1))
    assert tta.weights_for(2) == [3.0, 1.0]
    with pytest.raises(ValueError, match='MeanTTA got 3 views'):
        tta.weights_for(3)
