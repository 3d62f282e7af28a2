"""Read a submission CSV back: ``image_id -> boxes, classes, scores``."""
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.core.submission import SubmissionRowError, read_csv_rows
from landmark.detection.evaluation.writers.box_formats import size_divisor
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat
from landmark.detection.evaluation.writers.submission_row_parser import \
    parse_submission_row


def read_submission_csv(
    path: str,
    fmt: SubmissionFormat,
    class_names: Optional[Sequence[str]] = None,
    image_sizes: Optional[Dict[str, Tuple[int, int]]] = None
) -> Dict[str, List[dict]]:
    """Read a submission CSV back (the inverse of
    :func:`~landmark.detection.evaluation.writers.write_submission_csv`).

    Args:
        path (str): The CSV file.
        fmt (SubmissionFormat): Its options.
        class_names (Sequence[str], optional): To map labels to indices.
        image_sizes (dict, optional): ``image_id -> (width, height)``; with
            it, normalized boxes are returned in pixels.

    Returns:
        dict: ``image_id -> list of rows`` (see
        :func:`parse_submission_row`), in file order; an image whose row is
        blank maps to ``[]``.

    Raises:
        ValueError: The header or a row does not match ``fmt``; the message
            names the file and the row (line number).
    """
    predictions: Dict[str, List[dict]] = {}
    for line_num, values in read_csv_rows(path, fmt.header):
        image_id = values[fmt.column_of('image_id')] or ''  # a short row
        try:
            row = parse_submission_row(values, fmt, class_names)
        except SubmissionRowError as err:
            raise ValueError(f'{path}, row {line_num} (image '
                             f'{image_id!r}): {err}') from None
        rows = predictions.setdefault(image_id, [])
        if row is None:
            continue
        if fmt.normalized and image_sizes is not None:
            if image_sizes.get(image_id) is None:
                raise ValueError(f'{path}, row {line_num}: image '
                                 f'{image_id!r} has no known size; expected '
                                 'one of the images given to scale its '
                                 'normalized box')
            row['box'] = row['box'] * size_divisor(image_sizes[image_id])
        rows.append(row)
    return predictions
