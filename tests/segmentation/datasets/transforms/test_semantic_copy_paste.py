"""SemanticCopyPaste: pasted image pixels sit exactly under the pasted
labels, probability 0 changes nothing, ignored pixels are kept."""
import numpy as np
import pytest
from mmseg.registry import DATASETS, TRANSFORMS

from landmark.segmentation.datasets import generate_landmark_mask_dataset

IGNORE = 255


def _sample(height=12, width=16, value=0):
    rng = np.random.default_rng(value)
    return dict(
        img=rng.integers(1, 255, (height, width, 3), dtype=np.uint8),
        gt_seg_map=np.zeros((height, width), np.uint8),
        seg_fields=['gt_seg_map'])


def _scene():
    current = _sample(value=1)
    current['gt_seg_map'][:2] = IGNORE  # top two rows ignored
    current['gt_seg_map'][8:, :3] = 2
    donor = _sample(value=2)
    donor['gt_seg_map'][1:5, 4:8] = 1  # covers ignored row 1 of current
    donor['gt_seg_map'][6:9, 10:14] = 1
    donor['gt_seg_map'][9:, 10:] = 2  # a class not pasted
    donor['gt_seg_map'][5:7, 0:6] = IGNORE  # never pasted
    current['mix_results'] = [donor]
    return current, donor


def _copy(results):
    return {
        k: v.copy() if isinstance(v, np.ndarray) else v
        for k, v in results.items()
    }


def test_pasted_image_pixels_are_exactly_the_pasted_labels():
    current, donor = _scene()
    before = _copy(current)
    paste = TRANSFORMS.build(
        dict(type='SemanticCopyPaste', prob=1., classes=[1]))
    out = paste(current)
    pasted = donor['gt_seg_map'] == 1  # 4*4 + 3*4 = 28 pixels
    assert pasted.sum() == 28
    changed = (out['img'] != before['img']).any(-1)
    # image and mask changed at the same pixels, and only at the donor's
    # class-1 pixels (the random images differ at every pixel)
    np.testing.assert_array_equal(changed, pasted)
    np.testing.assert_array_equal(out['img'][pasted], donor['img'][pasted])
    np.testing.assert_array_equal(out['gt_seg_map'] == 1, pasted)
    np.testing.assert_array_equal(out['gt_seg_map'][~pasted],
                                  before['gt_seg_map'][~pasted])
    # ignored row 0 kept; row 1 ignored except under the pasted block
    assert (out['gt_seg_map'][0] == IGNORE).all()
    assert (out['gt_seg_map'][1, 4:8] == 1).all()
    assert (np.delete(out['gt_seg_map'][1], range(4, 8)) == IGNORE).all()
    # the donor's ignored pixels and class 2 were not pasted
    assert not (out['gt_seg_map'][5:7, 0:6] == IGNORE).any()
    assert (out['gt_seg_map'][9:, 10:] == 0).all()


def test_probability_zero_is_identity():
    current, _ = _scene()
    before = _copy(current)
    out = TRANSFORMS.build(
        dict(type='SemanticCopyPaste', prob=0., classes=[1, 2]))(
            current)
    np.testing.assert_array_equal(out['img'], before['img'])
    np.testing.assert_array_equal(out['gt_seg_map'], before['gt_seg_map'])


def test_donor_of_another_size_is_resized_with_its_mask():
    current = _sample(12, 16, 1)
    donor = _sample(6, 8, 2)
    donor['gt_seg_map'][2:4, 2:4] = 1
    current['mix_results'] = [donor]
    out = TRANSFORMS.build(
        dict(type='SemanticCopyPaste', prob=1., classes=[1]))(
            current)
    pasted = np.zeros((12, 16), bool)
    pasted[4:8, 4:8] = True  # nearest-neighbour twice the size
    np.testing.assert_array_equal(out['gt_seg_map'] == 1, pasted)
    assert out['img'].shape == (12, 16, 3)


def test_bad_settings_name_what_was_expected():
    with pytest.raises(ValueError, match='ignore value 255'):
        TRANSFORMS.build(dict(type='SemanticCopyPaste', classes=[1, 255]))
    with pytest.raises(ValueError, match=r'expected a probability'):
        TRANSFORMS.build(dict(type='SemanticCopyPaste', classes=[1], prob=2))


def test_donor_comes_through_multi_image_mix_dataset(tmp_path, monkeypatch):
    root = str(tmp_path / 'masks')
    generate_landmark_mask_dataset(root, 2, 0, sizes=((64, 48), ))
    wrapped = DATASETS.build(
        dict(
            type='MultiImageMixDataset',
            dataset=dict(
                type='MaskFolderDataset',
                data_root=root,
                ann_file='train.txt',
                metainfo=dict(classes=('background', 'tower', 'dome')),
                pipeline=[
                    dict(type='LoadImageFromFile'),
                    dict(type='LoadAnnotations')
                ]),
            pipeline=[dict(type='SemanticCopyPaste', prob=1., classes=[1,
                                                                       2])]))
    paste = wrapped.pipeline[0]
    monkeypatch.setattr(paste, 'get_indices', lambda dataset: 1)
    plain = wrapped.dataset
    own, donor = plain[0], plain[1]
    out = wrapped[0]
    # image 0 is a tower (1), image 1 a dome (2): the dome is pasted over
    dome = donor['gt_seg_map'] == 2
    assert dome.any() and (own['gt_seg_map'] == 1).any()
    np.testing.assert_array_equal(out['gt_seg_map'][dome], 2)
    np.testing.assert_array_equal(out['img'][dome], donor['img'][dome])
    np.testing.assert_array_equal(out['img'][~dome], own['img'][~dome])
    assert 'mix_results' not in out
