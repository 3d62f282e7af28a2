"""CSV box tables (``filename,width,height,class,xmin,ymin,xmax,ymax``) to
COCO JSON."""
import csv
import os.path as osp
from typing import Dict, Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError, find_image_file,
                                       read_image_size)
from landmark.detection.datasets.coco_builder import CocoBuilder, validate_box

CSV_COLUMNS = ('filename', 'width', 'height', 'class', 'xmin', 'ymin', 'xmax',
               'ymax')


def convert_csv_to_coco(csv_file: str,
                        img_dir: str,
                        classes: Optional[Sequence[str]] = None,
                        box_outside: str = 'clip',
                        strict: bool = False) -> Tuple[dict, ProblemLog]:
    """Read a CSV with one box per row into a COCO dictionary.

    Rows of the same ``filename`` make one image. ``width`` / ``height`` are
    checked against the real image (the image wins, a ``size_mismatch`` is
    reported). Row numbers in problems are file line numbers (the header is
    line 1).

    Args:
        csv_file (str): The CSV; extra columns are ignored.
        img_dir (str): Folder holding the images named in ``filename``.
        classes (Sequence[str], optional): Known classes. Defaults to the
            names found, sorted.
        box_outside (str): ``'clip'`` or ``'error'``. Defaults to ``'clip'``.
        strict (bool): Raise on the first skipped item. Defaults to False.

    Returns:
        tuple[dict, ProblemLog]: The COCO dictionary and the problems.

    Raises:
        ValueError: A required column is missing (names the file, the
            missing and the expected columns).
    """
    if not osp.isfile(csv_file):
        raise FileNotFoundError(f'CSV file {csv_file!r} does not exist')
    builder = CocoBuilder(classes)
    log = ProblemLog(strict)
    image_ids: Dict[str, Optional[int]] = {}
    sizes: Dict[str, Tuple[int, int]] = {}
    with open(csv_file, newline='', encoding='utf-8-sig') as f:
        reader = csv.DictReader(f)
        header = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise ValueError(
                f'{csv_file}: missing column(s) {missing}; expected a header '
                f'with {",".join(CSV_COLUMNS)} (found {",".join(header)})')
        reader.fieldnames = header
        for line, row in enumerate(reader, 2):
            where = f'row {line}'
            file_name = (row['filename'] or '').strip()
            if file_name not in image_ids:
                image_ids[file_name] = None
                img_path = find_image_file(img_dir, file_name)
                if img_path is None:
                    log.add('missing_image', csv_file,
                            f'image {file_name!r} not found in {img_dir!r}',
                            where)
                    continue
                try:
                    sizes[file_name] = read_image_size(img_path)
                except ImageReadError as err:
                    log.add('unreadable_image', img_path, str(err), where)
                    continue
                width, height = sizes[file_name]
                image_ids[file_name] = builder.add_image(
                    osp.relpath(img_path, img_dir), width, height)
            image_id = image_ids[file_name]
            if image_id is None:
                continue  # the image itself was reported and skipped
            width, height = sizes[file_name]
            try:
                ann_size = (int(float(row['width'])),
                            int(float(row['height'])))
                corners = [
                    float(row[c]) for c in ('xmin', 'ymin', 'xmax', 'ymax')
                ]
            except (TypeError, ValueError):
                log.add(
                    'bad_annotation', csv_file,
                    'width, height, xmin, ymin, xmax, ymax must be numbers, '
                    f'got {[row[c] for c in CSV_COLUMNS[1:] if c != "class"]}',
                    where)
                continue
            if ann_size != (width, height):
                log.add(
                    'size_mismatch',
                    csv_file,
                    f'row says {ann_size[0]}x{ann_size[1]} but {file_name} is'
                    f' {width}x{height}; using the image',
                    where,
                    skipped=False)
            name = (row['class'] or '').strip()
            if not builder.knows_class(name):
                log.add('unknown_class', csv_file,
                        f'class {name!r} is not one of {builder.classes}',
                        where)
                continue
            box = validate_box(corners, width, height, log, csv_file, where,
                               box_outside)
            if box is not None:
                builder.add_box(image_id, name, box)
    return builder.to_dict(), log
