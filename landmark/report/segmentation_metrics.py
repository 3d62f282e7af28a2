"""Segmentation: mIoU, mDice and the IoU/Dice of each class from the
summed pixel areas of every image (the project's ``iou_and_dice``, as
``IoUDiceMetric`` computes them), and each image judged by its own mean
IoU for the gallery."""
from typing import Dict, Tuple

import numpy as np
from PIL import Image

from landmark.report.ground_truth import MaskPairs
from landmark.report.report_data import (RIGHT, GalleryItem, RunMetrics,
                                         ScoredRun, ThumbnailSpec,
                                         left_out_predictions)
from landmark.segmentation.evaluation.metrics.iou_dice_metric import \
    iou_and_dice

PER_CLASS_COLUMNS = ['IoU (%)', 'Dice (%)']


def read_truth_mask(info: dict,
                    ignore_index: int = 255,
                    reduce_zero_label: bool = False) -> np.ndarray:
    """A ground-truth index mask as mmseg's ``LoadAnnotations`` reads it:
    the data set's ``label_map`` applied, ``reduce_zero_label`` honoured.
    """
    with Image.open(info['seg_map_path']) as img:
        mask = np.array(img)
    if mask.ndim != 2:
        raise ValueError(f'{info["seg_map_path"]}: {mask.ndim} channels; '
                         'expected an index mask')
    mask = mask.astype(np.int64)
    if reduce_zero_label:
        mask = np.where(mask == 0, ignore_index, mask - 1)
        mask[mask == ignore_index - 1] = ignore_index
    label_map = info.get('label_map')
    if label_map:
        mapped = mask.copy()
        for old, new in label_map.items():
            mapped[mask == old] = new
        mask = mapped
    return mask


def pixel_areas(pred: np.ndarray,
                truth: np.ndarray,
                num_classes: int,
                ignore_index: int = 255) -> Tuple[np.ndarray, ...]:
    """Per class: intersection, union, predicted and true pixel counts,
    pixels whose truth is ``ignore_index`` left out (mmseg's
    ``intersect_and_union``)."""
    valid = (truth != ignore_index) & (truth >= 0) & (truth < num_classes)
    pred, truth = pred[valid].astype(np.int64), truth[valid]
    hit = truth[pred == truth]
    intersect = np.bincount(hit, minlength=num_classes)[:num_classes]
    area_pred = np.bincount(
        np.clip(pred, 0, num_classes), minlength=num_classes + 1)[:num_classes]
    area_label = np.bincount(truth, minlength=num_classes)[:num_classes]
    union = area_pred + area_label - intersect
    return intersect, union, area_pred, area_label


def score_segmentation_run(labels: Dict[str, np.ndarray],
                           truth: MaskPairs,
                           name: str,
                           source: str,
                           iou_thr: float = 0.5) -> ScoredRun:
    """Metrics and judged images of one set of predicted label maps
    (``{image id: (H, W) class index}``); an image is right when its mean
    IoU (over the classes in its truth or prediction) is at least
    ``iou_thr``."""
    classes = truth.class_names
    num = len(classes)
    totals = np.zeros((4, num), np.float64)
    items: Dict[str, GalleryItem] = {}
    problems, unknown = [], []
    for image_id, pred in labels.items():
        info = truth.by_id.get(image_id)
        if info is None:
            unknown.append(image_id)
            continue
        try:
            gt = read_truth_mask(info, truth.ignore_index,
                                 truth.reduce_zero_label)
        except (OSError, ValueError) as err:
            problems.append((info['seg_map_path'], str(err)))
            continue
        if gt.shape != pred.shape:
            problems.append(
                (image_id, f'{source}: mask of {pred.shape[1]}x'
                 f'{pred.shape[0]} pixels for an image of {gt.shape[1]}x'
                 f'{gt.shape[0]}; expected the same size'))
            continue
        areas = np.stack(pixel_areas(pred, gt, num, truth.ignore_index))
        totals += areas
        iou, _ = iou_and_dice(*areas.astype(np.float64))
        image_iou = float(np.nanmean(iou)) if np.isfinite(iou).any() else 0.
        kind = RIGHT if image_iou >= iou_thr else 'low IoU'
        present = [classes[c] for c in np.flatnonzero(areas[3])]
        items[image_id] = GalleryItem(
            key=image_id,
            classes=present,
            predicted=f'mIoU {100 * image_iou:.1f}',
            kind=kind,
            error=1.0 - image_iou,
            caption=f'image mIoU {100 * image_iou:.1f}% · '
            f'{", ".join(present)}',
            spec=ThumbnailSpec(
                'mask',
                info['img_path'],
                kind != RIGHT,
                dict(labels=pred, palette=truth.palette),
                photo_size=(pred.shape[1], pred.shape[0])))
    if not items:
        raise ValueError(f'{source}: none of its {len(labels)} masks is of '
                         'an image of the config\'s test set; expected '
                         'masks named by image id (file name without '
                         'extension)')
    problems += left_out_predictions(source, unknown)
    iou, dice = iou_and_dice(*totals)
    summary = {
        'aAcc (%)': 100 * float(totals[0].sum() / max(totals[3].sum(), 1)),
        'mIoU (%)': 100 * float(np.nanmean(iou)),
        'mDice (%)': 100 * float(np.nanmean(dice)),
        'images': float(len(items)),
    }
    per_class = {
        c: {
            'IoU (%)': 100 * float(i),
            'Dice (%)': 100 * float(d)
        }
        for c, i, d in zip(classes, iou, dice)
    }
    return ScoredRun(
        RunMetrics(name, source, summary, per_class, PER_CLASS_COLUMNS), items,
        problems)
