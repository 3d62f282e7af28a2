import importlib.util
import os.path as osp

import numpy as np
import pytest

from landmark.core import load_prediction_pickle
from landmark.detection.evaluation.ensemble import (evaluate_predictions,
                                                    fuse_prediction_sets,
                                                    search_fusion)
from landmark.detection.models.tta import BoxFuser

_spec = importlib.util.spec_from_file_location(
    'handmade_predictions',
    osp.join(osp.dirname(__file__), 'handmade_predictions.py'))
handmade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(handmade)


@pytest.fixture(scope='module')
def members(tmp_path_factory):
    paths = handmade.write_handmade_files(str(tmp_path_factory.mktemp('e')))
    return paths, [load_prediction_pickle(paths[k]) for k in ('a', 'b')]


def test_wbf_of_two_members_worked_out_by_hand(members):
    # a.jpg: weights 2, 1: x1 = (2 * .9 * 10 + .6 * 14) / (1.8 + .6) = 11,
    # box [11, 21, 51, 61], score (1.8 + .6) / 3 = 0.8. b.jpg: the vote is
    # tower 2 * .8 = 1.6 against dome .7: member A's tower box.
    _, sets = members
    fused, problems = fuse_prediction_sets(
        sets, BoxFuser(single_object=True), weights=[2, 1])
    assert problems == []
    assert [r['img_path'] for r in fused] == ['images/a.jpg', 'images/b.jpg']
    np.testing.assert_allclose(
        fused[0]['pred_instances']['bboxes'], [[11., 21., 51., 61.]],
        atol=1e-3)
    np.testing.assert_allclose(
        fused[0]['pred_instances']['scores'], [0.8], atol=1e-6)
    assert fused[1]['pred_instances']['labels'].tolist() == [0]
    np.testing.assert_allclose(
        fused[1]['pred_instances']['bboxes'], [[100., 10., 180., 90.]],
        atol=1e-3)


def test_an_image_a_member_lacks_is_reported_and_still_fused(members):
    _, (a, b) = members
    fused, problems = fuse_prediction_sets([a, b[:1]],
                                           BoxFuser(), [1, 1],
                                           names=['a.pkl', 'b.pkl'])
    assert len(fused) == 2
    assert problems == [
        'images/b.jpg: no prediction in b.pkl; fused as if '
        'those found nothing'
    ]
    # Only A saw b.jpg: its score 0.8 counts for half the weight.
    np.testing.assert_allclose(
        fused[1]['pred_instances']['scores'], [0.4], atol=1e-6)


def test_members_and_ensemble_scored_against_the_annotations(members):
    # Top-1 right = right class and IoU >= 0.5. A: a.jpg right, b.jpg wrong
    # class: 0.5. B: both right: 1.0. Ensemble 2:1 follows A on b.jpg: 0.5,
    # LOWER than member B; 1:2 follows B: 1.0.
    paths, (a, b) = members
    ann = paths['ann_file']
    assert evaluate_predictions(a, ann)['single_object/loc_acc'] == 0.5
    assert evaluate_predictions(b, ann)['single_object/loc_acc'] == 1.0
    fuser = BoxFuser(single_object=True)
    for weights, expected in (([2, 1], 0.5), ([1, 2], 1.0)):
        fused, _ = fuse_prediction_sets([a, b], fuser, weights)
        metrics = evaluate_predictions(fused, ann)
        assert metrics['single_object/loc_acc'] == expected, weights
    assert evaluate_predictions(b, ann)['coco/bbox_mAP_50'] == 1.0


def test_search_ranks_the_settings_by_the_metric(members):
    paths, sets = members
    rows = search_fusion(
        sets,
        paths['ann_file'],
        methods=('wbf', 'nms'),
        iou_thrs=(0.55, ),
        skip_box_thrs=(0.0, ),
        metric_key='single_object/loc_acc')
    # 2 methods x 3 weight sets (1:1, 2:1, 1:2); only 1:2 trusts B on b.jpg.
    assert len(rows) == 6
    assert [r['score'] for r in rows] == [1.0, 1.0, .5, .5, .5, .5]
    assert {tuple(r['weights']) for r in rows[:2]} == {(1.0, 2.0)}


def test_unknown_image_is_refused_with_its_name(members):
    paths, (a, _) = members
    stray = dict(a[0], img_id=99, img_path='images/zzz.jpg')
    with pytest.raises(ValueError, match="'images/zzz.jpg'.*matches no image"):
        evaluate_predictions([stray], paths['ann_file'])
