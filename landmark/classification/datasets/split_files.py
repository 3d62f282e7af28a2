"""Check a labelled photo collection (a label CSV or class folders) and
write its seeded, stratified train/val split as two ``filename,label``
CSVs that ``ClassCsvDataset`` reads: the held-out photos are named in a
file, and the same files serve every later run."""
import os
import os.path as osp
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.classification.datasets.class_labels import (
    LabelledPhoto, check_split_counts, class_folder_photos,
    class_names_of_labels, folders_at_depth, is_integer_label, read_label_csv)
from landmark.classification.datasets.class_splits import stratified_split
from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError, check_image_file,
                                       is_image_file)
from landmark.core.submission import write_csv_rows

SPLIT_HEADER = ('filename', 'label')


def photos_from_label_csv(csv_path: str,
                          img_dir: str,
                          filename_column: str = 'filename',
                          label_column: str = 'label',
                          classes: Optional[Sequence[str]] = None,
                          problems: Optional[ProblemLog] = None
                          ) -> List[LabelledPhoto]:
    """``(image path, class name)`` of each usable row of a label CSV.

    Rows naming a missing or unreadable photo, a label outside
    ``classes`` (names, or integer ids into them) and repeated photos are
    recorded in ``problems`` (file and row) and left out.

    Args:
        csv_path (str): The label CSV.
        img_dir (str): Folder the file names are relative to.
        filename_column (str): Column of the file names.
        label_column (str): Column of the labels.
        classes (Sequence[str], optional): The known class names; integer
            labels are then ids into them.
        problems (ProblemLog, optional): Where the left-out rows go.
    """
    problems = problems if problems is not None else ProblemLog()
    photos = []
    for row_no, file, label in read_label_csv(csv_path, filename_column,
                                              label_column, problems):
        if classes and label not in classes:
            if is_integer_label(label) and int(label) < len(classes):
                label = classes[int(label)]
            else:
                problems.add(
                    'unknown_class', csv_path,
                    f'{label_column}={label!r}; expected one of '
                    f'{list(classes)} or an id below {len(classes)}',
                    f'row {row_no}')
                continue
        path = osp.join(img_dir, file)
        try:
            check_image_file(path)
        except ImageReadError as err:
            kind = 'missing_image' if not osp.exists(path) \
                else 'unreadable_image'
            problems.add(kind, csv_path, f'{file!r}: {err}',
                         f'row {row_no}')
            continue
        photos.append((path, label))
    return photos


def photos_from_class_folders(root: str,
                              class_depth: int = 1,
                              problems: Optional[ProblemLog] = None
                              ) -> List[LabelledPhoto]:
    """``(image path, class name)`` of every readable photo of the class
    folders ``class_depth`` levels under ``root``; unreadable ones are
    recorded in ``problems`` and left out."""
    problems = problems if problems is not None else ProblemLog()
    photos = []
    for path, label in class_folder_photos(root, class_depth):
        try:
            check_image_file(path)
        except ImageReadError as err:
            problems.add('unreadable_image', path, str(err))
            continue
        photos.append((path, label))
    return photos


def deeper_classes_hint(root: str, class_depth: int = 1) -> Optional[str]:
    """A one-line note when no class folder ``class_depth`` levels under
    ``root`` holds a photo of its own, only sub-folders of photos
    (``root/site_a/glass/0001.jpg`` read at ``class_depth=1``: the classes
    would be the sites): the classes may be one level down. None when some
    class folder holds photos directly (or ``root`` is not a folder)."""
    if not osp.isdir(root):
        return None
    class_dirs = folders_at_depth(root, class_depth)
    below = set()
    for class_dir in class_dirs:
        entries = sorted(os.listdir(class_dir))
        if any(is_image_file(e) and osp.isfile(osp.join(class_dir, e))
               for e in entries):
            return None
        below.update(e for e in entries
                     if osp.isdir(osp.join(class_dir, e)))
    if not class_dirs or not below:
        return None
    names = sorted(below)
    shown = ', '.join(names[:5]) + (', ...' if len(names) > 5 else '')
    return (f'note: {root}: no class folder at --class-depth {class_depth} '
            f'holds a photo of its own, only sub-folders ({shown}); if '
            f'those are the classes, use --class-depth {class_depth + 1}')


def split_labelled_photos(
        photos: Sequence[LabelledPhoto],
        val_fraction: float = 0.2,
        seed: int = 0,
        source: str = 'the data') -> Tuple[List[LabelledPhoto],
                                           List[LabelledPhoto]]:
    """``(train, val)``: each class gives ``round(n_c * val_fraction)``
    (at least one) of its photos to val, picked with ``seed``
    (:func:`stratified_split`).

    Raises:
        ValueError: A class has one photo (it cannot be in both parts).
    """
    if not photos:
        raise ValueError(f'{source}: no usable photo; expected labelled '
                         'photos')
    labels = [label for _, label in photos]
    check_split_counts(labels, source)
    ids = {n: i for i, n in enumerate(class_names_of_labels(labels))}
    train, val = stratified_split([ids[n] for n in labels], val_fraction,
                                  seed)
    return [photos[i] for i in train], [photos[i] for i in val]


def write_split_csv(photos: Sequence[LabelledPhoto], path: str,
                    data_root: str) -> int:
    """Write ``filename,label`` rows (file names relative to
    ``data_root``, ``/``-separated) atomically; returns the rows."""
    rows = [(osp.relpath(p, data_root).replace(osp.sep, '/'), label)
            for p, label in photos]
    return write_csv_rows(path, SPLIT_HEADER, rows)


def split_table(train: Sequence[LabelledPhoto],
                val: Sequence[LabelledPhoto]) -> Dict[str, Tuple[int, int]]:
    """``{class: (train photos, val photos)}`` in class order."""
    train_counts = Counter(label for _, label in train)
    val_counts = Counter(label for _, label in val)
    names = class_names_of_labels(list(train_counts) + list(val_counts))
    return {n: (train_counts[n], val_counts[n]) for n in names}
