from landmark.detection.evaluation.writers.box_formats import (BOX_FORMATS,
                                                               format_to_xyxy,
                                                               xyxy_to_format)
from landmark.detection.evaluation.writers.submission_checks import (
    SUBMISSION_PROBLEM_KINDS, SubmissionProblem, SubmissionReport,
    check_submission, images_from_coco, images_from_folder,
    read_sample_submission)
from landmark.detection.evaluation.writers.submission_csv import (
    SubmissionRowError, check_unique_image_ids, parse_submission_row,
    read_submission_csv, submission_rows, write_submission_csv)
from landmark.detection.evaluation.writers.submission_csv_writer import \
    SubmissionCSVWriter
from landmark.detection.evaluation.writers.submission_format import (
    SubmissionFormat, add_submission_format_args, submission_format_from_args)

__all__ = [
    'BOX_FORMATS', 'format_to_xyxy', 'xyxy_to_format',
    'SUBMISSION_PROBLEM_KINDS', 'SubmissionProblem', 'SubmissionReport',
    'check_submission', 'images_from_coco', 'images_from_folder',
    'read_sample_submission', 'SubmissionRowError', 'check_unique_image_ids',
    'parse_submission_row', 'read_submission_csv', 'submission_rows',
    'write_submission_csv', 'SubmissionCSVWriter', 'SubmissionFormat',
    'add_submission_format_args', 'submission_format_from_args'
]
