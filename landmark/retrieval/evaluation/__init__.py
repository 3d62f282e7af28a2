from landmark.retrieval.evaluation.metrics import (average_precision_at_k,
                                                   global_average_precision,
                                                   map_at_k, recall_at_k)
from landmark.retrieval.evaluation.writers import (RETRIEVAL_HEADER,
                                                   RetrievalCsvError,
                                                   check_retrieval_csv,
                                                   read_retrieval_csv,
                                                   write_retrieval_csv)

__all__ = [
    'average_precision_at_k', 'global_average_precision', 'map_at_k',
    'recall_at_k', 'RETRIEVAL_HEADER', 'RetrievalCsvError',
    'check_retrieval_csv', 'read_retrieval_csv', 'write_retrieval_csv'
]
