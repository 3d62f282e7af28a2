import numpy as np
import pytest
import torch
from mmdet.registry import TRANSFORMS
from mmdet.structures.bbox import HorizontalBoxes

import landmark.detection  # noqa: F401 (registers the modules)


def results(height=100, width=200):
    rng = np.random.default_rng(0)
    return dict(
        img=rng.integers(0, 255, (height, width, 3), dtype=np.uint8),
        img_shape=(height, width),
        ori_shape=(height, width),
        gt_bboxes=HorizontalBoxes(torch.tensor([[20., 10., 180., 90.]])))


def build(**kwargs):
    return TRANSFORMS.build(dict(type='NativeResolution', **kwargs))


def test_keeps_the_native_size_without_a_budget():
    before = results()
    out = build()(dict(before, img=before['img'].copy()))
    assert out['img'].shape == (100, 200, 3)
    np.testing.assert_array_equal(out['img'], before['img'])
    assert out['img_shape'] == (100, 200)
    assert out['scale_factor'] == (1.0, 1.0)
    assert out['gt_bboxes'].tensor.tolist() == [[20., 10., 180., 90.]]


def test_image_under_the_budget_is_untouched():
    out = build(max_pixels=200 * 100, max_long_side=200)(results())
    assert out['img'].shape == (100, 200, 3)
    assert out['scale_factor'] == (1.0, 1.0)


def test_pixel_budget_downscales_with_the_boxes():
    # 20,000 px over a 5,000 px budget -> scale sqrt(1/4) = 0.5
    out = build(max_pixels=5000)(results())
    assert out['img'].shape == (50, 100, 3)
    assert out['img_shape'] == (50, 100)
    assert out['scale_factor'] == pytest.approx((0.5, 0.5))
    assert out['gt_bboxes'].tensor.tolist() == [[10., 5., 90., 45.]]


def test_long_side_limit_keeps_the_aspect_ratio():
    out = build(max_long_side=50)(results())  # 200 -> 50: scale 0.25
    assert out['img'].shape == (25, 50, 3)
    assert out['gt_bboxes'].tensor.tolist() == [[5., 2.5, 45., 22.5]]


def test_budget_result_never_exceeds_the_budget():
    transform = build(max_pixels=1000)
    for height, width in ((97, 211), (480, 640), (3000, 4000)):
        w, h = transform.target_size(width, height)
        assert w * h <= 1000
        assert abs(w / h - width / height) < 0.1 * width / height


@pytest.mark.parametrize('key', ['max_pixels', 'max_long_side'])
def test_bad_budget(key):
    with pytest.raises(ValueError, match=key):
        build(**{key: 0})
