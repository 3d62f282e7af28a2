"""What every task's submission CSV shares: natural image-id order and
unique ids, the row error, the problem report of a checker, and atomic
writing / header-checked reading of the rows."""
from landmark.core.submission.csv_rows import read_csv_rows, write_csv_rows
from landmark.core.submission.image_ids import (UniqueImageIds,
                                                image_id_sort_key)
from landmark.core.submission.problem_report import (SUBMISSION_PROBLEM_KINDS,
                                                     SubmissionProblem,
                                                     SubmissionReport)
from landmark.core.submission.row_error import SubmissionRowError

__all__ = [
    'read_csv_rows', 'write_csv_rows', 'UniqueImageIds', 'image_id_sort_key',
    'SUBMISSION_PROBLEM_KINDS', 'SubmissionProblem', 'SubmissionReport',
    'SubmissionRowError'
]
