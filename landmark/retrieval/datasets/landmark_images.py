"""Retrieval data: images with a landmark id, from a folder per landmark
or a CSV ``filename,landmark_id``; bad rows and unreadable images are
reported (file, row, what was expected) and left out."""
import csv
import os
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import is_image_file, list_image_files

CSV_COLUMNS = ('filename', 'landmark_id')


@dataclass(frozen=True)
class LandmarkImage:
    """One image and its landmark id (``''`` when unknown: a query to
    answer)."""
    path: str
    landmark_id: str = ''

    @property
    def image_id(self) -> str:
        """The id written in the CSV: the file name without extension."""
        return osp.splitext(osp.basename(self.path))[0]


def read_landmark_folder(root: str) -> List[LandmarkImage]:
    """``root/<landmark_id>/*.jpg``: the sub-folder names the landmark;
    images directly in ``root`` have no id (queries to answer).

    Raises:
        FileNotFoundError: ``root`` is not a folder.
    """
    if not osp.isdir(root):
        raise FileNotFoundError(f'image folder {root!r} does not exist; '
                                'expected a folder per landmark')
    items = [LandmarkImage(p) for p in list_image_files(root)]
    for name in sorted(os.listdir(root)):
        folder = osp.join(root, name)
        if osp.isdir(folder):
            items += [
                LandmarkImage(p, name)
                for p in list_image_files(folder, recursive=True)
            ]
    return items


def read_landmark_csv(
        csv_path: str,
        image_root: str = '',
        problems: Optional[ProblemLog] = None) -> List[LandmarkImage]:
    """Rows of ``filename,landmark_id``; ``filename`` relative to
    ``image_root`` (default: the CSV's folder). Rows without a file name,
    with a missing file or not an image are reported in ``problems`` (row
    number, what was expected) and skipped.

    Raises:
        ValueError: The header is not ``filename,landmark_id``.
    """
    problems = problems if problems is not None else ProblemLog()
    image_root = image_root or osp.dirname(csv_path)
    if not osp.isfile(csv_path):
        raise FileNotFoundError(f'{csv_path!r} does not exist; expected a '
                                'CSV filename,landmark_id')
    items = []
    with open(csv_path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        header = [c.strip() for c in next(reader, [])]
        if tuple(header[:2]) != CSV_COLUMNS:
            raise ValueError(f'{csv_path}: header {header}; expected '
                             f'{",".join(CSV_COLUMNS)}')
        for row_no, row in enumerate(reader, start=2):
            name = row[0].strip() if row else ''
            landmark = row[1].strip() if len(row) > 1 else ''
            path = osp.join(image_root, name)
            if not name:
                problems.add('bad_annotation', csv_path, 'empty filename; '
                             'expected an image file name', f'row {row_no}')
            elif not is_image_file(name):
                problems.add('bad_annotation', csv_path, f'{name!r} is not '
                             'an image file name', f'row {row_no}')
            elif osp.isdir(path):
                problems.add(
                    'unreadable_image', csv_path, f'{path!r} is a '
                    'folder; expected an image file', f'row {row_no}')
            elif not osp.isfile(path):
                problems.add('missing_image', csv_path, f'{path!r} does not '
                             'exist', f'row {row_no}')
            else:
                items.append(LandmarkImage(path, landmark))
    return items


def read_landmark_images(
        source: str,
        image_root: str = '',
        problems: Optional[ProblemLog] = None) -> List[LandmarkImage]:
    """A folder (:func:`read_landmark_folder`) or a ``.csv``
    (:func:`read_landmark_csv`)."""
    if source.lower().endswith('.csv'):
        return read_landmark_csv(source, image_root, problems)
    return read_landmark_folder(source)
