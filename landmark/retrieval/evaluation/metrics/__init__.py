from landmark.retrieval.evaluation.metrics.retrieval_scores import (
    average_precision_at_k, global_average_precision, map_at_k, recall_at_k)

__all__ = [
    'average_precision_at_k', 'global_average_precision', 'map_at_k',
    'recall_at_k'
]
