from landmark.retrieval.evaluation.metrics.retrieval_map_metric import \
    RetrievalMAPMetric
from landmark.retrieval.evaluation.metrics.retrieval_scores import (
    average_precision_at_k, global_average_precision, map_at_k,
    mean_average_precision, recall_at_k, recall_of_relevance)

__all__ = [
    'RetrievalMAPMetric', 'average_precision_at_k', 'global_average_precision',
    'map_at_k', 'mean_average_precision', 'recall_at_k', 'recall_of_relevance'
]
