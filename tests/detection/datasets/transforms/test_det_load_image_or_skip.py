"""LoadImageOrSkip: an unusable photo is skipped (None), named once per run
whichever copy of the transform (data-loader worker) meets it, counted."""
import copy
import gc
import logging
import os.path as osp

import cv2
import numpy as np
import pytest
from mmengine.logging import MMLogger

from landmark.core import image_files
from landmark.detection.datasets import LoadImageOrSkip
from landmark.testing import write_truncated_jpeg

REAL_IMDECODE = cv2.imdecode


def opencv4_imdecode(data, flags=cv2.IMREAD_COLOR):
    """OpenCV 4.x: a truncated JPEG decodes, its missing part grey."""
    img = REAL_IMDECODE(data, flags)
    return img if img is not None else np.full((60, 80, 3), 128, np.uint8)


@pytest.fixture
def photos(tmp_path):
    good = str(tmp_path / 'good.jpg')
    cv2.imwrite(good, np.zeros((60, 80, 3), np.uint8))
    return good, write_truncated_jpeg(str(tmp_path / 'cut.jpg'))


@pytest.fixture
def warnings_seen(monkeypatch):
    lines = []
    logger = MMLogger.get_current_instance()
    monkeypatch.setattr(logger, 'warning',
                        lambda msg, *a, **k: lines.append(msg))
    real_log = logger.log

    def log(level, msg, *args, **kwargs):
        if level == logging.WARNING:
            lines.append(msg)
        else:
            real_log(level, msg, *args, **kwargs)

    monkeypatch.setattr(logger, 'log', log)
    return lines


def test_good_photo_loads_and_truncated_one_is_skipped(photos, warnings_seen):
    good, cut = photos
    load = LoadImageOrSkip()
    assert load(dict(img_path=good))['img'].shape == (60, 80, 3)
    assert load(dict(img_path=cut)) is None
    assert load.num_skipped_photos == 1
    [line] = warnings_seen
    assert 'cut.jpg' in line and 'unreadable_image' in line
    assert '1 photo(s) skipped in this run so far' in line


def test_named_once_across_copies_and_epochs(photos, warnings_seen):
    _, cut = photos
    load = LoadImageOrSkip()
    worker_a, worker_b = copy.deepcopy(load), copy.deepcopy(load)
    for _ in range(3):  # three epochs, both workers meet the photo
        assert worker_a(dict(img_path=cut)) is None
        assert worker_b(dict(img_path=cut)) is None
    assert len(warnings_seen) == 1
    assert worker_a.skipper.problems.num_skipped == 3  # met 3 times
    assert load.num_skipped_photos == 1  # one photo, seen by all


def test_truncated_jpeg_refused_when_opencv_fills_it_grey(
        photos, monkeypatch, warnings_seen):
    _, cut = photos
    monkeypatch.setattr(cv2, 'imdecode', opencv4_imdecode)
    assert LoadImageOrSkip()(dict(img_path=cut)) is None
    assert 'truncated' in warnings_seen[0]


def test_photo_above_the_pixel_limit_and_missing_photo(photos, monkeypatch,
                                                       warnings_seen,
                                                       tmp_path):
    good, _ = photos
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS', 1000)
    load = LoadImageOrSkip()
    assert load(dict(img_path=good)) is None
    assert '--max-decode-pixels' in warnings_seen[0]
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS', 10**8)
    assert load(dict(img_path=str(tmp_path / 'gone.jpg'))) is None
    assert 'gone.jpg' in warnings_seen[1]
    assert '2 photo(s) skipped' in warnings_seen[1]


def test_marker_folder_removed_with_the_transform(photos, warnings_seen):
    load = LoadImageOrSkip()
    load(dict(img_path=photos[1]))
    folder = load.skipper._marker_dir
    assert osp.isdir(folder)
    del load
    gc.collect()
    assert not osp.isdir(folder)
