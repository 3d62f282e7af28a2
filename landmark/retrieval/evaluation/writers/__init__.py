from landmark.retrieval.evaluation.writers.retrieval_csv import (
    RETRIEVAL_HEADER, RETRIEVAL_PROBLEM_KINDS, RetrievalCsvError,
    check_retrieval_csv, read_retrieval_csv, write_retrieval_csv)

__all__ = [
    'RETRIEVAL_HEADER', 'RETRIEVAL_PROBLEM_KINDS', 'RetrievalCsvError',
    'check_retrieval_csv', 'read_retrieval_csv', 'write_retrieval_csv'
]
