from landmark.detection.evaluation.metrics.single_object_metric import (
    SingleObjectMetric, score_top1)
from landmark.detection.evaluation.metrics.trivial_baseline import \
    mean_box_baseline

__all__ = ['SingleObjectMetric', 'score_top1', 'mean_box_baseline']
