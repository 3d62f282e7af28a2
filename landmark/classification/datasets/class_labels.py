"""Read the labels of a classification data set without loading a photo:
a label CSV (named columns, labels as names or integers, extra columns
ignored) or class folders at a chosen depth. The datasets, the converter
(``tools/dataset_converters/split_class_data.py``) and the tools' class
count check all read labels through these functions, so they agree on the
classes and report the same problems."""
import csv
import os
import os.path as osp
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import is_image_file

# (image path, class name) of one labelled photo
LabelledPhoto = Tuple[str, str]


def is_integer_label(value: str) -> bool:
    """Whether a label cell holds a class id (``'3'``) rather than a name.

    Examples:
        >>> is_integer_label('3'), is_integer_label('glass')
        (True, False)
    """
    # isdecimal, not isdigit: '²' is a digit that int() refuses
    return value.strip().isdecimal()


def class_names_of_labels(
        labels: Sequence[str],
        classes: Optional[Sequence[str]] = None) -> List[str]:
    """The class names, in class-id order, for the ``labels`` of a data set.

    Given ``classes`` win. Otherwise names are sorted; integer labels are
    sorted as numbers (``'2'`` before ``'10'``) and keep their spelling as
    names.

    Examples:
        >>> class_names_of_labels(['10', '2', '2'])
        ['2', '10']
    """
    if classes:
        return list(classes)
    found = set(labels)
    if found and all(is_integer_label(v) for v in found):
        return sorted(found, key=int)
    return sorted(found)


def label_to_class_id(value: str, classes: Sequence[str],
                      lookup: Dict[str, int]) -> Optional[int]:
    """The class id of a label cell: its name's id, or, when ``classes``
    are named and the cell is an integer that is not a name, the integer
    itself as an id into ``classes``; None when unknown."""
    if value in lookup:
        return lookup[value]
    if is_integer_label(value) and int(value) < len(classes):
        return int(value)
    return None


def read_label_csv(path: str,
                   filename_column: str = 'filename',
                   label_column: str = 'label',
                   problems: Optional[ProblemLog] = None
                   ) -> List[Tuple[int, str, str]]:
    """``(row number, file name, label)`` of each usable row of a label CSV.

    Other columns are ignored. A row without a file name or a label, and a
    file listed again (the later row), are recorded in ``problems`` (file
    and row) and left out.

    Args:
        path (str): The CSV file (a header row, then one row per photo).
        filename_column (str): Column of the file names. Defaults to
            ``'filename'``.
        label_column (str): Column of the labels (names or class ids).
            Defaults to ``'label'``.
        problems (ProblemLog, optional): Where the left-out rows go.

    Returns:
        list: The rows kept, in file order.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: The header lacks one of the two columns.
    """
    problems = problems if problems is not None else ProblemLog()
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: does not exist; expected a CSV '
                                f'with columns {filename_column},'
                                f'{label_column}')
    with reading_csv(path), open_csv(path) as f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in (filename_column, label_column)
                   if c not in header]
        if missing:
            raise ValueError(
                f'{path}: no column {" or ".join(map(repr, missing))} in '
                f'header {header}; expected {filename_column!r} and '
                f'{label_column!r} (choose others with filename_column / '
                'label_column)')
        repeated = [c for c in (filename_column, label_column)
                    if header.count(c) > 1]
        if repeated:
            raise ValueError(
                f'{path}: column(s) {repeated} more than once in header '
                f'{header}; expected each once')
        reader.fieldnames = header
        rows, first_row = [], {}
        for row_no, row in enumerate(reader, start=2):
            file = (row.get(filename_column) or '').strip()
            label = (row.get(label_column) or '').strip()
            if not file or not label:
                problems.add(
                    'bad_annotation', path, f'empty {filename_column!r} or '
                    f'{label_column!r}; expected a file name and a label',
                    f'row {row_no}')
            elif file in first_row:
                problems.add(
                    'bad_annotation', path, f'{file!r} is already in row '
                    f'{first_row[file]}; expected one row per photo',
                    f'row {row_no}')
            else:
                first_row[file] = row_no
                rows.append((row_no, file, label))
    return rows


def folders_at_depth(root: str, depth: int) -> List[str]:
    """The folders ``depth`` levels under ``root`` (``1``: its
    sub-folders), sorted by path.

    Examples:
        >>> folders_at_depth('photos', 2)  # photos/site_a/glass, ...
    """
    folders = [root]
    for _ in range(depth):
        folders = [
            osp.join(d, name) for d in folders
            for name in sorted(os.listdir(d)) if osp.isdir(osp.join(d, name))
        ]
    return folders


def class_folder_photos(root: str, class_depth: int = 1) -> List[
        LabelledPhoto]:
    """``(image path, class name)`` of every photo under ``root`` whose
    class is the name of its folder ``class_depth`` levels below ``root``
    (1: ``root/<class>/...``; 2: ``root/<any>/<class>/...``). Photos in
    sub-folders of a class folder belong to it; folders of the same name
    under different parents are one class.

    Raises:
        FileNotFoundError: ``root`` is not a folder, or holds no folder at
            ``class_depth``.
        ValueError: A class folder holds no photo.
    """
    if class_depth < 1:
        raise ValueError(f'class_depth={class_depth}; expected 1 or more '
                         '(1: root/<class>/photo.jpg)')
    if not osp.isdir(root):
        raise FileNotFoundError(f'{root!r} does not exist; expected a '
                                'folder with one sub-folder per class')
    class_dirs = folders_at_depth(root, class_depth)
    if not class_dirs:
        raise FileNotFoundError(
            f'{root!r} has no folders {class_depth} level(s) down; expected '
            f'one folder per class at class_depth={class_depth}')
    photos = []
    for class_dir in class_dirs:
        found = [
            osp.join(parent, file)
            for parent, dirs, files in sorted(os.walk(class_dir))
            for file in sorted(files) if is_image_file(file)
        ]
        if not found:
            raise ValueError(f'class folder {class_dir!r} holds no photo; '
                             'expected at least one (remove the folder or '
                             'add photos)')
        photos += [(p, osp.basename(class_dir)) for p in found]
    return photos


def check_split_counts(labels: Sequence[str], source: str) -> None:
    """Refuse a class with fewer than 2 photos when a train/val split is
    made: one photo cannot be in both."""
    few = sorted(n for n, c in Counter(labels).items() if c < 2)
    if few:
        raise ValueError(
            f'{source}: class(es) {few} have 1 photo; a train/val split '
            'needs at least 2 per class (add photos or remove the class)')
