"""The classification CSV: ``image,label,score`` (+ optional top-k
columns); written, read back and checked through
:mod:`landmark.core.submission` (the mechanism every task's CSV shares)."""
import csv
import math
import os.path as osp
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np

from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.submission import SubmissionReport, write_csv_rows


class ClassCsvError(ValueError):
    """A classification CSV does not have the expected content."""


def csv_header(top_k: int = 1) -> List[str]:
    """``image,label,score`` then ``label_2,score_2 ... label_k,score_k``."""
    header = ['image', 'label', 'score']
    for k in range(2, top_k + 1):
        header += [f'label_{k}', f'score_{k}']
    return header


def image_names(paths: Sequence[str]) -> List[str]:
    """The ``image`` column for photos at ``paths``: each file name, or,
    when two photos share a file name (``site_a/cat/0001.jpg`` and
    ``site_b/cat/0001.jpg``), every photo's path relative to the deepest
    folder that holds them all, ``/``-separated, so that no two photos
    share a row name.

    The same photos get the same names whichever tool lists them
    (``tools/test.py --out`` on a data root, ``tools/infer.py --recursive``
    on the same folder).

    Examples:
        >>> image_names(['a/x/1.jpg', 'a/y/2.jpg'])
        ['1.jpg', '2.jpg']
        >>> image_names(['a/x/1.jpg', 'a/y/1.jpg'])
        ['x/1.jpg', 'y/1.jpg']
    """
    names = [osp.basename(p) for p in paths]
    if len(set(names)) == len(names):
        return names
    absolute = [osp.abspath(p) for p in paths]
    root = osp.commonpath([osp.dirname(p) for p in absolute])
    return [osp.relpath(p, root).replace(osp.sep, '/') for p in absolute]


def class_csv_rows(predictions: Iterable[dict],
                   class_names: Sequence[str],
                   top_k: int = 1,
                   decimals: int = 6) -> List[List[str]]:
    """One row per prediction dict (``img_path``, ``pred_score`` (C,),
    optional ``label`` overriding the top label, e.g. from rank decoding).
    The image is named by :func:`image_names` (the file name, or the
    relative path where file names repeat); further labels follow by
    score."""
    predictions = list(predictions)
    names = image_names([pred['img_path'] for pred in predictions])
    rows = []
    for pred, name in zip(predictions, names):
        scores = np.asarray(pred['pred_score'], dtype=np.float64)
        order = [int(i) for i in np.argsort(-scores, kind='stable')]
        first = pred.get('label')
        if first is not None:
            order.remove(int(first))
            order.insert(0, int(first))
        row = [name]
        for c in order[:top_k]:
            row += [class_names[c], f'{scores[c]:.{decimals}f}']
        rows.append(row)
    return rows


def write_class_csv(predictions: Iterable[dict],
                    out_file: str,
                    class_names: Sequence[str],
                    top_k: int = 1) -> int:
    """Write the CSV (temporary file, then rename); returns its rows."""
    if top_k < 1 or top_k > len(class_names):
        raise ValueError(f'top_k={top_k}; expected 1 <= top_k <= '
                         f'{len(class_names)} (the number of classes)')
    return write_csv_rows(out_file, csv_header(top_k),
                          class_csv_rows(predictions, class_names, top_k))


def _check_row(report: SubmissionReport, row: Dict[str, str], row_no: int,
               class_names: Optional[Sequence[str]]) -> None:
    image = (row.get('image') or '').strip()
    if not image:
        report.add(
            'missing_value', 'empty image; expected a file name', row=row_no)
    for key in row:
        if key is None:
            report.add(
                'wrong_column', 'more cells than header columns', row=row_no)
            continue
        value = (row[key] or '').strip()
        if key.startswith('label') and class_names is not None and \
                value not in class_names:
            report.add(
                'unknown_class', f'{key}={value!r}; expected one of '
                f'{list(class_names)}', row_no, image)
        if key.startswith('score'):
            try:
                score = float(value)
            except ValueError:
                score = math.nan
            if not 0 <= score <= 1:
                report.add('wrong_type', f'{key}={value!r}; expected a '
                           'number in [0, 1]', row_no, image)


def check_class_csv(
        path: str,
        class_names: Optional[Sequence[str]] = None,
        images: Optional[Iterable[str]] = None) -> SubmissionReport:
    """Check a classification CSV: its header (``image,label,score`` and
    the top-k pairs), known labels, scores in [0, 1], one row per image
    and, when ``images`` (file names) are given, a row for each.

    Returns:
        SubmissionReport: ``report.ok``, ``report.problems`` (each naming
        its row), ``report.summary()``.
    """
    report = SubmissionReport(path)
    if not osp.isfile(path):
        report.add(
            'wrong_column', 'file does not exist; expected a CSV '
            f'with header {",".join(csv_header())}')
        return report
    with reading_csv(path), open_csv(path) as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        report.check_header(header, csv_header(max(1, (len(header) - 1) // 2)))
        if not report.ok:
            return report
        seen: Dict[str, int] = {}
        for row_no, row in enumerate(reader, start=2):
            report.num_rows += 1
            _check_row(report, row, row_no, class_names)
            image = (row.get('image') or '').strip()
            if image in seen:
                report.add(
                    'duplicate_image', f'already in row {seen[image]};'
                    ' expected one row per image', row_no, image)
            seen.setdefault(image, row_no)
    report.num_images = len(seen)
    for image in sorted(set(images or ()) - set(seen)):
        report.add(
            'missing_image', 'no row; expected one per image', image_id=image)
    return report


def read_class_csv(path: str,
                   class_names: Optional[Sequence[str]] = None) -> List[dict]:
    """Rows as ``dict(image, labels=[...], scores=[...])``, top label
    first.

    Raises:
        ClassCsvError: The problems :func:`check_class_csv` found, one line
            each, naming the file and row.
    """
    report = check_class_csv(path, class_names)
    if not report.ok:
        raise ClassCsvError('\n'.join(f'{path}: {p}' for p in report.problems))
    with reading_csv(path), open_csv(path) as f:
        reader = csv.reader(f)
        next(reader)
        # blank lines are no rows, as for the check's DictReader
        return [
            dict(
                image=row[0],
                labels=row[1::2],
                scores=[float(s) for s in row[2::2]]) for row in reader
            if row
        ]
