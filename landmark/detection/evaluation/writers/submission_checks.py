"""Check a submission CSV before uploading it.

Every problem names the row as a spreadsheet shows it (the header is row 1)
and the image id, and says what was expected; checking goes on after a
problem, so one run lists them all.
"""
import csv
import json
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.core import (ImageReadError, ProblemLog, list_image_files,
                           read_image_size)
from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.submission import \
    SUBMISSION_PROBLEM_KINDS as CSV_PROBLEM_KINDS
from landmark.core.submission import (SubmissionReport, SubmissionRowError,
                                      image_id_sort_key)
from landmark.detection.evaluation.writers.box_formats import box_inside_image
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat
from landmark.detection.evaluation.writers.submission_row_parser import \
    parse_submission_row

# the kinds of problem of a box CSV, in the order a summary lists them
SUBMISSION_PROBLEM_KINDS = CSV_PROBLEM_KINDS + (
    'empty_box',  # zero or negative width or height
    'box_outside',  # a box reaching outside its image
)

# boxes written with 2 decimals may round a hair past the border
_PIXEL_TOLERANCE = 0.01
_NORMALIZED_TOLERANCE = 1e-6


def read_sample_submission(
        path: str, fmt: SubmissionFormat) -> Tuple[List[str], List[str]]:
    """The header and the image ids of a sample submission.

    The ids come from the format's image id column, or the first column if
    the sample names it differently.

    Returns:
        tuple[list[str], list[str]]: Header, image ids in file order.
    """
    with reading_csv(path, 'a sample submission CSV'), open_csv(path) as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if not header:
            raise ValueError(f'sample submission {path} is empty; expected '
                             'a header row and one row per image')
        id_col = fmt.column_of('image_id')
        index = header.index(id_col) if id_col in header else 0
        # a row too short to hold an id names no image
        ids = [row[index] for row in reader
               if len(row) > index and row[index].strip()]
    return header, ids


def images_from_coco(ann_file: str,
                     fmt: SubmissionFormat) -> Dict[str, Tuple[int, int]]:
    """``image_id -> (width, height)`` of the images of a COCO file."""
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    try:
        return {
            fmt.image_id_of(img['file_name'], img['id']):
            (int(img['width']), int(img['height']))
            for img in coco['images']
        }
    except KeyError as err:
        raise ValueError(f'{ann_file}: an image entry lacks {err}; expected '
                         'COCO images with id, file_name, width, height')


def images_from_folder(
    folder: str,
    fmt: SubmissionFormat,
    problems: Optional[ProblemLog] = None
) -> Dict[str, Optional[Tuple[int, int]]]:
    """``image_id -> (width, height)`` of the image files in ``folder``
    (headers only, fast for large photos).

    Args:
        folder (str): The images.
        fmt (SubmissionFormat): Gives each file its image id.
        problems (ProblemLog, optional): Receives an ``unreadable_image``
            problem for each file whose header does not read (or above the
            pixel limit); its id maps to ``None`` (still expected, its
            boxes unchecked). Without it, such a file raises.

    Raises:
        ImageReadError: A file does not read and ``problems`` is None.
    """
    if fmt.image_id_from == 'img_id':
        raise ValueError("image_id_from='img_id' needs a COCO file "
                         '(--ann-file) to know the ids; a folder has none')
    sizes: Dict[str, Optional[Tuple[int, int]]] = {}
    for path in list_image_files(folder):
        try:
            size = read_image_size(path)
        except ImageReadError as err:
            if problems is None:
                raise
            problems.add('unreadable_image', path, str(err))
            size = None
        sizes[fmt.image_id_of(path, None)] = size
    return sizes


def check_submission(
        path: str,
        fmt: SubmissionFormat,
        expected_image_ids: Optional[Sequence[str]] = None,
        image_sizes: Optional[Dict[str, Tuple[int, int]]] = None,
        class_names: Optional[Sequence[str]] = None,
        expected_header: Optional[Sequence[str]] = None) -> SubmissionReport:
    """Check a submission CSV against its format.

    Args:
        path (str): The CSV file.
        fmt (SubmissionFormat): The expected options.
        expected_image_ids (Sequence[str], optional): Every image that must
            have a row (exactly one in single-object mode). Defaults to the
            keys of ``image_sizes``; None skips the check.
        image_sizes (dict, optional): ``image_id -> (width, height)`` to
            check boxes lie inside their image (normalized boxes are checked
            against 0-1 without it); a size of ``None`` (an unreadable
            image) leaves the image's pixel boxes unchecked.
        class_names (Sequence[str], optional): The known classes.
        expected_header (Sequence[str], optional): The header of a sample
            submission; defaults to ``fmt.header``.

    Returns:
        SubmissionReport: Rows, images and problems found.
    """
    report = SubmissionReport(path, kinds=SUBMISSION_PROBLEM_KINDS)
    if expected_image_ids is None and image_sizes is not None:
        expected_image_ids = list(image_sizes)
    expected = None if expected_image_ids is None else set(
        map(str, expected_image_ids))
    header = list(expected_header or fmt.header)
    first_row: Dict[str, int] = {}
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not a header
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.DictReader(f)
        try:
            found = reader.fieldnames or []
            if not _check_header(found, header, fmt, report):
                return report
            for values in reader:
                row = reader.line_num
                report.num_rows += 1
                image_id = (values.get(fmt.column_of('image_id'))
                            or '').strip()
                if not image_id:
                    report.add('missing_value', 'the image id cell is empty',
                               row)
                    continue
                _check_row(values, row, image_id, first_row, expected,
                           image_sizes, class_names, fmt, report)
        except (UnicodeDecodeError, csv.Error) as err:
            raise ValueError(
                f'{path}, line {reader.line_num + 1}: not a UTF-8 CSV '
                f'file ({err})') from None
    report.num_images = len(first_row)
    if expected is not None and fmt.no_prediction != 'skip':
        for image_id in sorted(
                expected - set(first_row), key=image_id_sort_key):
            report.add(
                'missing_image', 'no row for this image; expected '
                'one row per image',
                image_id=image_id)
    return report


def _check_header(found: List[str], header: List[str], fmt: SubmissionFormat,
                  report: SubmissionReport) -> bool:
    """Report header problems; False if the rows cannot be read."""
    report.check_header(found, header)
    needed = [fmt.column_of(f) for f in fmt.written_fields]
    return all(c in found for c in needed)


def _check_row(values: Dict[str, str], row: int, image_id: str,
               first_row: Dict[str, int], expected: Optional[set],
               image_sizes: Optional[dict],
               class_names: Optional[Sequence[str]], fmt: SubmissionFormat,
               report: SubmissionReport) -> None:
    if expected is not None and image_id not in expected:
        report.add('unknown_image', 'this image is not in the expected '
                   'image list', row, image_id)
    if image_id in first_row:
        if fmt.single_object:
            report.add(
                'duplicate_image', 'second row for this image (first '
                f'in row {first_row[image_id]}); expected one row per '
                'image', row, image_id)
    else:
        first_row[image_id] = row
    try:
        parsed = parse_submission_row(values, fmt, class_names)
    except SubmissionRowError as err:
        report.add(err.kind, str(err), row, image_id)
        return
    if parsed is None:
        return
    if fmt.normalized:
        size, tolerance, unit = (1., 1.), _NORMALIZED_TOLERANCE, '0..1'
    elif image_sizes is not None and image_sizes.get(image_id) is not None:
        size, tolerance = image_sizes[image_id], _PIXEL_TOLERANCE
        unit = f'the {size[0]}x{size[1]} image'
    else:
        return
    if not box_inside_image(parsed['box'], size, tolerance):
        box = ', '.join(f'{v:g}' for v in parsed['box'])
        report.add('box_outside', f'box x1,y1,x2,y2 = {box} reaches '
                   f'outside {unit}', row, image_id)
