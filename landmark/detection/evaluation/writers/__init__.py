from landmark.detection.evaluation.writers.atomic_dump_det_results import \
    AtomicDumpDetResults
from landmark.detection.evaluation.writers.box_formats import (BOX_FORMATS,
                                                               format_to_xyxy,
                                                               xyxy_to_format)
from landmark.detection.evaluation.writers.submission_checks import (
    SUBMISSION_PROBLEM_KINDS, check_submission, images_from_coco,
    images_from_folder, read_sample_submission)
from landmark.detection.evaluation.writers.submission_csv_writer import \
    SubmissionCSVWriter
from landmark.detection.evaluation.writers.submission_format import (
    SubmissionFormat, add_submission_format_args, submission_format_from_args)
from landmark.detection.evaluation.writers.submission_reader import \
    read_submission_csv
from landmark.detection.evaluation.writers.submission_row_parser import \
    parse_submission_row
from landmark.detection.evaluation.writers.submission_rows import (
    check_unique_image_ids, submission_rows, write_submission_csv)

__all__ = [
    'AtomicDumpDetResults', 'BOX_FORMATS', 'format_to_xyxy', 'xyxy_to_format',
    'SUBMISSION_PROBLEM_KINDS', 'check_submission', 'images_from_coco',
    'images_from_folder', 'read_sample_submission', 'read_submission_csv',
    'parse_submission_row', 'check_unique_image_ids', 'submission_rows',
    'write_submission_csv', 'SubmissionCSVWriter', 'SubmissionFormat',
    'add_submission_format_args', 'submission_format_from_args'
]
