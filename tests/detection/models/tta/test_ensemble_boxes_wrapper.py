"""Box fusion: every expected number below is worked out by hand."""
import math

import numpy as np
import pytest
from mmdet.registry import TASK_UTILS

from landmark.detection.models.tta import (BoxFuser, fuse_boxes,
                                           keep_single_object,
                                           vote_single_object_label)

SHAPE = (100, 100)  # (height, width)
# Two overlapping boxes: the overlap is [14, 24, 50, 60] = 36 * 36 = 1296,
# each box is 40 * 40 = 1600, union 1904, IoU 0.6807 (> 0.55, one object).
BOX_A = [10., 20., 50., 60.]
BOX_B = [14., 24., 54., 64.]


def one(box, score, label=0):
    return np.array([box]), np.array([score]), np.array([label])


def fuse(views, shapes=(SHAPE, SHAPE), **kwargs):
    boxes, scores, labels = zip(*views)
    return fuse_boxes(boxes, scores, labels, shapes, **kwargs)


def test_wbf_is_the_score_weighted_mean_worked_out_by_hand():
    # Coordinate weights are score * view weight: 0.9 * 2 = 1.8, 0.6 * 1 =
    # 0.6; x1 = (1.8 * 10 + 0.6 * 14) / 2.4 = 11, likewise 21, 51, 61.
    # Score ('avg'): (1.8 + 0.6) / 2 * min(2 views, 2 boxes) / (2 + 1) = 0.8.
    boxes, scores, labels = fuse(
        [one(BOX_A, .9), one(BOX_B, .6)], method='wbf', weights=[2, 1])
    np.testing.assert_allclose(boxes, [[11., 21., 51., 61.]], atol=1e-4)
    np.testing.assert_allclose(scores, [0.8], atol=1e-6)
    assert labels.tolist() == [0]


def test_box_and_its_flipped_twin_fuse_back_to_the_box():
    import torch

    from landmark.detection.models.tta import unflip_boxes

    # Width 200: the flip of x in [20, 80] is [200 - 80, 200 - 20].
    shape = (100, 200)
    flipped = unflip_boxes(
        torch.tensor([[120., 10., 180., 60.]]),
        dict(flip=True, flip_direction='horizontal', ori_shape=shape))
    assert flipped.tolist() == [[20., 10., 80., 60.]]
    for method in ('wbf', 'nmw', 'soft_nms', 'nms'):
        boxes, scores, _ = fuse(
            [one([20., 10., 80., 60.], .8),
             one(flipped.numpy()[0], .8)], (shape, shape),
            method=method,
            weights=[1, 1])
        np.testing.assert_allclose(
            boxes[:1], [[20., 10., 80., 60.]], atol=1e-3, err_msg=method)


def test_nms_keeps_the_best_box_with_its_weight_share():
    # ensemble-boxes scales scores by weight / sum(weights): 0.9 * 2 / 3 =
    # 0.6 for A, 0.6 / 3 = 0.2 for B, which overlaps A and is suppressed;
    # C overlaps nothing and stays with 0.3 / 3 = 0.1.
    box_c = [70., 70., 90., 90.]
    view_2 = (np.array([BOX_B, box_c]), np.array([.6, .3]), np.array([0, 0]))
    boxes, scores, _ = fuse([one(BOX_A, .9), view_2],
                            method='nms',
                            weights=[2, 1],
                            iou_thr=0.5)
    np.testing.assert_allclose(boxes, [BOX_A, box_c], atol=1e-4)
    np.testing.assert_allclose(scores, [0.6, 0.1], atol=1e-6)


def test_soft_nms_drops_boxes_whose_gaussian_decayed_score_is_too_low():
    # Gaussian soft-NMS decays B's weighted score 0.6 / 3 = 0.2 to
    # 0.2 * exp(-IoU^2 / sigma) = 0.0792 (IoU = 1296 / 1904, sigma 0.5).
    # ensemble-boxes uses the decayed score only to drop boxes below
    # soft_nms_thr and returns the kept boxes with their weighted scores.
    iou = 1296 / 1904
    decayed = 0.2 * math.exp(-iou**2 / 0.5)
    assert 0.079 < decayed < 0.08
    views = [one(BOX_A, .9), one(BOX_B, .6)]
    boxes, scores, _ = fuse(
        views, method='soft_nms', weights=[2, 1], sigma=0.5, soft_nms_thr=0.07)
    np.testing.assert_allclose(boxes, [BOX_A, BOX_B], atol=1e-4)
    np.testing.assert_allclose(scores, [0.6, 0.2], rtol=1e-6)
    boxes, scores, _ = fuse(
        views, method='soft_nms', weights=[2, 1], sigma=0.5, soft_nms_thr=0.09)
    np.testing.assert_allclose(boxes, [BOX_A], atol=1e-4)


def test_an_empty_view_keeps_its_weight_share():
    # View 2 found nothing: A alone, score 1.8 * min(2, 1) / 3 = 0.6.
    empty = (np.zeros((0, 4)), np.zeros(0), np.zeros(0))
    boxes, scores, _ = fuse([one(BOX_A, .9), empty], weights=[2, 1])
    np.testing.assert_allclose(boxes, [BOX_A], atol=1e-4)
    np.testing.assert_allclose(scores, [0.6], atol=1e-6)
    for method in ('wbf', 'nmw', 'soft_nms', 'nms'):
        boxes, scores, labels = fuse([empty, empty], method=method)
        assert boxes.shape == (0, 4) and len(scores) == len(labels) == 0


def test_views_of_different_image_sizes_are_normalised_each_by_its_own():
    # The same box in a 200x100 image and in its 100x50 half-size copy.
    big, small = (100, 200), (50, 100)
    views = [one([20., 10., 80., 60.], .9), one([10., 5., 40., 30.], .9)]
    boxes, _, _ = fuse(views, (big, small))
    np.testing.assert_allclose(boxes, [[20., 10., 80., 60.]], atol=1e-3)
    boxes, _, _ = fuse(views, (big, small), out_shape=small)
    np.testing.assert_allclose(boxes, [[10., 5., 40., 30.]], atol=1e-3)


def test_single_object_class_follows_the_summed_weighted_score():
    # View 1 (weight 2) says tower (0) 0.6, view 2 (weight 1) says dome (1)
    # 0.9: tower 2 * 0.6 = 1.2 beats dome 0.9; with weights 1, 1 dome wins.
    scores = [np.array([.6]), np.array([.9])]
    labels = [np.array([0]), np.array([1])]
    assert vote_single_object_label(scores, labels, [2, 1]) == 0
    assert vote_single_object_label(scores, labels, [1, 1]) == 1


def test_single_object_keeps_the_voted_class_not_the_top_fused_box():
    # Both views see a tower (0.5 each), view 2 also a dome 0.7. With
    # conf_type 'max' the dome is the top fused box (0.7 > 0.5), but the
    # vote is tower 0.5 + 0.5 = 1.0 against dome 0.7, so the tower stays:
    # the equal-score mean of A and B, [12, 22, 52, 62], score 0.5.
    views = [
        one(BOX_A, .5),
        (np.array([BOX_B, BOX_A]), np.array([.5, .7]), np.array([0, 1]))
    ]
    boxes, scores, labels = (list(x) for x in zip(*views))
    plain = BoxFuser(conf_type='max')(boxes, scores, labels, [SHAPE] * 2)
    assert plain[2].tolist() == [1, 0]
    fuser = TASK_UTILS.build(
        dict(type='BoxFuser', conf_type='max', single_object=True))
    fused_boxes, fused_scores, fused_labels = fuser(boxes, scores, labels,
                                                    [SHAPE] * 2)
    np.testing.assert_allclose(fused_boxes, [[12., 22., 52., 62.]], atol=1e-4)
    np.testing.assert_allclose(fused_scores, [0.5], atol=1e-6)
    assert fused_labels.tolist() == [0]


def test_keep_single_object_falls_back_to_the_best_box():
    fused = (np.array([BOX_A, BOX_B]), np.array([.9, .5]), np.array([1, 0]))
    assert keep_single_object(fused, 0)[2].tolist() == [0]
    assert keep_single_object(fused, 7)[2].tolist() == [1]
    assert keep_single_object(fused, None)[1].tolist() == [.9]


@pytest.mark.parametrize('kwargs, message', [
    (dict(method='mean'), "unknown fusion method 'mean'"),
    (dict(weights=[1, 2, 3]), '3 weights for 2 views'),
    (dict(conf_type='median'), "unknown conf_type 'median'"),
])
def test_bad_settings_name_what_was_expected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        fuse([one(BOX_A, .9), one(BOX_B, .6)], **kwargs)


def test_mismatched_view_arrays_are_refused_before_ensemble_boxes_exits():
    with pytest.raises(ValueError, match='view 1: 1 boxes, 2 scores'):
        fuse([
            one(BOX_A, .9),
            (np.array([BOX_B]), np.array([.6, .5]), np.array([0]))
        ])


def test_box_fuser_caps_the_number_of_boxes():
    boxes = np.array([[i * 10., 0., i * 10. + 5., 5.] for i in range(5)])
    fuser = BoxFuser(max_per_img=3)
    fused = fuser([boxes], [np.linspace(.9, .5, 5)], [np.zeros(5)], [SHAPE])
    assert len(fused[0]) == 3
    np.testing.assert_allclose(fused[1], [.9, .8, .7])
