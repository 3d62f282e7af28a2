from landmark.classification.evaluation.metrics.classification_report import \
    ClassificationReport
from landmark.classification.evaluation.metrics.hierarchical_accuracy import \
    HierarchicalAccuracy
from landmark.classification.evaluation.metrics.rank_decoding_report import \
    RankDecodingReport

__all__ = [
    'ClassificationReport', 'HierarchicalAccuracy', 'RankDecodingReport'
]
