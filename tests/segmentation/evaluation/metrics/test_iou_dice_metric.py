import pytest
import torch
from mmseg.registry import METRICS

import landmark.segmentation  # noqa: F401 (registers)


def _sample(pred, gt):
    return dict(
        pred_sem_seg=dict(data=torch.tensor([pred])),
        gt_sem_seg=dict(data=torch.tensor([gt])))


def test_hand_made_masks():
    # gt   0 1 1     pred 0 1 0      (255 = ignored)
    #      1 1 255        1 0 1
    # 5 valid pixels, 3 right -> aAcc 60
    # class 0: I 1, P 3, L 1, U 3 -> IoU 1/3, Dice 2*1/(3+1) = 0.5
    # class 1: I 2, P 2, L 4, U 4 -> IoU 1/2, Dice 2*2/(2+4) = 2/3
    # mIoU (33.33 + 50) / 2 = 41.67; mDice (50 + 66.67) / 2 = 58.33
    metric = METRICS.build(dict(type='IoUDiceMetric'))
    metric.dataset_meta = dict(classes=('background', 'membrane'))
    metric.process({},
                   [_sample([[0, 1, 0], [1, 0, 1]], [[0, 1, 1], [1, 1, 255]])])
    result = metric.evaluate(1)
    assert result['aAcc'] == pytest.approx(60.0)
    assert result['mIoU'] == pytest.approx(41.67)
    assert result['mDice'] == pytest.approx(58.33)
    assert result['IoU.background'] == pytest.approx(33.33)
    assert result['IoU.membrane'] == pytest.approx(50.0)


def test_areas_are_summed_over_images_not_averaged():
    # image 1: one pixel, gt 1 pred 1; image 2: three pixels gt 1 pred 0.
    # class 1 over the set: I 1, U 4 -> IoU 25 (a mean of the two images'
    # IoUs would give 50); class 0: I 0, U 3 -> 0
    metric = METRICS.build(dict(type='IoUDiceMetric'))
    metric.dataset_meta = dict(classes=('a', 'b'))
    metric.process({},
                   [_sample([[1]], [[1]]),
                    _sample([[0, 0, 0]], [[1, 1, 1]])])
    result = metric.evaluate(2)
    assert result['IoU.b'] == pytest.approx(25.0)
    assert result['IoU.a'] == pytest.approx(0.0)
    assert result['mIoU'] == pytest.approx(12.5)
