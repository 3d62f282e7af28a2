from landmark.retrieval.evaluation.writers.retrieval_csv import (
    RECOGNITION_HEADER, RETRIEVAL_HEADER, RETRIEVAL_PROBLEM_KINDS,
    RetrievalCsvError, check_retrieval_csv, read_retrieval_csv,
    write_recognition_csv, write_retrieval_csv)

__all__ = [
    'RECOGNITION_HEADER', 'RETRIEVAL_HEADER', 'RETRIEVAL_PROBLEM_KINDS',
    'RetrievalCsvError', 'check_retrieval_csv', 'read_retrieval_csv',
    'write_recognition_csv', 'write_retrieval_csv'
]
