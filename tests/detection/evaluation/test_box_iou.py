import numpy as np
import pytest

from landmark.detection.evaluation import box_iou

GT = [0., 0., 10., 10.]  # a 10x10 box: area 100


def test_box_iou_by_hand():
    # half overlap: inter 50, union 100 + 100 - 50 = 150 -> 1/3
    assert box_iou(GT, [[5, 0, 15, 10]])[0] == pytest.approx(1 / 3)
    assert box_iou(GT, [[20, 20, 30, 30]])[0] == 0.0
    np.testing.assert_allclose(box_iou(GT, [GT, [0, 0, 5, 10]]), [1.0, 0.5])


def test_box_iou_of_lists_by_hand():
    # 10x10 boxes overlapping on 5x10: 50 / (100 + 100 - 50) = 1/3
    assert box_iou([0, 0, 10, 10], [5, 0, 15, 10]) == pytest.approx(1 / 3)
    assert box_iou([0, 0, 10, 10], [20, 20, 30, 30]) == 0
