from landmark.retrieval.evaluation.metrics import RetrievalMAPMetric
from landmark.retrieval.evaluation.metrics.retrieval_scores import (
    average_precision_at_k, global_average_precision, map_at_k,
    mean_average_precision, recall_at_k, recall_of_relevance)
from landmark.retrieval.evaluation.writers import (RECOGNITION_HEADER,
                                                   RETRIEVAL_HEADER,
                                                   RetrievalCsvError)
from landmark.retrieval.evaluation.writers.retrieval_csv import (
    check_retrieval_csv, read_retrieval_csv, write_recognition_csv,
    write_retrieval_csv)

__all__ = [
    'RetrievalMAPMetric', 'average_precision_at_k', 'global_average_precision',
    'map_at_k', 'mean_average_precision', 'recall_at_k', 'recall_of_relevance',
    'RECOGNITION_HEADER', 'RETRIEVAL_HEADER', 'RetrievalCsvError',
    'check_retrieval_csv', 'read_retrieval_csv', 'write_recognition_csv',
    'write_retrieval_csv'
]
