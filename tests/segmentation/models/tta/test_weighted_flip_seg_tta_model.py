import pytest
import torch
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

import landmark.segmentation  # noqa: F401 (registers)


class _Segmentor(nn.Module):
    """Stands for the wrapped segmentor: merge_preds needs none of it."""

    def test_step(self, data):
        raise AssertionError('not called by merge_preds')


def _view(logits):
    sample = SegDataSample(metainfo=dict(img_path='a.png'))
    sample.seg_logits = PixelData(data=torch.tensor(logits))
    return sample


def test_two_views_give_the_hand_weighted_mean_of_probabilities():
    # pixel 0: original p(class 1) = sigmoid-free softmax of (0, ln 4) = 0.8
    #          flipped  p(class 1) = 0.2 (logits (ln 4, 0))
    # weights 2:1 -> (2 * 0.8 + 0.2) / 3 = 0.6 -> class 1
    # pixel 1: original 0.2, flipped 0.9 (logits (0, ln 9))
    # weights 2:1 -> (0.4 + 0.9) / 3 = 0.4333 -> class 0
    # (equal weights: pixel 0 (0.8 + 0.2) / 2 = 0.5, pixel 1 0.55 -> class 1)
    ln4, ln9 = torch.log(torch.tensor(4.)), torch.log(torch.tensor(9.))
    original = [[[0., ln4]], [[ln4, 0.]]]  # (C=2, H=1, W=2)
    flipped = [[[ln4, 0.]], [[0., ln9]]]
    tta = MODELS.build(
        dict(
            type='WeightedFlipSegTTAModel',
            module=_Segmentor(),
            view_weights=(2., 1.)))
    merged, = tta.merge_preds([[_view(original), _view(flipped)]])
    probs = merged.seg_logits.data.softmax(0)
    assert probs[1, 0].tolist() == pytest.approx([0.6, 1.3 / 3], abs=1e-5)
    assert merged.pred_sem_seg.data.tolist() == [[[1, 0]]]

    equal = MODELS.build(
        dict(
            type='WeightedFlipSegTTAModel',
            module=_Segmentor(),
            view_weights=None))
    merged, = equal.merge_preds([[_view(original), _view(flipped)]])
    assert merged.seg_logits.data.softmax(0)[1, 0].tolist() == \
        pytest.approx([0.5, 0.55], abs=1e-5)
    assert merged.pred_sem_seg.data[0, 0, 1].item() == 1


def test_one_channel_logits_use_sigmoid_and_keep_probabilities():
    # sigmoid(ln 3) = 0.75, sigmoid(-ln 3) = 0.25; 2:1 -> 1.75 / 3 = 0.5833
    ln3 = torch.log(torch.tensor(3.)).item()
    tta = MODELS.build(
        dict(type='WeightedFlipSegTTAModel', module=_Segmentor()))
    merged, = tta.merge_preds([[_view([[[ln3]]]), _view([[[-ln3]]])]])
    assert merged.seg_logits.data.sigmoid().item() == pytest.approx(
        1.75 / 3, abs=1e-5)
    assert merged.pred_sem_seg.data.item() == 1


def test_wrong_number_of_weights_is_one_clear_error():
    tta = MODELS.build(
        dict(
            type='WeightedFlipSegTTAModel',
            module=_Segmentor(),
            view_weights=(2., 1., 1.)))
    with pytest.raises(ValueError, match='one weight per view'):
        tta.merge_preds([[_view([[[0.]]]), _view([[[0.]]])]])
