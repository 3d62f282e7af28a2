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
                             ('missing_mask', '3.png')}
    assert 'mask is 2x2 but its image 1.png is 2x3' in \
        problems['size_mismatch', '1.png']
    assert problems['missing_mask', '3.png'].endswith(
        "masks/3.png: no mask for image 3.png; expected 3.png (the image "
        "name with '.png' replaced by seg_map_suffix '.png')")
    # what a run's summary counts (core.skipped_images): one per bad pair
    assert sorted(map(osp.basename,
                      dataset.left_out_photos)) == ['1.png', '2.png', '3.png']
    # 0/255 on disk -> classes 0/1
    assert dataset[0]['gt_seg_map'].tolist() == [[0, 1], [1, 0]]


def test_masks_of_only_0_and_ignore_index_are_one_line(folder):
    # binary 0/255 masks read as they are: 255 is ignore_index, so every
    # object pixel would be left out and 'background' score mIoU 100
    message = _one_line_error(
        dict(
            type='MaskFolderDataset',
            data_root=folder,
            metainfo=dict(classes=('background', 'object')),
            pipeline=PIPELINE))
    assert message == (
        'MaskFolderDataset: the 1 usable mask(s) hold only 0 and 255 '
        '(ignore_index), none of classes 1-1 (object), e.g. '
        f'{folder}/masks/0.png: the 255 pixels would be left out and one '
        'class learned; expected class indices (0/255 binary masks: '
        'mask_value_map={255: 1}, or '
        'tools/dataset_converters/masks_to_index.py --palette NAME=0,0,0 '
        'NAME=255,255,255)')


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


def _layout(root,
            mask_mode='L',
            img_suffix='.png',
            mask_name='{}.png',
            values=(0, 1)):
    """Two 2x2 pairs under images/train and masks/train."""
    from PIL import Image
    for i in range(2):
        image = root / 'images' / 'train' / f'{i}{img_suffix}'
        image.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(image), np.full((2, 2, 3), 100, np.uint8))
        mask = root / 'masks' / 'train' / mask_name.format(i)
        mask.parent.mkdir(parents=True, exist_ok=True)
        index = np.array([[values[0], values[1]]] * 2, np.uint8)
        if mask_mode == 'RGB':
            Image.fromarray(np.stack([index * 255] * 3, -1), 'RGB').save(mask)
        else:
            Image.fromarray(index, 'L').save(mask)
    return dict(
        type='MaskFolderDataset',
        data_root=str(root),
        data_prefix=dict(img_path='images/train', seg_map_path='masks/train'),
        metainfo=dict(classes=('cell', 'membrane')),
        pipeline=PIPELINE)


def _one_line_error(cfg):
    from landmark.segmentation.datasets.mask_folder_dataset import \
        MaskDatasetError
    with pytest.raises(MaskDatasetError) as err:
        DATASETS.build(cfg)
    assert '\n' not in str(err.value)
    return str(err.value)


def test_split_folders_paired_by_suffix(tmp_path):
    cfg = _layout(tmp_path, img_suffix='.jpg', mask_name='{}_mask.png')
    dataset = DATASETS.build(
        dict(cfg, img_suffix='.jpg', seg_map_suffix='_mask.png'))
    assert [
        osp.relpath(dataset.get_data_info(i)['seg_map_path'], str(tmp_path))
        for i in range(2)
    ] == ['masks/train/0_mask.png', 'masks/train/1_mask.png']
    assert dataset[1]['gt_seg_map'].tolist() == [[0, 1], [0, 1]]


def test_colour_masks_are_one_line_naming_the_file(tmp_path):
    message = _one_line_error(_layout(tmp_path, mask_mode='RGB'))
    mask = tmp_path / 'masks' / 'train' / '0.png'
    assert message == (
        'MaskFolderDataset: none of the 2 image(s) in '
        f'{tmp_path}/images/train has a usable mask; the first: '
        f'[bad_annotation, skipped] {mask}: a colour mask (PIL mode RGB); '
        'expected one class index per pixel (8-bit grayscale or palette '
        'PNG): convert colour masks with '
        'tools/dataset_converters/masks_to_index.py (2 bad_annotation in '
        'all)')


def test_another_mask_suffix_is_named_with_the_setting_that_pairs_it(tmp_path):
    message = _one_line_error(_layout(tmp_path, mask_name='{}_mask.png'))
    assert message.startswith('MaskFolderDataset: none of the 2 image(s)')
    assert (f'[missing_mask, skipped] {tmp_path}/masks/train/0.png: no mask '
            'for image 0.png; expected 0.png (the image name with '
            "'.png' replaced by seg_map_suffix '.png'); 0_mask.png is "
            "there: set seg_map_suffix='_mask.png' (2 missing_mask in all)"
            ) in message


def test_another_image_suffix_is_one_line(tmp_path):
    message = _one_line_error(_layout(tmp_path, img_suffix='.jpg'))
    assert message == (
        "MaskFolderDataset: no image ending in '.png' in "
        f"{tmp_path}/images/train (found '.jpg'); expected the images "
        "there, or set img_suffix (e.g. img_suffix='.jpg')")
    # the ending to set is the one found, not a fixed '.jpg'
    message = _one_line_error(
        dict(_layout(tmp_path / 'png'), img_suffix='.jpg'))
    assert message.endswith("(found '.png'); expected the images there, or "
                            "set img_suffix (e.g. img_suffix='.png')")


def test_mask_values_outside_the_classes_are_named(tmp_path):
    # 2 classes (0-1) and ignore 255: a mask holding 3 is not usable
    message = _one_line_error(_layout(tmp_path, values=(0, 3)))
    assert ('masks/train/0.png: mask values 3 are not among the 2 classes '
            '(0-1) nor ignore_index 255') in message
    # 0/1 masks with some 255 (ignored) pixels are valid as they are
    dataset = DATASETS.build(_layout(tmp_path / 'ok', values=(1, 255)))
    assert len(dataset) == 2
