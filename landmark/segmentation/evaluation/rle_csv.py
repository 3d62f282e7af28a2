"""The run-length CSV: one row per image and class, its reader and checker.

Columns: ``image_id,class_name,height,width,rle``. ``rle`` is
:func:`~landmark.segmentation.evaluation.run_length.encode_rle` of that
class's pixels, in the order and start index the writer was given (the
reader and checker must be told the same).
"""
import csv
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from landmark.core import image_files
from landmark.core.csv_files import CsvFileError, reading_csv
from landmark.core.submission import image_id_sort_key, write_csv_rows
from landmark.segmentation.evaluation.run_length import (RunLengthError,
                                                         decode_rle,
                                                         encode_rle)

RLE_CSV_COLUMNS = ('image_id', 'class_name', 'height', 'width', 'rle')


def rle_rows(image_id: str,
             labels: np.ndarray,
             classes: Sequence[str],
             class_ids: Optional[Sequence[int]] = None,
             order: str = 'row-major',
             one_based: bool = True) -> List[Tuple[str, str, int, int, str]]:
    """The CSV rows of one image's label map, one per class.

    Args:
        image_id (str): The image's id (its file name without extension).
        labels (np.ndarray): ``(H, W)`` class index per pixel.
        classes (Sequence[str]): Class names by index.
        class_ids (Sequence[int], optional): Classes to write; defaults to
            every class but 0 (background).
        order (str): ``'row-major'`` or ``'column-major'``.
        one_based (bool): Starts counted from 1. Defaults to True.

    Returns:
        list[tuple]: ``(image_id, class_name, height, width, rle)`` rows.
    """
    height, width = labels.shape
    if class_ids is None:
        class_ids = range(1, len(classes))
    return [(image_id, classes[class_id], height, width,
             encode_rle(labels == class_id, order, one_based))
            for class_id in class_ids]


def write_rle_csv(path: str, rows: Iterable[Sequence]) -> int:
    """Write rows of :func:`rle_rows` (streamed) under the header, through
    the shared atomic CSV writer; returns the number of rows."""
    return write_csv_rows(path, RLE_CSV_COLUMNS, rows)


def sort_rle_rows(rows: Iterable[Sequence]) -> List[Sequence]:
    """Rows in natural image-id order (``2`` before ``10``), then class."""
    return sorted(rows, key=lambda row: (image_id_sort_key(row[0]), row[1]))


class RLECSVError(ValueError):
    """A run-length CSV with a bad row; the message names file and row."""


def _rows(path: str):
    try:
        # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is no header
        f = open(path, newline='', encoding='utf-8-sig')
    except OSError as err:
        raise RLECSVError(f'{path}: cannot be read ({err.strerror})') from None
    try:
        with reading_csv(path), f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None or tuple(header) != RLE_CSV_COLUMNS:
                raise RLECSVError(f'{path} row 1: header {header}; expected '
                                  f'{",".join(RLE_CSV_COLUMNS)}')
            for row_number, row in enumerate(reader, start=2):
                yield row_number, row
    except CsvFileError as err:  # not UTF-8 CSV text
        raise RLECSVError(str(err)) from None


def _mask_size(where: str, height: str, width: str) -> Tuple[int, int]:
    """``(height, width)`` of a row, refused unless positive whole numbers
    whose product is at most the decode limit of a photo."""
    # isdecimal, not isdigit: '²' is a digit that int() refuses
    if not (height.isdecimal() and width.isdecimal()) or \
            int(height) < 1 or int(width) < 1:
        raise RLECSVError(f'{where}: height {height!r} width {width!r}; '
                          'expected positive integers')
    if int(height) * int(width) > image_files.MAX_DECODE_PIXELS:
        raise RLECSVError(
            f'{where}: height {height} width {width} is above the limit of '
            f'{image_files.MAX_DECODE_PIXELS} pixels a photo may have; '
            'expected the size of the image')
    return int(height), int(width)


def _parse_row(path: str, row_number: int, row: List[str],
               classes: Optional[Sequence[str]], order: str,
               one_based: bool) -> Tuple[str, str, np.ndarray]:
    where = f'{path} row {row_number}'
    if len(row) != len(RLE_CSV_COLUMNS):
        raise RLECSVError(
            f'{where}: {len(row)} fields; expected '
            f'{len(RLE_CSV_COLUMNS)} ({",".join(RLE_CSV_COLUMNS)})')
    image_id, class_name, height, width, rle = row
    if not image_id:
        raise RLECSVError(f'{where}: empty image_id')
    if classes is not None and class_name not in classes:
        raise RLECSVError(f'{where}: class_name {class_name!r}; expected '
                          f'one of {", ".join(classes)}')
    size = _mask_size(where, height, width)
    try:
        mask = decode_rle(rle, size, order, one_based)
    except RunLengthError as err:
        raise RLECSVError(f'{where}: rle {err}') from None
    return image_id, class_name, mask


def read_rle_csv(
    path: str,
    order: str = 'row-major',
    one_based: bool = True,
    classes: Optional[Sequence[str]] = None
) -> Dict[Tuple[str, str], np.ndarray]:
    """Decode every row: ``{(image_id, class_name): (H, W) 0/1 mask}``.

    Raises:
        RLECSVError: On the first bad row, naming it.
    """
    masks = {}
    for row_number, row in _rows(path):
        image_id, class_name, mask = _parse_row(path, row_number, row, classes,
                                                order, one_based)
        if (image_id, class_name) in masks:
            raise RLECSVError(f'{path} row {row_number}: second row for '
                              f'image {image_id!r} class {class_name!r}')
        masks[image_id, class_name] = mask
    return masks


def check_rle_csv(path: str,
                  order: str = 'row-major',
                  one_based: bool = True,
                  classes: Optional[Sequence[str]] = None) -> List[str]:
    """Every problem of the file, one line each (an empty list: valid).

    Besides each row's own checks (see :func:`read_rle_csv`), an image's
    rows must agree on its size and no two rows may repeat an image and
    class.
    """
    problems = []
    seen = set()
    sizes = {}
    try:
        for row_number, row in _rows(path):
            try:
                image_id, class_name, mask = _parse_row(
                    path, row_number, row, classes, order, one_based)
            except RLECSVError as err:
                problems.append(str(err))
                continue
            if (image_id, class_name) in seen:
                problems.append(f'{path} row {row_number}: second row for '
                                f'image {image_id!r} class {class_name!r}')
            seen.add((image_id, class_name))
            size = sizes.setdefault(image_id, mask.shape)
            if size != mask.shape:
                problems.append(
                    f'{path} row {row_number}: image {image_id!r} is '
                    f'{mask.shape[0]}x{mask.shape[1]} here but '
                    f'{size[0]}x{size[1]} in an earlier row')
    except RLECSVError as err:
        problems.append(str(err))
    return problems
