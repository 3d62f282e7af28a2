"""Detection: COCO bbox mAP and the single-object top-1 metrics of a
prediction file (the project's ``evaluate_predictions`` and
``score_top1``), per class, and each image judged for the gallery."""
import os.path as osp
from typing import Dict, List

import numpy as np

from landmark.detection.evaluation import evaluate_predictions
from landmark.detection.evaluation.metrics import score_top1
from landmark.report.ground_truth import DetectionTruth
from landmark.report.report_data import (RIGHT, GalleryItem, RunMetrics,
                                         ScoredRun, ThumbnailSpec,
                                         left_out_predictions)

# boxes drawn besides the top-1: the next ones scored at least this much
DRAW_SCORE_THR = 0.3
MAX_DRAWN_BOXES = 5

SUMMARY_KEYS = (
    ('COCO bbox mAP', 'coco/bbox_mAP'),
    ('COCO bbox mAP@0.5', 'coco/bbox_mAP_50'),
    ('COCO bbox mAP@0.75', 'coco/bbox_mAP_75'),
    ('top-1 localization accuracy', 'single_object/loc_acc'),
    ('top-1 classification accuracy', 'single_object/cls_acc'),
    ('mean IoU of the top-1 box', 'single_object/mean_iou'),
    ('images', 'single_object/num_images'),
    ('images without a prediction', 'single_object/num_no_prediction'),
)
PER_CLASS_COLUMNS = ['images', 'loc_acc', 'cls_acc', 'mean_iou']


def top1_verdict(judged: dict, has_prediction: bool) -> str:
    """``'right'``, ``'no prediction'``, ``'wrong class'`` or ``'poor
    box'`` (right class, IoU below the threshold) of a
    :func:`score_top1` judgement."""
    if not has_prediction:
        return 'no prediction'
    if not judged['classified']:
        return 'wrong class'
    return RIGHT if judged['localized'] else 'poor box'


def top1_error(judged: dict, score: float) -> float:
    """How wrong a top-1 answer is: a wrong answer counts 1 plus its
    score (a confident mistake first), every answer adds ``1 - IoU``."""
    return (0.0 if judged['localized'] else 1.0 + score) + 1.0 - judged['iou']


def _image_ids(records: List[dict], truth: DetectionTruth) -> List:
    from landmark.detection.datasets import match_image_ids
    by_path = match_image_ids([r.get('img_path') for r in records],
                              truth.images)
    return [
        r['img_id'] if r.get('img_id') in truth.images else by_path[i]
        for i, r in enumerate(records)
    ]


def score_detection_run(records: List[dict],
                        truth: DetectionTruth,
                        name: str,
                        source: str,
                        iou_thr: float = 0.5) -> ScoredRun:
    """Metrics and judged images of one detection prediction file.

    Predictions of images the COCO file does not list are named in the
    problems and left out.
    """
    ids = _image_ids(records, truth)
    problems = left_out_predictions(source, [
        r.get('img_path') or str(r.get('img_id'))
        for r, i in zip(records, ids) if i is None
    ], truth.ann_file)
    kept = [(r, i) for r, i in zip(records, ids) if i is not None]
    if not kept:
        raise ValueError(f'{source}: none of its {len(records)} predictions '
                         f'is of an image of {truth.ann_file}; expected '
                         'predictions of the config\'s test set')
    values = evaluate_predictions([dict(r, img_id=i) for r, i in kept],
                                  truth.ann_file, iou_thr)
    items: Dict[str, GalleryItem] = {}
    by_class: Dict[int, List[dict]] = {}
    for record, img_id in kept:
        gt = truth.images[img_id]
        item, judged = _judge_image(record, gt, truth, iou_thr)
        items[item.key] = item
        for label in set(int(v) for v in gt['labels']):
            by_class.setdefault(label, []).append(judged)
    per_class = {}
    for label in sorted(by_class):
        judged = by_class[label]
        per_class[truth.class_names[label]] = dict(
            images=len(judged),
            loc_acc=float(np.mean([j['localized'] for j in judged])),
            cls_acc=float(np.mean([j['classified'] for j in judged])),
            mean_iou=float(np.mean([j['iou'] for j in judged])))
    summary = {
        label: float(values[key])
        for label, key in SUMMARY_KEYS if key in values
    }
    return ScoredRun(
        RunMetrics(name, source, summary, per_class, PER_CLASS_COLUMNS), items,
        problems)


def _judge_image(record: dict, gt: dict, truth: DetectionTruth,
                 iou_thr: float):
    pred = record['pred_instances']
    scores = np.asarray(pred['scores'], np.float64).reshape(-1)
    bboxes = np.asarray(pred['bboxes'], np.float64).reshape(-1, 4)
    labels = np.asarray(pred['labels'], np.int64).reshape(-1)
    order = np.argsort(-scores, kind='stable')
    has_prediction = bool(len(order))
    best = order[0] if has_prediction else None
    judged = score_top1(None if best is None else bboxes[best],
                        None if best is None else int(labels[best]),
                        gt['bboxes'], gt['labels'], iou_thr)
    score = float(scores[best]) if has_prediction else 0.0
    kind = top1_verdict(judged, has_prediction)
    names = truth.class_names
    gt_names = sorted({names[int(v)] for v in gt['labels']})
    predicted = (f'{_name(names, labels[best])} {score:.2f}'
                 if has_prediction else 'nothing')
    drawn = [
        i for i in order[:MAX_DRAWN_BOXES]
        if i == best or scores[i] >= DRAW_SCORE_THR
    ]
    path = record.get('img_path') or ''
    if not osp.isfile(path):
        path = osp.join(truth.image_dir, gt['file_name'])
    spec = ThumbnailSpec(
        'boxes',
        path,
        kind != RIGHT,
        dict(
            bboxes=bboxes[drawn],
            scores=scores[drawn],
            labels=labels[drawn],
            gt_bboxes=gt['bboxes'],
            gt_labels=gt['labels'],
            class_names=list(names)),
        photo_size=(int(record['ori_shape'][1]), int(record['ori_shape'][0])))
    item = GalleryItem(
        key=str(gt['file_name']).replace('\\', '/'),
        classes=gt_names,
        predicted=predicted,
        kind=kind,
        error=top1_error(judged, score),
        caption=f'IoU {judged["iou"]:.2f} · GT {", ".join(gt_names)} · '
        f'{predicted}',
        spec=spec)
    return item, judged


def _name(class_names, label) -> str:
    label = int(label)
    return class_names[label] if 0 <= label < len(class_names) \
        else f'class {label}'
