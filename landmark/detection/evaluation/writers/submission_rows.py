"""The rows of submission CSV files described by a
:class:`~landmark.detection.evaluation.writers.SubmissionFormat`.

Predictions are the per-image dicts MMDetection's ``DumpDetResults`` saves
(``tools/test.py --out``) with arrays on the CPU::

    dict(img_id=3, img_path='images/landmark_00003.jpg', ori_shape=(H, W),
         pred_instances=dict(bboxes=(N, 4) xyxy pixels, scores=(N,),
                             labels=(N,) 0-based class indices))
"""
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np

from landmark.core.arrays import to_numpy
from landmark.core.submission import (UniqueImageIds, image_id_sort_key,
                                      write_csv_rows)
from landmark.detection.evaluation.writers.box_formats import (size_divisor,
                                                               xyxy_to_format)
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat


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
    unique_ids = UniqueImageIds(
        'use --image-id-from file_name, or rename the files')
    for path in img_paths:
        unique_ids.add(fmt.image_id_of(path, None), path)


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
    unique_ids = UniqueImageIds(
        'use image_id_from=file_name or img_id, or rename the files')
    digits = fmt.decimals
    for pred in predictions:
        image_id = fmt.image_id_of(pred.get('img_path'), pred.get('img_id'))
        source = pred.get('img_path') or f'image {pred.get("img_id")}'
        unique_ids.add(image_id, source)
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
    return write_csv_rows(out_file, fmt.header,
                          submission_rows(predictions, fmt, class_names))
