from landmark.classification.evaluation.writers.class_csv_writer import \
    ClassCsvWriter
from landmark.classification.evaluation.writers.class_scores_csv import (
    ClassCsvError, check_class_csv, read_class_csv, write_class_csv)

__all__ = [
    'ClassCsvError', 'ClassCsvWriter', 'check_class_csv', 'read_class_csv',
    'write_class_csv'
]
