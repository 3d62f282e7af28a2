"""The classification CSV: ``image,label,score`` (+ optional top-k
columns); writing it atomically, reading it back and checking it."""
import csv
import io
import math
import os.path as osp
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np

from landmark.core.atomic_io import atomic_open


class ClassCsvError(ValueError):
    """A classification CSV does not have the expected content."""


def csv_header(top_k: int = 1) -> List[str]:
    """``image,label,score`` then ``label_2,score_2 ... label_k,score_k``."""
    header = ['image', 'label', 'score']
    for k in range(2, top_k + 1):
        header += [f'label_{k}', f'score_{k}']
    return header


def class_csv_rows(predictions: Iterable[dict],
                   class_names: Sequence[str],
                   top_k: int = 1,
                   decimals: int = 6) -> List[List[str]]:
    """One row per prediction dict (``img_path``, ``pred_score`` (C,),
    optional ``label`` overriding the top label, e.g. from rank decoding).
    The image is the file name; further labels follow by score."""
    rows = []
    for pred in predictions:
        scores = np.asarray(pred['pred_score'], dtype=np.float64)
        order = [int(i) for i in np.argsort(-scores, kind='stable')]
        first = pred.get('label')
        if first is not None:
            order.remove(int(first))
            order.insert(0, int(first))
        row = [osp.basename(pred['img_path'])]
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
    rows = class_csv_rows(predictions, class_names, top_k)
    with atomic_open(out_file, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(csv_header(top_k))
        writer.writerows(rows)
    return len(rows)


def _check_row(row: Dict[str, str], row_no: int, path: str,
               class_names: Optional[Sequence[str]]) -> List[str]:
    problems = []
    where = f'{path} row {row_no}'
    if not (row.get('image') or '').strip():
        problems.append(f'{where}: empty image; expected a file name')
    for key in row:
        if key is None:
            problems.append(f'{where}: more cells than header columns')
            continue
        value = (row[key] or '').strip()
        if key.startswith('label') and class_names is not None and \
                value not in class_names:
            problems.append(f'{where}: {key}={value!r}; expected one of '
                            f'{list(class_names)}')
        if key.startswith('score'):
            try:
                score = float(value)
            except ValueError:
                score = math.nan
            if not 0 <= score <= 1:
                problems.append(f'{where}: {key}={value!r}; expected a '
                                'number in [0, 1]')
    return problems


def check_class_csv(path: str,
                    class_names: Optional[Sequence[str]] = None,
                    images: Optional[Iterable[str]] = None) -> List[str]:
    """Problems of a classification CSV, one line each naming the row; an
    empty list when it is valid. ``images`` (file names) must each appear
    exactly once when given."""
    if not osp.isfile(path):
        return [f'{path}: does not exist; expected a CSV file']
    with open(path, newline='', encoding='utf-8') as f:
        text = f.read()
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    top_k = max(1, (len(header) - 1) // 2)
    if header != csv_header(top_k):
        return [f'{path}: header {header}; expected {csv_header(top_k)}']
    problems, seen = [], {}
    for row_no, row in enumerate(reader, start=2):
        problems += _check_row(row, row_no, path, class_names)
        image = (row.get('image') or '').strip()
        if image in seen:
            problems.append(f'{path} row {row_no}: image {image!r} already '
                            f'in row {seen[image]}; expected one row per '
                            'image')
        seen.setdefault(image, row_no)
    if images is not None:
        missing = sorted(set(images) - set(seen))
        if missing:
            problems.append(f'{path}: {len(missing)} image(s) without a row, '
                            f'e.g. {missing[:3]}')
    return problems


def read_class_csv(path: str,
                   class_names: Optional[Sequence[str]] = None) -> List[dict]:
    """Rows as ``dict(image, labels=[...], scores=[...])``, top label
    first; raises :class:`ClassCsvError` listing the problems found by
    :func:`check_class_csv`."""
    problems = check_class_csv(path, class_names)
    if problems:
        raise ClassCsvError('\n'.join(problems))
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        next(reader)
        return [
            dict(
                image=row[0],
                labels=row[1::2],
                scores=[float(s) for s in row[2::2]]) for row in reader
        ]
