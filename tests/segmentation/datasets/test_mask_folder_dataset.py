import os.path as osp

import cv2
import numpy as np
import pytest
from mmseg.registry import DATASETS

import landmark.segmentation  # noqa: F401 (registers)

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]


def _write_pair(root, name, mask, image_size=None):
    height, width = image_size or mask.shape
    cv2.imwrite(
        osp.join(root, 'images', f'{name}.png'),
        np.full((height, width, 3), 100, np.uint8))
    cv2.imwrite(osp.join(root, 'masks', f'{name}.png'), mask)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / 'images').mkdir()
    (tmp_path / 'masks').mkdir()
    mask = np.array([[0, 255], [255, 0]], np.uint8)
    _write_pair(str(tmp_path), '0', mask)
    _write_pair(str(tmp_path), '1', mask, image_size=(3, 2))  # 2x3 image
    (tmp_path / 'images' / '2.png').write_bytes(b'not a png')
    cv2.imwrite(str(tmp_path / 'masks' / '2.png'), mask)
    _write_pair(str(tmp_path), '3', mask)
    (tmp_path / 'masks' / '3.png').unlink()  # image without mask
    return str(tmp_path)


def test_bad_pairs_are_reported_by_file_and_skipped(folder):
    dataset = DATASETS.build(
        dict(
            type='MaskFolderDataset',
            data_root=folder,
            metainfo=dict(classes=('background', 'object')),
            mask_value_map={255: 1},
            pipeline=PIPELINE))
    assert [
        osp.basename(dataset.get_data_info(i)['img_path'])
        for i in range(len(dataset))
    ] == ['0.png']
    problems = {
        (p.kind, osp.basename(p.source)): str(p)
        for p in dataset.problems.problems
    }
    assert set(problems) == {('size_mismatch', '1.png'),
                             ('unreadable_image', '2.png'),
                             ('missing_image', '3.png')}
    assert 'mask is 2x2 but its image 1.png is 2x3' in \
        problems['size_mismatch', '1.png']
    # what a run's summary counts (core.skipped_images): one per bad pair
    assert sorted(map(osp.basename,
                      dataset.left_out_photos)) == ['1.png', '2.png', '3.png']
    # 0/255 on disk -> classes 0/1
    assert dataset[0]['gt_seg_map'].tolist() == [[0, 1], [1, 0]]


def test_without_a_value_map_the_mask_is_read_as_is(folder):
    dataset = DATASETS.build(
        dict(
            type='MaskFolderDataset',
            data_root=folder,
            metainfo=dict(classes=('background', 'object')),
            pipeline=PIPELINE))
    assert dataset[0]['gt_seg_map'].tolist() == [[0, 255], [255, 0]]


def test_strict_mode_and_missing_folder_are_one_line_errors(folder, tmp_path):
    with pytest.raises(ValueError, match=r'\[size_mismatch.*1\.png'):
        DATASETS.build(
            dict(
                type='MaskFolderDataset',
                data_root=folder,
                strict=True,
                metainfo=dict(classes=('background', 'object'))))
    with pytest.raises(FileNotFoundError, match='image folder'):
        DATASETS.build(
            dict(
                type='MaskFolderDataset',
                data_root=str(tmp_path / 'no'),
                metainfo=dict(classes=('background', 'object'))))
