from .single_object_metric import SingleObjectMetric, box_iou, score_top1

__all__ = ['SingleObjectMetric', 'box_iou', 'score_top1']
