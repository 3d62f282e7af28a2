"""Segmentation inference on image files: the streamed RLE CSV holds the
predicted masks, bad files are named and skipped, overlays are drawn."""
import os.path as osp

import numpy as np
import pytest

from landmark.core import ProblemLog
from landmark.segmentation.apis.image_segmentation import (
    load_segmentor, segment_images, write_masks_rle_csv)
from landmark.segmentation.datasets import generate_landmark_mask_dataset
from landmark.segmentation.evaluation import read_rle_csv


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('masks'))
    generate_landmark_mask_dataset(root, 0, 3, sizes=((96, 64), ))
    return [osp.join(root, 'images', f'0000{i}.png') for i in range(3)]


def test_csv_rows_are_the_predicted_masks(photos, tmp_path, tiny_masks_config,
                                          save_random_segmentor):
    checkpoint = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    model = load_segmentor(tiny_masks_config, [checkpoint])
    assert model.dataset_meta['classes'][0] == 'background'
    predicted = {
        osp.basename(r['img_path'])[:-4]: r['labels']
        for r in segment_images(model, photos, 2, ProblemLog())
    }
    assert all(m.shape == (64, 96) for m in predicted.values())
    labels = np.stack(list(predicted.values()))
    assert len(np.unique(labels)) > 1  # not a trivial all-one-class map
    bad = tmp_path / 'broken.png'
    bad.write_bytes(b'not a png')
    problems = ProblemLog()
    csv_path = str(tmp_path / 'masks.csv')
    # what tools/infer.py streams: the masks of the photos that decode
    masks = ((r['img_path'], r['labels']) for r in segment_images(
        model, [photos[0], str(bad)] + photos[1:], 1, problems))
    done, rows = write_masks_rle_csv(masks, csv_path,
                                     model.dataset_meta['classes'],
                                     model.dataset_meta['palette'],
                                     str(tmp_path / 'drawn'))
    assert (done, rows) == (3, 3 * 5)  # 3 images x 5 classes (no bg)
    assert problems.num_skipped == 1 and 'broken.png' in problems.summary()
    masks = read_rle_csv(csv_path)
    classes = model.dataset_meta['classes']
    for image_id, labels in predicted.items():
        for c in range(1, 6):
            np.testing.assert_array_equal(masks[image_id, classes[c]],
                                          labels == c)
        assert osp.isfile(tmp_path / 'drawn' / f'{image_id}.png')


def test_an_ensemble_of_two_checkpoints_averages_both(photos, tmp_path,
                                                      tiny_masks_config,
                                                      save_random_segmentor):
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    b = save_random_segmentor(str(tmp_path / 'b.pth'), 1)

    def labels(checkpoints, **kwargs):
        model = load_segmentor(tiny_masks_config, checkpoints, **kwargs)
        return [
            r['labels'] for r in segment_images(model, photos, 1, ProblemLog())
        ]

    only_a, only_b, both = labels([a]), labels([b]), labels([a, b])
    a_weighted_1_0 = labels([a, b], checkpoint_weights=[1.0, 0.0])
    for la, lb, lab, l10 in zip(only_a, only_b, both, a_weighted_1_0):
        # where both members' argmax is c, the mean's argmax is c too
        agree = la == lb
        np.testing.assert_array_equal(lab[agree], la[agree])
        np.testing.assert_array_equal(l10, la)  # weight 0: b left out
    # where they disagree the mean follows sometimes one, sometimes the other
    assert any((lab != la).any() for lab, la in zip(both, only_a))
    assert any((lab != lb).any() for lab, lb in zip(both, only_b))


def test_metainfo_without_palette_is_named(tmp_path, tiny_masks_config,
                                           save_random_segmentor):
    checkpoint = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    with pytest.raises(KeyError, match='classes and palette'):
        load_segmentor(
            tiny_masks_config, [checkpoint],
            cfg_options={'test_dataloader.dataset.metainfo.palette': []})


def test_tta_with_the_mirror_weighted_zero_is_the_plain_prediction(
        photos, tmp_path, tiny_masks_config, save_random_segmentor):
    checkpoint = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    plain = load_segmentor(tiny_masks_config, [checkpoint])
    tta = load_segmentor(
        tiny_masks_config, [checkpoint],
        tta=True,
        cfg_options={'tta_model.view_weights': [1.0, 0.0]})
    mirror = load_segmentor(
        tiny_masks_config, [checkpoint],
        tta=True,
        cfg_options={'tta_model.view_weights': [0.0, 1.0]})
    for a, b, c in zip(
            segment_images(plain, photos, 2, ProblemLog()),
            segment_images(tta, photos, 2, ProblemLog()),
            segment_images(mirror, photos, 2, ProblemLog())):
        np.testing.assert_array_equal(a['labels'], b['labels'])
        assert (a['labels'] != c['labels']).any()  # the mirror differs


def _normalization(model):
    """The mean, std and channel swap a segmentor's inputs go through."""
    pre = model.data_preprocessor
    return (type(pre).__name__,
            pre.mean.flatten().tolist() if hasattr(pre, 'mean') else None,
            getattr(pre, 'channel_conversion', None))


@pytest.mark.parametrize('checkpoints,tta', [(1, False), (1, True),
                                             (2, False)])
def test_the_config_top_level_preprocessor_is_merged(tmp_path,
                                                     tiny_masks_config,
                                                     save_random_segmentor,
                                                     checkpoints, tta):
    # the segmentation configs write data_preprocessor at the top level (as
    # mmpretrain's do); built from cfg.model alone, the segmentor would run
    # without ImageNet mean/std and BGR->RGB (BaseDataPreProcessor, no mean)
    checkpoint = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    model = load_segmentor(tiny_masks_config, [checkpoint] * checkpoints,
                           tta=tta)
    # a TTA model runs its segmentor's test_step (its preprocessor)
    name, mean, bgr_to_rgb = _normalization(model.module if tta else model)
    assert name == 'SegDataPreProcessor'
    assert mean == pytest.approx([123.675, 116.28, 103.53])
    assert bgr_to_rgb is True
