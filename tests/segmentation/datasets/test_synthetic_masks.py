"""The synthetic masks: same photos as the detection set of the seed, one
label per landmark class, the detection box is the mask's bounding box."""
import filecmp
import json
import os.path as osp

import cv2
import numpy as np
import pytest
from mmengine.config import Config
from mmseg.registry import DATASETS

from landmark.demo.landmark_drawing import LANDMARK_CLASSES
from landmark.segmentation.datasets import generate_landmark_mask_dataset
from landmark.testing import REPO_ROOT

SIZES = ((128, 96), (96, 128))


def _read(path, flags=cv2.IMREAD_UNCHANGED):
    return cv2.imread(path, flags)


def test_boxes_of_the_detection_set_are_the_masks_bounding_boxes(tmp_path):
    # the detection generator imports mmdet; only this test needs it
    from landmark.detection.datasets import generate_landmark_dataset
    det, seg = str(tmp_path / 'det'), str(tmp_path / 'seg')
    generate_landmark_dataset(det, 5, 2, seed=4, sizes=SIZES)
    generate_landmark_mask_dataset(seg, 5, 2, seed=4, sizes=SIZES)
    boxes = {}
    for split in ('train', 'val'):
        with open(osp.join(det, 'annotations', f'{split}.json')) as f:
            coco = json.load(f)
        names = {c['id']: c['name'] for c in coco['categories']}
        files = {i['id']: i['file_name'] for i in coco['images']}
        for ann in coco['annotations']:
            boxes[files[ann['image_id']]] = (names[ann['category_id']],
                                             ann['bbox'])
    assert len(boxes) == 7
    for index in range(7):
        class_name, (x, y, w, h) = boxes[f'landmark_{index:05d}.jpg']
        mask = _read(osp.join(seg, 'masks', f'{index:05d}.png'))
        label = LANDMARK_CLASSES.index(class_name) + 1
        assert set(np.unique(mask)) == {0, label}
        rows = np.flatnonzero((mask == label).any(1))
        cols = np.flatnonzero((mask == label).any(0))
        assert [
            cols[0], rows[0], cols[-1] + 1 - cols[0], rows[-1] + 1 - rows[0]
        ] == [x, y, w, h]
        # the same photo (PNG here, JPEG there): equal up to compression
        photo = _read(osp.join(seg, 'images', f'{index:05d}.png'))
        jpeg = _read(osp.join(det, 'images', f'landmark_{index:05d}.jpg'))
        assert photo.shape == jpeg.shape
        assert np.abs(photo.astype(int) - jpeg).mean() < 4


def test_same_seed_same_files_and_splits(tmp_path):
    roots = [str(tmp_path / n) for n in ('a', 'b', 'c')]
    for root, seed in zip(roots, (0, 0, 1)):
        paths = generate_landmark_mask_dataset(root, 3, 2, seed, SIZES)
    with open(paths['val']) as f:
        assert f.read().split() == ['00003', '00004']
    name = 'masks/00002.png'
    assert filecmp.cmp(
        osp.join(roots[0], name), osp.join(roots[1], name), shallow=False)
    assert not filecmp.cmp(
        osp.join(roots[0], name), osp.join(roots[2], name), shallow=False)


def test_loads_with_the_configs_classes_and_has_every_class(tmp_path):
    root = str(tmp_path / 'masks')
    generate_landmark_mask_dataset(root, 5, 0, sizes=SIZES)
    base = Config.fromfile(
        f'{REPO_ROOT}/configs/_base_/datasets/landmark-masks_segmentation.py')
    dataset = DATASETS.build(
        dict(
            type='MaskFolderDataset',
            data_root=root,
            ann_file='train.txt',
            metainfo=base.metainfo,
            pipeline=[dict(type='LoadAnnotations')]))
    assert dataset.metainfo['classes'] == ('background', ) + LANDMARK_CLASSES
    labels = set()
    for index in range(len(dataset)):
        labels |= set(np.unique(dataset[index]['gt_seg_map']).tolist())
    assert labels == {0, 1, 2, 3, 4, 5}


def test_unknown_class_is_named():
    with pytest.raises(ValueError, match='castle'):
        generate_landmark_mask_dataset('unused', 1, 0, classes=('castle', ))
