"""Fixtures of the classification tests: mmpretrain's scope, tiny data."""
import os.path as osp

import cv2
import numpy as np
import pytest

import landmark.classification  # noqa: F401  (registers the modules)


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Overrides the suite-wide fixture of the same name: classification
    builds its registry types in mmpretrain's scope."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        yield


def write_image(path: str, value: int, size: int = 16) -> str:
    image = np.full((size, size, 3), value, dtype=np.uint8)
    image[:size // 2, :, 0] = 255 - value  # not uniform
    cv2.imwrite(path, image)
    return path


@pytest.fixture
def make_image():
    """``make_image(path, value)`` writes a 16x16 test image."""
    return write_image


@pytest.fixture
def class_folders(tmp_path) -> str:
    """``cat/`` with 8 images and ``dog/`` with 2, plus one broken file."""
    root = tmp_path / 'folders'
    for name, count in (('cat', 8), ('dog', 2)):
        (root / name).mkdir(parents=True)
        for i in range(count):
            write_image(str(root / name / f'{name}{i}.png'), 10 * i)
    (root / 'dog' / 'broken.jpg').write_bytes(b'not an image at all')
    return str(root)


@pytest.fixture(scope='session')
def trash_root(shared_datasets) -> str:
    root = osp.join(shared_datasets, 'trash')
    if not osp.isdir(root):
        pytest.skip(f'trash data set not found at {root}')
    return root
