"""Write and read submission CSV files described by a
:class:`~landmark.detection.evaluation.writers.SubmissionFormat`.

Predictions are the per-image dicts MMDetection's ``DumpDetResults`` saves
(``tools/test.py --out``) with arrays on the CPU::

    dict(img_id=3, img_path='images/landmark_00003.jpg', ori_shape=(H, W),
         pred_instances=dict(bboxes=(N, 4) xyxy pixels, scores=(N,),
                             labels=(N,) 0-based class indices))
"""
import csv
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from landmark.core.arrays import to_numpy
from landmark.core.atomic_io import atomic_open
from landmark.detection.evaluation.writers.box_formats import (format_to_xyxy,
                                                               size_divisor,
                                                               xyxy_to_format)
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat


class SubmissionRowError(ValueError):
    """A row of a submission file is not what its format says.

    Args:
        kind (str): ``'wrong_type'``, ``'missing_value'``,
            ``'unknown_class'`` or ``'empty_box'``.
        message (str): What is wrong and what was expected.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def image_id_sort_key(image_id: str) -> tuple:
    """Natural order: ``img_2`` before ``img_10``, numbers by value."""
    parts = re.split(r'(\d+)', str(image_id))
    return tuple(
        (0, int(p), '') if p.isdigit() else (1, 0, p) for p in parts if p)


def _image_size(prediction: dict) -> Tuple[int, int]:
    """``(width, height)`` from ``ori_shape`` ``(H, W)``."""
    height, width = prediction['ori_shape'][:2]
    return int(width), int(height)


def _label_text(label: int, fmt: SubmissionFormat, class_names: Sequence[str],
                where: str) -> str:
    if fmt.label_as == 'id':
        return str(int(label) + fmt.label_id_offset)
    if not 0 <= label < len(class_names):
        raise ValueError(f'{where}: predicted label {label} is outside the '
                         f'{len(class_names)} known classes {class_names}')
    return class_names[int(label)]


def check_unique_image_ids(img_paths: Iterable[str],
                           fmt: SubmissionFormat) -> None:
    """Refuse images that would share an image id (``a/x.jpg`` and
    ``b/x.jpg`` with ``image_id_from='stem'``), before predicting on them.

    Raises:
        ValueError: Names the two files and the options that tell them
            apart.
    """
    seen: Dict[str, str] = {}
    for path in img_paths:
        image_id = fmt.image_id_of(path, None)
        if image_id in seen:
            raise ValueError(
                f'image id {image_id!r} is given to both {seen[image_id]!r} '
                f'and {path!r}; use --image-id-from file_name, or rename '
                'the files')
        seen[image_id] = path


def submission_rows(predictions: Iterable[dict], fmt: SubmissionFormat,
                    class_names: Sequence[str]) -> List[List[str]]:
    """The data rows of a submission, sorted by image id.

    Boxes are clipped to the image. In single-object mode an image gets the
    row of its best-scored box, or what ``fmt.no_prediction`` says when it
    has none above ``fmt.score_thr``. In multi-object mode the rows of an
    image follow each other by decreasing score.

    Args:
        predictions (Iterable[dict]): Per-image predictions (module doc).
        fmt (SubmissionFormat): The file's options.
        class_names (Sequence[str]): Class name of each model label.

    Returns:
        list[list[str]]: One list of cell texts per row, in column order.

    Raises:
        ValueError: Two images share an image id, or a label is unknown.
    """
    keyed_rows = []
    seen: Dict[str, str] = {}
    digits = fmt.decimals
    for pred in predictions:
        image_id = fmt.image_id_of(pred.get('img_path'), pred.get('img_id'))
        source = pred.get('img_path') or f'image {pred.get("img_id")}'
        if image_id in seen:
            raise ValueError(
                f'image id {image_id!r} is given to both {seen[image_id]!r} '
                f'and {source!r}; use image_id_from=file_name or img_id, or '
                'rename the files')
        seen[image_id] = source
        width, height = _image_size(pred)
        inst = pred['pred_instances']
        bboxes = to_numpy(inst['bboxes']).reshape(-1, 4).astype(np.float64)
        scores = to_numpy(inst['scores']).reshape(-1)
        labels = to_numpy(inst['labels']).reshape(-1)
        keep = np.flatnonzero(scores >= fmt.score_thr)
        keep = keep[np.argsort(-scores[keep], kind='stable')]
        if fmt.single_object:
            keep = keep[:1]
        if not len(keep):
            row = _no_prediction_row(image_id, fmt)
            if row is not None:
                keyed_rows.append((image_id_sort_key(image_id), 0, row))
            continue
        boxes = bboxes[keep]
        boxes[:, 0::2] = boxes[:, 0::2].clip(0, width)
        boxes[:, 1::2] = boxes[:, 1::2].clip(0, height)
        if fmt.normalized:
            boxes = boxes / size_divisor((width, height))
        coords = xyxy_to_format(boxes, fmt.box_format)
        for rank, (i, box) in enumerate(zip(keep, coords)):
            values = dict(
                image_id=image_id,
                label=_label_text(labels[i], fmt, class_names, source),
                score=f'{float(scores[i]):.{max(digits, 4)}f}')
            values.update((name, f'{v:.{digits}f}')
                          for name, v in zip(fmt.box_fields, box))
            keyed_rows.append((image_id_sort_key(image_id), rank,
                               [values[f] for f in fmt.written_fields]))
    keyed_rows.sort(key=lambda item: item[:2])
    return [row for _, _, row in keyed_rows]


def _no_prediction_row(image_id: str,
                       fmt: SubmissionFormat) -> Optional[List[str]]:
    if fmt.no_prediction == 'skip':
        return None
    values = dict(image_id=image_id)
    if fmt.no_prediction == 'default':
        default = fmt.default_prediction
        values['label'] = str(default['label'])
        values['score'] = str(default.get('score', 0.))
        values.update(zip(fmt.box_fields, map(str, default['box'])))
    return [values.get(f, '') for f in fmt.written_fields]


def write_submission_csv(predictions: Iterable[dict], out_file: str,
                         fmt: SubmissionFormat,
                         class_names: Sequence[str]) -> int:
    """Write a submission CSV atomically (temporary file, then rename).

    Args:
        predictions (Iterable[dict]): Per-image predictions (module doc).
        out_file (str): Destination ``.csv``.
        fmt (SubmissionFormat): The file's options.
        class_names (Sequence[str]): Class name of each model label.

    Returns:
        int: The number of data rows written.
    """
    rows = submission_rows(predictions, fmt, class_names)
    with atomic_open(out_file, 'w', newline='', encoding='utf-8') as f:
        writer = csv.writer(f)
        writer.writerow(fmt.header)
        writer.writerows(rows)
    return len(rows)


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
    cells = {f: values.get(fmt.column_of(f), '').strip() for f in names}
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


def read_submission_csv(
    path: str,
    fmt: SubmissionFormat,
    class_names: Optional[Sequence[str]] = None,
    image_sizes: Optional[Dict[str, Tuple[int, int]]] = None
) -> Dict[str, List[dict]]:
    """Read a submission CSV back (the inverse of
    :func:`write_submission_csv`).

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
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != fmt.header:
            raise ValueError(f'{path}: header {reader.fieldnames} differs '
                             f'from the expected {fmt.header}')
        for values in reader:
            image_id = values[fmt.column_of('image_id')]
            try:
                row = parse_submission_row(values, fmt, class_names)
            except SubmissionRowError as err:
                raise ValueError(f'{path}, row {reader.line_num} (image '
                                 f'{image_id!r}): {err}') from None
            rows = predictions.setdefault(image_id, [])
            if row is None:
                continue
            if fmt.normalized and image_sizes is not None:
                row['box'] = row['box'] * size_divisor(image_sizes[image_id])
            rows.append(row)
    return predictions
