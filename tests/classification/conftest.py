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


def save_classifier_checkpoint(config: str,
                               path: str,
                               classes,
                               seed: int = 0) -> str:
    """A checkpoint of ``config``'s classifier (random weights, no
    pretrained download) with ``len(classes)`` outputs and
    ``meta.dataset_meta.classes``, as ``tools/train.py`` saves it."""
    import torch
    from mmengine.config import Config
    from mmpretrain.registry import MODELS

    from landmark.core.runner.num_classes import set_num_classes
    cfg = Config.fromfile(config)
    cfg.model.backbone.init_cfg = None
    set_num_classes(cfg.model, [len(classes)])
    torch.manual_seed(seed)
    torch.save(
        dict(
            state_dict=MODELS.build(cfg.model).state_dict(),
            meta=dict(dataset_meta=dict(classes=tuple(classes)))), path)
    return path


def write_outside_trash_layout(trash_root: str, root: str,
                               classes=('cardboard', 'glass', 'metal',
                                        'paper', 'plastic'),
                               per_class: int = 12) -> str:
    """Photos of ``trash_root`` in a layout the project never writes:
    ``root/images/batch_<k>/<nnnn>.jpg`` (three folders, classes mixed,
    each folder numbering its photos from ``0001.jpg``, so file names
    repeat across folders) and ``root/labels.csv`` with the columns
    ``image_name,category,source`` (an extra column); 5 of the 6 trash
    classes by default, so that a 6-class config has to follow the data.
    Returns ``root``."""
    import csv
    import os
    import shutil
    rows, numbered = [], [0, 0, 0]
    for name in classes:
        files = sorted(os.listdir(osp.join(trash_root, name)))[:per_class]
        for i, file in enumerate(files):
            batch = i % 3
            numbered[batch] += 1
            rel = f'batch_{batch}/{numbered[batch]:04d}.jpg'
            os.makedirs(osp.join(root, 'images', f'batch_{batch}'),
                        exist_ok=True)
            shutil.copyfile(
                osp.join(trash_root, name, file),
                osp.join(root, 'images', rel))
            rows.append((rel, name, f'camera_{i % 2}'))
    with open(osp.join(root, 'labels.csv'), 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(('image_name', 'category', 'source'))
        writer.writerows(rows)
    return root


@pytest.fixture
def outside_trash_layout(trash_root, tmp_path) -> str:
    """:func:`write_outside_trash_layout` in ``tmp_path/my_trash``."""
    return write_outside_trash_layout(trash_root,
                                      str(tmp_path / 'my_trash'))


@pytest.fixture
def classifier_checkpoint():
    """:func:`save_classifier_checkpoint`."""
    return save_classifier_checkpoint
