"""CSV box tables (``filename,width,height,class,xmin,ymin,xmax,ymax``) to
COCO JSON."""
import csv
import os.path as osp
from typing import Dict, List, Optional, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import ImageHeader
from landmark.detection.datasets.coco_builder import finite_number
from landmark.detection.datasets.converters.box_collection import \
    BoxCollection

CSV_COLUMNS = ('filename', 'width', 'height', 'class', 'xmin', 'ymin', 'xmax',
               'ymax')
_NUMBER_COLUMNS = ('width', 'height', 'xmin', 'ymin', 'xmax', 'ymax')


def _row_numbers(
        row: Dict[str, str]) -> Tuple[Tuple[float, float], List[float]]:
    """The annotated size and the corners of one CSV row.

    Raises:
        ValueError: Naming the first column that does not hold a finite
            number (or, for width and height, a positive one).
    """
    values = {}
    for column in _NUMBER_COLUMNS:
        text = row[column]
        try:
            values[column] = finite_number((text or '').strip())
        except ValueError:
            raise ValueError(
                f'column {column}: {text!r} is not a finite number') from None
        if column in ('width', 'height') and values[column] <= 0:
            raise ValueError(
                f'column {column}: {text!r}, expected a positive size')
    return ((values['width'], values['height']),
            [values[c] for c in ('xmin', 'ymin', 'xmax', 'ymax')])


def _read_rows(reader: csv.DictReader, csv_file: str,
               boxes: BoxCollection) -> None:
    """Add the images and boxes of every row to ``boxes``."""
    images: Dict[str, Optional[Tuple[int, ImageHeader]]] = {}
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
        if file_name not in images:
            image = boxes.find_image(file_name, csv_file, where)
            images[file_name] = None if image is None else (
                boxes.add_image(image), image)
        if images[file_name] is None:
            continue  # the image itself was reported and skipped
        image_id, image = images[file_name]
        try:
            annotated_size, corners = _row_numbers(row)
        except ValueError as err:
            boxes.log.add('bad_annotation', csv_file, str(err), where)
            continue
        rotate = boxes.box_frame(image, annotated_size, csv_file, where)
        if rotate is None:
            continue
        name = (row['class'] or '').strip()
        if boxes.knows_class(name, csv_file, where):
            boxes.add_box(image_id, image, rotate, name, corners, csv_file,
                          where)


def convert_csv_to_coco(csv_file: str, img_dir: str,
                        **options) -> Tuple[dict, ProblemLog]:
    """Read a CSV with one box per row into a COCO dictionary.

    Rows of the same ``filename`` make one image. ``width`` / ``height`` are
    checked against the real image in its displayed frame (the image wins,
    a ``size_mismatch`` is reported; boxes drawn on the stored frame of an
    EXIF-rotated photo are ``exif_orientation`` problems, see
    :mod:`.exif_frame`). A row whose numbers are not finite (``nan``,
    ``inf``, text) or whose size is not positive is skipped, naming its
    column. Row numbers in problems are file line numbers (the header is
    line 1).

    Args:
        csv_file (str): The CSV; extra columns are ignored.
        img_dir (str): Folder holding the images named in ``filename``.
        **options: ``classes``, ``box_outside``, ``strict``,
            ``full_decode``, ``exif_rotate_boxes``, as
            :class:`~.box_collection.BoxCollection` takes them.

    Returns:
        tuple[dict, ProblemLog]: The COCO dictionary and the problems.

    Raises:
        FileNotFoundError: The CSV or the image folder does not exist.
        ValueError: The CSV is not UTF-8 text, or a required column is
            missing (names the file, the missing and the expected columns).
    """
    if not osp.isfile(csv_file):
        raise FileNotFoundError(f'CSV file {csv_file!r} does not exist')
    boxes = BoxCollection(img_dir, **options)
    try:
        with open(csv_file, newline='', encoding='utf-8-sig') as f:
            _read_rows(csv.DictReader(f), csv_file, boxes)
    except (UnicodeDecodeError, csv.Error) as err:
        raise ValueError(f'{csv_file}: not a UTF-8 CSV file ({err})') from err
    return boxes.result()
