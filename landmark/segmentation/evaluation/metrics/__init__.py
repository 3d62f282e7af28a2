from landmark.segmentation.evaluation.metrics.iou_dice_metric import (
    IoUDiceMetric, iou_and_dice)

__all__ = ['IoUDiceMetric', 'iou_and_dice']
