"""Reduced-scale JPEG decoding ahead of the pixel budget: same final size
and boxes as a full decode and resize, pixels close."""
import cv2
import numpy as np
import pytest
from mmcv.transforms import Compose
from mmengine.config import Config

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.detection.datasets.transforms import apply_pixel_budget

BOXES = [[100., 60., 700., 540.]]


def smooth_photo(path: str, width: int = 800, height: int = 600) -> str:
    """A JPEG of smooth gradients and a bright block (resampling of such
    content differs little between methods)."""
    x = np.linspace(0, 1, width)[None, :]
    y = np.linspace(0, 1, height)[:, None]
    img = np.stack([200 * x + 0 * y, 150 * y + 0 * x, 100 * (x + y) / 2],
                   axis=-1).astype(np.uint8)
    img[200:400, 300:500] = (230, 230, 230)
    cv2.imwrite(path, img, [cv2.IMWRITE_JPEG_QUALITY, 95])
    return path


def load(path, loader, **budget):
    pipeline = Compose([
        dict(type=loader, **(budget if loader != 'LoadImageFromFile' else {})),
        dict(type='LoadAnnotations', with_bbox=True),
        dict(type='NativeResolution', **budget)
    ])
    instances = [dict(bbox=BOXES[0], bbox_label=0, ignore_flag=0)]
    return pipeline(dict(img_path=path, instances=instances))


@pytest.mark.parametrize(
    'budget, factor',
    [
        (dict(max_long_side=200), 4),  # 800/4 = 200: exactly 1/4
        (dict(max_long_side=150), 4),  # 1/4 decode, then 200 -> 150
        (dict(max_pixels=60_000), 2),  # x0.35: 1/2 decode, not 1/4
        (dict(max_long_side=100), 8),
    ])
def test_reduced_decode_gives_the_full_decode_size_and_boxes(
        tmp_path, budget, factor, monkeypatch):
    path = smooth_photo(str(tmp_path / 'photo.jpg'))
    decoded = []
    imdecode = cv2.imdecode
    monkeypatch.setattr(
        cv2, 'imdecode',
        lambda buf, flag: decoded.append(flag) or imdecode(buf, flag))
    full = load(path, 'LoadImageFromFile', **budget)
    reduced = load(path, 'NativeResolutionImageLoader', **budget)
    assert decoded[-1] == {
        2: cv2.IMREAD_REDUCED_COLOR_2,
        4: cv2.IMREAD_REDUCED_COLOR_4,
        8: cv2.IMREAD_REDUCED_COLOR_8
    }[factor]
    assert reduced['img'].shape == full['img'].shape
    assert reduced['img_shape'] == full['img_shape']
    assert reduced['ori_shape'] == full['ori_shape'] == (600, 800)
    assert reduced['scale_factor'] == full['scale_factor']
    assert reduced['gt_bboxes'].tensor.tolist() == \
        full['gt_bboxes'].tensor.tolist()
    assert 'decode_reduction' not in reduced
    diff = np.abs(reduced['img'].astype(int) - full['img'].astype(int))
    assert diff.mean() < 3, diff.mean()


def test_within_budget_or_png_decodes_in_full(tmp_path, monkeypatch):
    jpeg = smooth_photo(str(tmp_path / 'photo.jpg'))
    png = str(tmp_path / 'photo.png')
    cv2.imwrite(png, cv2.imread(jpeg))
    flags = []
    imdecode = cv2.imdecode
    monkeypatch.setattr(
        cv2, 'imdecode',
        lambda buf, flag: flags.append(flag) or imdecode(buf, flag))
    # x0.6 (not 2x) for the JPEG; the PNG has no reduced decoding
    out = load(jpeg, 'NativeResolutionImageLoader', max_long_side=480)
    assert out['img'].shape == (360, 480, 3)
    out = load(png, 'NativeResolutionImageLoader', max_long_side=100)
    assert out['img'].shape == (75, 100, 3)
    assert flags == [cv2.IMREAD_COLOR, cv2.IMREAD_COLOR]


def test_pixel_budget_reaches_the_loader():
    cfg = Config(
        dict(
            train_dataloader=dict(
                dataset=dict(pipeline=[
                    dict(type='NativeResolutionImageLoader'),
                    dict(type='NativeResolution')
                ]))))
    apply_pixel_budget(cfg, max_pixels=1000)
    assert [t['max_pixels']
            for t in cfg.train_dataloader.dataset.pipeline] == [1000, 1000]
