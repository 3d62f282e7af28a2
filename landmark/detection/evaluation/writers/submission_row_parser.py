"""Parse one row of a submission CSV back into a box, a class and a
score, as its :class:`SubmissionFormat` describes it."""
import re
from typing import Dict, Optional, Sequence

import numpy as np

from landmark.core.submission import SubmissionRowError
from landmark.detection.evaluation.writers.box_formats import format_to_xyxy
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat


def _parse_number(text: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SubmissionRowError(
            'wrong_type', f'column {column!r} holds {text!r}; expected a '
            'number') from None
    if not np.isfinite(value):
        raise SubmissionRowError(
            'wrong_type',
            f'column {column!r} holds {text!r}; expected a finite number')
    return value


def _parse_label(text: str, fmt: SubmissionFormat,
                 class_names: Optional[Sequence[str]]) -> int:
    """The 0-based class index of a label cell (-1 if classes unknown)."""
    column = fmt.column_of('label')
    if fmt.label_as == 'name':
        if class_names is None:
            return -1
        if text not in class_names:
            raise SubmissionRowError(
                'unknown_class', f'column {column!r} holds {text!r}; '
                f'expected one of {list(class_names)}')
        return list(class_names).index(text)
    if not re.fullmatch(r'[+-]?\d+', text.strip()):
        raise SubmissionRowError(
            'wrong_type',
            f'column {column!r} holds {text!r}; expected an integer class id')
    index = int(text) - fmt.label_id_offset
    if class_names is not None and not 0 <= index < len(class_names):
        first = fmt.label_id_offset
        raise SubmissionRowError(
            'unknown_class', f'column {column!r} holds class id {text}; '
            f'expected {first}..{first + len(class_names) - 1}')
    return index


def parse_submission_row(
        values: Dict[str, str],
        fmt: SubmissionFormat,
        class_names: Optional[Sequence[str]] = None) -> Optional[dict]:
    """Parse the cells of one row (header -> text).

    Returns:
        dict | None: ``label`` (0-based class index, -1 when
        ``class_names`` is None and labels are names), ``label_text``,
        ``score`` (None without a score column) and ``box`` (x1, y1, x2, y2
        in the file's units: pixels, or 0-1 when normalized); None for a
        row left blank (``no_prediction='blank'``).

    Raises:
        SubmissionRowError: A cell is empty, not a number, an unknown
            class, or the box has no area.
    """
    names = [f for f in fmt.written_fields if f != 'image_id']
    # a row shorter than the header has None in its missing cells
    cells = {f: (values.get(fmt.column_of(f)) or '').strip() for f in names}
    empty = [f for f in names if not cells[f]]
    if len(empty) == len(names):
        if fmt.no_prediction == 'blank':
            return None
        raise SubmissionRowError(
            'missing_value', 'the row has only an image id; this format '
            f'(no_prediction={fmt.no_prediction!r}) expects a prediction')
    if empty:
        raise SubmissionRowError(
            'missing_value', 'empty cell(s) in column(s) '
            f'{[fmt.column_of(f) for f in empty]}')
    label = _parse_label(cells['label'], fmt, class_names)
    score = None
    if 'score' in cells:
        score = _parse_number(cells['score'], fmt.column_of('score'))
    coords = [
        _parse_number(cells[f], fmt.column_of(f)) for f in fmt.box_fields
    ]
    box = format_to_xyxy(np.array(coords), fmt.box_format)[0]
    if box[2] <= box[0] or box[3] <= box[1]:
        raise SubmissionRowError(
            'empty_box', f'box {dict(zip(fmt.box_fields, coords))} has no '
            'area; expected positive width and height')
    return dict(label=label, label_text=cells['label'], score=score, box=box)
