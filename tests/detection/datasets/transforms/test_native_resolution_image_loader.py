"""Reduced-scale JPEG decoding ahead of the pixel budget: same final size
and boxes as a full decode and resize, pixels close."""
import logging

import cv2
import numpy as np
import pytest
from mmcv.transforms import Compose
from mmdet.registry import DATASETS
from mmengine.config import Config
from mmengine.logging import MMLogger

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.detection.apis.runner_setup import prepare_train_config
from landmark.detection.datasets import generate_landmark_dataset
from landmark.detection.datasets.transforms import (
    NativeResolutionImageLoader, apply_pixel_budget)
from landmark.testing import REPO_ROOT, write_truncated_jpeg

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


def test_unusable_photo_is_skipped_and_named(tmp_path, monkeypatch):
    warnings = []
    logger = MMLogger.get_current_instance()
    real_log = logger.log
    monkeypatch.setattr(
        logger, 'log', lambda level, msg, *args, **kwargs: warnings.append(msg)
        if level == logging.WARNING else real_log(level, msg, *args, **kwargs))
    cut = write_truncated_jpeg(str(tmp_path / 'cut.jpg'))
    junk = tmp_path / 'junk.jpg'
    junk.write_bytes(b'not a jpeg')
    load = NativeResolutionImageLoader(max_long_side=20)
    assert load(dict(img_path=cut)) is None
    assert load(dict(img_path=str(junk))) is None
    assert load.num_skipped_photos == 2
    assert [('cut.jpg' in line, 'junk.jpg' in line)
            for line in warnings] == [(True, False), (False, True)]


def test_tiny_configs_train_on_reduced_decodes(tmp_path, monkeypatch):
    """The detection configs' training pipeline decodes a 1280x960 JPEG at
    1/4 scale under the tiny configs' 320 px, boxes as a full decode's."""
    root = str(tmp_path / 'data')
    generate_landmark_dataset(
        root, num_train=1, num_val=1, seed=0, sizes=((1280, 960), ))
    cfg = prepare_train_config(
        f'{REPO_ROOT}/configs/faster-rcnn/'
        'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
        work_dir=str(tmp_path / 'w'),
        data_root=root)
    pipeline = cfg.train_dataloader.dataset.pipeline
    [flip] = [t for t in pipeline if t.type == 'RandomFlip']
    flip.prob = 0.0
    flags = []
    imdecode = cv2.imdecode
    monkeypatch.setattr(
        cv2, 'imdecode',
        lambda buf, flag: flags.append(flag) or imdecode(buf, flag))
    reduced = DATASETS.build(cfg.train_dataloader.dataset)[0]
    assert flags == [cv2.IMREAD_REDUCED_COLOR_4]
    pipeline[0] = dict(type='LoadImageFromFile')
    full = DATASETS.build(cfg.train_dataloader.dataset)[0]
    assert flags[-1] == cv2.IMREAD_COLOR
    assert reduced['inputs'].shape == full['inputs'].shape == (3, 240, 320)
    assert reduced['data_samples'].gt_instances.bboxes.tensor.tolist() == \
        full['data_samples'].gt_instances.bboxes.tensor.tolist()
