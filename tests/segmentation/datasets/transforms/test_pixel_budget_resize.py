"""PixelBudgetResize: photos above the budget shrink (mask by nearest
neighbour), aspect kept; smaller photos pass unchanged."""
import numpy as np
import pytest
from mmseg.registry import TRANSFORMS

import landmark.segmentation  # noqa: F401 (registers)
from landmark.segmentation.datasets.transforms import budget_size


@pytest.mark.parametrize('size,budget,expected', [
    ((512, 512), dict(max_pixels=256 * 256), (256, 256)),
    ((400, 100), dict(max_pixels=10_000), (200, 50)),  # sqrt(1/4) = 1/2
    ((400, 100), dict(max_long_side=100), (100, 25)),
    ((400, 100), dict(max_pixels=10_000, max_long_side=100), (100, 25)),
    ((100, 100), dict(max_pixels=10_000), (100, 100)),  # at the budget
    ((100, 100), dict(), (100, 100)),
])
def test_budget_size_by_hand(size, budget, expected):
    assert budget_size(*size, **budget) == expected


def test_photo_and_mask_shrink_together():
    # a 4x2 photo, left half class 1: halved to 2x1 under 2 pixels
    mask = np.array([[1, 1, 0, 0], [1, 1, 0, 0]], np.uint8)
    results = dict(
        img=np.zeros((2, 4, 3), np.uint8), gt_seg_map=mask,
        seg_fields=['gt_seg_map'], img_shape=(2, 4))
    out = TRANSFORMS.build(dict(type='PixelBudgetResize', max_pixels=2))(
        results)
    assert out['img'].shape == (1, 2, 3)
    assert out['img_shape'] == (1, 2)
    assert out['gt_seg_map'].tolist() == [[1, 0]]


def test_within_the_budget_nothing_changes():
    image = np.arange(12, dtype=np.uint8).reshape(2, 2, 3)
    out = TRANSFORMS.build(dict(type='PixelBudgetResize', max_pixels=4))(
        dict(img=image.copy(), img_shape=(2, 2)))
    assert out['img'].tolist() == image.tolist()
    assert out['scale_factor'] == (1.0, 1.0)
