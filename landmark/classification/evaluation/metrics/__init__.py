from landmark.classification.evaluation.metrics.classification_report import \
    ClassificationReport
from landmark.classification.evaluation.metrics.hierarchical_accuracy import \
    HierarchicalAccuracy

__all__ = ['ClassificationReport', 'HierarchicalAccuracy']
