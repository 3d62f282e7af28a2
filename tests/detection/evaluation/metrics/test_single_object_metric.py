import json

import pytest
import torch

from landmark.detection.evaluation.metrics import SingleObjectMetric

GT = [0., 0., 10., 10.]  # a 10x10 box: area 100


def sample(gt_label, pred_boxes, pred_labels, pred_scores, gt_box=GT):
    return dict(
        img_id=len(pred_boxes),
        gt_instances=dict(
            bboxes=torch.tensor([gt_box]), labels=torch.tensor([gt_label])),
        pred_instances=dict(
            bboxes=torch.tensor(pred_boxes,
                                dtype=torch.float32).reshape(-1, 4),
            labels=torch.tensor(pred_labels, dtype=torch.long),
            scores=torch.tensor(pred_scores, dtype=torch.float32)))


def evaluate(samples, **kwargs):
    metric = SingleObjectMetric(**kwargs)
    metric.dataset_meta = dict(classes=('tower', 'dome', 'arch'))
    metric.process({}, samples)
    return metric.evaluate(len(samples))


def test_hand_made_predictions():
    samples = [
        # A: top-1 exact and right (a worse, wrong box below it is ignored)
        sample(0, [GT, [50, 50, 60, 60]], [0, 1], [0.9, 0.2]),
        # B: exact box, wrong class: IoU 1, not classified, not localized
        sample(1, [GT], [2], [0.8]),
        # C: IoU just below 0.5: 10 x 4.9 inside 10 x 10 -> 49 / 100 = 0.49
        sample(0, [[0, 0, 10, 4.9]], [0], [0.7]),
        # D: IoU just above 0.5: 10 x 5.1 -> 51 / 100 = 0.51
        sample(0, [[0, 0, 10, 5.1]], [0], [0.7]),
        # E: no prediction at all: wrong, IoU 0
        sample(0, [], [], []),
    ]
    results = evaluate(samples)
    # localized: A, D -> 2 / 5; class right: A, C, D -> 3 / 5
    assert results['single_object/loc_acc'] == pytest.approx(0.4)
    assert results['single_object/cls_acc'] == pytest.approx(0.6)
    # IoUs 1, 1, 0.49, 0.51, 0 -> 3.0 / 5
    assert results['single_object/mean_iou'] == pytest.approx(0.6)
    assert results['single_object/num_images'] == 5
    assert results['single_object/num_no_prediction'] == 1
    # tower: A, C, D, E -> 2 / 4 localized; dome: B -> 0
    assert results['single_object/loc_acc_tower'] == pytest.approx(0.5)
    assert results['single_object/loc_acc_dome'] == 0.0
    assert 'single_object/loc_acc_arch' not in results  # no arch image


def test_top1_is_the_highest_score_not_the_first_box():
    # the right box comes second but scores higher: it is the top-1
    results = evaluate([sample(0, [[50, 50, 60, 60], GT], [0, 0], [0.1, 0.9])])
    assert results['single_object/loc_acc'] == 1.0


def test_iou_thr_is_configurable():
    # IoU 0.51 passes at 0.5 but not at 0.75
    samples = [sample(0, [[0, 0, 10, 5.1]], [0], [0.9])]
    assert evaluate(samples)['single_object/loc_acc'] == 1.0
    assert evaluate(samples, iou_thr=0.75)['single_object/loc_acc'] == 0.0


def test_ground_truth_from_the_annotation_file(tmp_path):
    # the file wins over the data samples' boxes; categories map to class
    # indices by name: 'dome' (id 7) is class 1 of ('tower', 'dome', 'arch')
    coco = dict(
        images=[
            dict(id=1, file_name='a.jpg', width=20, height=20),
            dict(id=2, file_name='b.jpg', width=20, height=20)
        ],
        annotations=[
            dict(id=1, image_id=1, category_id=7, bbox=[0, 0, 10, 10]),
            # image 2: two landmarks; a top-1 matching either one counts
            dict(id=2, image_id=2, category_id=3, bbox=[0, 0, 4, 4]),
            dict(id=3, image_id=2, category_id=7, bbox=[10, 10, 10, 10]),
        ],
        categories=[dict(id=3, name='tower'),
                    dict(id=7, name='dome')])
    ann_file = tmp_path / 'val.json'
    ann_file.write_text(json.dumps(coco))
    samples = [
        dict(sample(2, [GT], [1], [0.9], gt_box=[50, 50, 60, 60]), img_id=1),
        dict(sample(0, [[10, 10, 20, 20]], [1], [0.9]), img_id=2),
    ]
    results = evaluate(samples, ann_file=str(ann_file))
    assert results['single_object/loc_acc'] == 1.0
    assert results['single_object/mean_iou'] == pytest.approx(1.0)


def test_unreadable_annotation_file_is_named(tmp_path):
    with pytest.raises(ValueError, match='nope.json'):
        SingleObjectMetric(ann_file=str(tmp_path / 'nope.json'))


def test_missing_ground_truth_names_the_image():
    metric = SingleObjectMetric()
    bad = dict(
        img_path='images/x.jpg',
        pred_instances=dict(
            bboxes=torch.zeros(0, 4),
            labels=torch.zeros(0),
            scores=torch.zeros(0)))
    with pytest.raises(KeyError, match='x.jpg.*LoadAnnotations'):
        metric.process({}, [bad])


def test_bad_iou_thr():
    with pytest.raises(ValueError, match='iou_thr'):
        SingleObjectMetric(iou_thr=0)
