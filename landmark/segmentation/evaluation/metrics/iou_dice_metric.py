"""mIoU, mean Dice and the IoU of each class, as one metric."""
from collections import OrderedDict
from typing import Dict, List

import numpy as np
import torch
from mmengine.logging import print_log
from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS


def iou_and_dice(area_intersect: np.ndarray, area_union: np.ndarray,
                 area_pred: np.ndarray, area_label: np.ndarray) -> tuple:
    """Per-class IoU and Dice from summed pixel areas, by mmseg's
    :meth:`IoUMetric.total_area_to_metrics`.

    ``IoU = I / U`` and ``Dice = 2 I / (P + L)``; a class absent from both
    prediction and ground truth has NaN (left out of the means).

    Returns:
        tuple[np.ndarray, np.ndarray]: IoU and Dice per class, in [0, 1].
    """
    areas = [
        torch.as_tensor(np.asarray(area, dtype=np.float64))
        for area in (area_intersect, area_union, area_pred, area_label)
    ]
    metrics = IoUMetric.total_area_to_metrics(
        *areas, metrics=['mIoU', 'mDice'])
    return metrics['IoU'], metrics['Dice']


@METRICS.register_module()
class IoUDiceMetric(IoUMetric):
    """mmseg's :class:`IoUMetric` reporting mIoU, mDice, aAcc and one
    ``IoU.<class>`` and ``Dice.<class>`` value per class, the per-class
    table printed with Dice beside IoU.

    Values are percentages, as mmseg reports them, rounded to 2 decimals.
    Classes absent from both predictions and ground truth of the whole set
    are left out of the means and reported as NaN.

    Args:
        ignore_index (int): Ground-truth label left out. Defaults to 255.
        **kwargs: Passed to :class:`IoUMetric`.

    Examples:
        >>> val_evaluator = dict(type='IoUDiceMetric')
    """

    def __init__(self, ignore_index: int = 255, **kwargs):
        kwargs.pop('iou_metrics', None)
        super().__init__(
            ignore_index=ignore_index, iou_metrics=['mIoU', 'mDice'], **kwargs)

    def compute_metrics(self, results: List[tuple]) -> Dict[str, float]:
        """The metrics from the summed areas of every image."""
        if self.format_only:
            return OrderedDict()
        intersect, union, pred, label = (
            sum(r[i] for r in results).cpu().numpy().astype(np.float64)
            for i in range(4))
        iou, dice = iou_and_dice(intersect, union, pred, label)
        metrics = OrderedDict(
            aAcc=round(100 * float(intersect.sum() / label.sum()), 2),
            mIoU=round(100 * float(np.nanmean(iou)), 2),
            mDice=round(100 * float(np.nanmean(dice)), 2))
        classes = self.dataset_meta['classes']
        for name, value in zip(classes, iou):
            metrics[f'IoU.{name}'] = round(100 * float(value), 2)
        for name, value in zip(classes, dice):
            metrics[f'Dice.{name}'] = round(100 * float(value), 2)
        print_log(per_class_table(classes, iou, dice), logger='current')
        return metrics


def per_class_table(classes, iou: np.ndarray, dice: np.ndarray) -> str:
    """``class  IoU  Dice`` lines, percentages with 2 decimals.

    Examples:
        >>> print(per_class_table(['cell', 'membrane'],
        ...                       np.array([.8, .5]), np.array([.9, .6])))
        per-class results:
        class        IoU    Dice
        cell       80.00   90.00
        membrane   50.00   60.00
    """
    width = max([len('class')] + [len(str(c)) for c in classes])
    lines = ['per-class results:', f'{"class":<{width}}  {"IoU":>6}  '
             f'{"Dice":>6}']
    lines += [
        f'{str(c):<{width}}  {100 * i:6.2f}  {100 * d:6.2f}'
        for c, i, d in zip(classes, iou, dice)
    ]
    return '\n'.join(lines)
