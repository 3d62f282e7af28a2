"""The trivial answer a detector of single objects must beat."""
import json
from collections import Counter
from typing import Dict

import numpy as np

from landmark.detection.evaluation.metrics.single_object_metric import \
    score_top1


def _load_coco(ann_file: str) -> dict:
    try:
        with open(ann_file, encoding='utf-8') as f:
            coco = json.load(f)
    except (OSError, ValueError) as err:
        raise ValueError(
            f'{ann_file}: cannot read a COCO annotation file ({err})') from err
    for key in ('images', 'annotations', 'categories'):
        if key not in coco:
            raise ValueError(f'{ann_file}: no {key!r} list (COCO expected)')
    return coco


def mean_box_baseline(train_ann_file: str,
                      val_ann_file: str,
                      iou_thr: float = 0.5) -> Dict[str, float]:
    """Score "the mean training box with the majority class" on val.

    The mean box is taken in coordinates relative to the image size (images
    differ in size) and scaled to each validation image; the class is the
    most frequent training class. Scored like :class:`SingleObjectMetric`.

    Args:
        train_ann_file (str): COCO file the baseline is fitted on.
        val_ann_file (str): COCO file it is scored on.
        iou_thr (float): IoU for a right localization. Defaults to 0.5.

    Returns:
        dict: ``loc_acc``, ``cls_acc``, ``mean_iou``, ``num_images``,
        ``majority_class`` (its name) and ``mean_box`` (relative x1, y1, x2,
        y2).
    """
    train, val = _load_coco(train_ann_file), _load_coco(val_ann_file)
    sizes = {im['id']: (im['width'], im['height']) for im in train['images']}
    rel_boxes = []
    for ann in train['annotations']:
        w, h = sizes[ann['image_id']]
        x, y, bw, bh = ann['bbox']
        rel_boxes.append([x / w, y / h, (x + bw) / w, (y + bh) / h])
    if not rel_boxes:
        raise ValueError(f'{train_ann_file}: no annotations to fit on')
    mean_box = np.mean(rel_boxes, axis=0)
    majority_id = Counter(a['category_id']
                          for a in train['annotations']).most_common(1)[0][0]
    # class indices follow the sorted category ids, as in LandmarkDataset
    cat_ids = sorted(c['id'] for c in val['categories'])
    names = {c['id']: c['name'] for c in val['categories']}
    label_of = {cat_id: i for i, cat_id in enumerate(cat_ids)}
    judged = []
    for image in val['images']:
        anns = [a for a in val['annotations'] if a['image_id'] == image['id']]
        gt_boxes = np.array([[x, y, x + w, y + h]
                             for x, y, w, h in (a['bbox'] for a in anns)],
                            dtype=np.float64).reshape(-1, 4)
        gt_labels = np.array([label_of[a['category_id']] for a in anns])
        scale = np.array([image['width'], image['height']] * 2)
        judged.append(
            score_top1(mean_box * scale, label_of.get(majority_id, -1),
                       gt_boxes, gt_labels, iou_thr))
    num = max(len(judged), 1)
    return dict(
        loc_acc=sum(j['localized'] for j in judged) / num,
        cls_acc=sum(j['classified'] for j in judged) / num,
        mean_iou=sum(j['iou'] for j in judged) / num,
        num_images=len(judged),
        majority_class=names.get(majority_id, str(majority_id)),
        mean_box=[float(v) for v in mean_box])
