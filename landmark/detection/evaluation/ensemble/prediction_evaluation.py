"""Score saved predictions against a COCO annotation file."""
import contextlib
import io
import logging
from typing import Any, Dict, List, Sequence

import numpy as np
import torch
from mmdet.registry import METRICS
from mmengine.logging import MMLogger
from mmengine.registry import DefaultScope

from landmark.detection.datasets.coco_ground_truth import (
    match_image_ids, read_coco_ground_truth)


def _match_image_ids(records: Sequence[dict], images: Dict[Any, dict],
                     ann_file: str) -> List[Any]:
    by_path = match_image_ids([r.get('img_path') for r in records], images)
    ids = []
    for record, image_id in zip(records, by_path):
        if record.get('img_id') in images:
            ids.append(record['img_id'])
            continue
        if image_id is None:
            raise ValueError(
                f'prediction for image {record.get("img_path")!r} (id '
                f'{record.get("img_id")!r}) matches no image of {ann_file}; '
                'expected predictions of that annotation file\'s images')
        ids.append(image_id)
    return ids


def evaluate_predictions(records: Sequence[dict],
                         ann_file: str,
                         iou_thr: float = 0.5) -> Dict[str, float]:
    """COCO bbox mAP and, when registered, the single-object top-1 metrics.

    Args:
        records (Sequence[dict]): Per-image predictions (numpy or tensors)
            with ``img_id`` and/or ``img_path``, ``ori_shape`` and
            ``pred_instances``.
        ann_file (str): COCO annotations of the same images.
        iou_thr (float): IoU of a right top-1 box. Defaults to 0.5.

    Returns:
        dict[str, float]: ``coco/bbox_mAP``, ``coco/bbox_mAP_50`` ... and
        ``single_object/...`` keys.
    """
    images, classes = read_coco_ground_truth(ann_file)
    ids = _match_image_ids(records, images, ann_file)
    # Build in MMDetection's scope whatever scope the caller left current
    # (a runner of another library sets its own).
    with DefaultScope.overwrite_default_scope('mmdet'):
        with contextlib.redirect_stdout(io.StringIO()):  # pycocotools prints
            metrics = [
                METRICS.build(
                    dict(type='CocoMetric', ann_file=ann_file, metric='bbox'))
            ]
        if METRICS.get('SingleObjectMetric') is not None:
            metrics.append(
                METRICS.build(
                    dict(
                        type='SingleObjectMetric',
                        iou_thr=iou_thr,
                        classwise=False)))
    samples = []
    for record, img_id in zip(records, ids):
        pred = record['pred_instances']
        gt = images[img_id]
        samples.append(
            dict(
                img_id=img_id,
                img_path=record.get('img_path'),
                ori_shape=tuple(record['ori_shape']),
                pred_instances={
                    k: torch.as_tensor(np.asarray(pred[k]))
                    for k in ('bboxes', 'scores', 'labels')
                },
                gt_instances=dict(
                    bboxes=torch.as_tensor(gt['bboxes']),
                    labels=torch.as_tensor(gt['labels']))))
    results: Dict[str, float] = {}
    for metric in metrics:
        metric.dataset_meta = dict(classes=classes)
        # pycocotools prints, the metrics log whole tables: keep the
        # caller's output to the figures it asked for.
        with contextlib.redirect_stdout(io.StringIO()), _quiet_logger():
            metric.process({}, samples)
            results.update(metric.evaluate(len(samples)))
    return results


@contextlib.contextmanager
def _quiet_logger():
    logger = MMLogger.get_current_instance()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
