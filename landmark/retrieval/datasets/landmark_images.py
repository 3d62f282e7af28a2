"""Retrieval data: images with a landmark id, from a folder tree or a CSV
``filename,landmark_id[,id]``; bad rows and unreadable images are reported
(file, row, what was expected) and left out.

Each photo gets an image id, written in the ``id,images`` CSV: its path
relative to the folder (or the CSV's ``filename`` cell) without the
extension, a CSV ``id`` column where there is one, or (``image_ids='stem'``,
Kaggle's style) the file name without folder and extension. Two photos with
one id are an error naming both files, never a silent merge: in data whose
file numbers restart in each folder, ``001`` would stand for many photos.
"""
import csv
import os
import os.path as osp
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (IMAGE_EXTENSIONS, is_image_file,
                                       list_image_files)
from landmark.core.submission.image_ids import UniqueImageIds

CSV_COLUMNS = ('filename', 'landmark_id')
# the optional column of a CSV that names each photo's image id
ID_COLUMN = 'id'
IMAGE_ID_MODES = ('path', 'stem')


@dataclass(frozen=True)
class LandmarkImage:
    """One image, its landmark id (``''`` when unknown: a query to answer)
    and its image id (default: the file name without extension)."""
    path: str
    landmark_id: str = ''
    image_id: str = ''

    def __post_init__(self):
        if not self.image_id:
            object.__setattr__(self, 'image_id',
                               osp.splitext(osp.basename(self.path))[0])


def image_id_of(relative_path: str, mode: str = 'path') -> str:
    """The image id of a photo from its path relative to its data set.

    Args:
        relative_path (str): E.g. ``'shoes/boot/001.jpg'``.
        mode (str): ``'path'`` (``'shoes/boot/001'``, unique by
            construction) or ``'stem'`` (``'001'``). Defaults to ``'path'``.

    Examples:
        >>> image_id_of('shoes/boot/001.jpg')
        'shoes/boot/001'
        >>> image_id_of('shoes/boot/001.jpg', 'stem')
        '001'
    """
    if mode not in IMAGE_ID_MODES:
        raise ValueError(f'image ids {mode!r}; expected one of '
                         f'{IMAGE_ID_MODES}')
    relative = osp.splitext(relative_path.replace('\\', '/'))[0]
    return relative.rsplit('/', 1)[-1] if mode == 'stem' else relative


def label_of(relative_path: str, label_depth: Optional[int] = None) -> str:
    """The landmark id of a photo in a folder tree: its parent folders
    (all of them, ``group/product``), or the first ``label_depth`` ones;
    ``''`` (no id) for a photo directly in the root.

    Raises:
        ValueError: The photo is fewer than ``label_depth`` folders deep
            (names it).

    Examples:
        >>> label_of('shoes/boot/001.jpg'), label_of('shoes/boot/001.jpg', 1)
        ('shoes/boot', 'shoes')
    """
    folders = relative_path.replace('\\', '/').split('/')[:-1]
    if label_depth is None or not folders:
        return '/'.join(folders)
    if label_depth < 1:
        raise ValueError(f'--label-depth {label_depth}; expected 1 or more '
                         '(1: the first folder under the root)')
    if len(folders) < label_depth:
        raise ValueError(
            f'{relative_path!r} is {len(folders)} folder(s) deep; '
            f'--label-depth {label_depth} expected photos at least '
            f'{label_depth} folder(s) below the root')
    return '/'.join(folders[:label_depth])


def read_landmark_folder(root: str,
                         label_depth: Optional[int] = None,
                         image_ids: str = 'path') -> List[LandmarkImage]:
    """Every image under ``root``, labelled by :func:`label_of` (its parent
    folders, or the first ``label_depth``); images directly in ``root``
    have no id (queries to answer). Folders without photos give no id
    (:func:`folders_without_photos` names them).

    Raises:
        FileNotFoundError: ``root`` is not a folder.
        ValueError: Two photos share an image id, or a photo is not
            ``label_depth`` deep (one line naming the files).
    """
    if not osp.isdir(root):
        raise FileNotFoundError(f'image folder {root!r} does not exist; '
                                'expected a folder per landmark')
    items = []
    for path in list_image_files(root, recursive=True):
        relative = osp.relpath(path, root).replace('\\', '/')
        items.append(
            LandmarkImage(path, label_of(relative, label_depth),
                          image_id_of(relative, image_ids)))
    check_unique_image_ids(items, root)
    return items


def folders_without_photos(root: str) -> List[Tuple[str, List[str]]]:
    """The folders under ``root`` with no image file anywhere below them
    (the topmost of each such subtree), each with the names of the other
    files found below it.

    Examples:
        >>> # photos/cups/a/001.jpg, photos/cups/b/ (empty),
        >>> # photos/mugs/x/001.heic
        >>> folders_without_photos('photos')
        [('photos/cups/b', []), ('photos/mugs', ['001.heic'])]
    """
    has_photo, others = {}, {}
    for folder, dirs, names in sorted(os.walk(root), reverse=True):
        # children come before their parents in the reversed walk
        photo = any(is_image_file(n) for n in names) or any(
            has_photo.get(osp.join(folder, d)) for d in dirs)
        has_photo[folder] = photo
        others[folder] = [n for n in names if not is_image_file(n)]
    empty = []
    for folder in sorted(has_photo):
        if has_photo[folder] or folder == root or has_photo.get(
                osp.dirname(folder)) is False:
            continue
        below = [
            n for f, ns in sorted(others.items())
            if f == folder or f.startswith(folder + os.sep) for n in ns
        ]
        empty.append((folder, below))
    return empty


def folders_without_photos_lines(source: str) -> List[str]:
    """One warning line per folder of :func:`folders_without_photos` when
    ``source`` is a folder tree (none for a CSV): the folder gives no id,
    and nothing else is lost.

    Examples:
        >>> folders_without_photos_lines('photos')
        ["warning: photos/cups/b holds nothing; expected photos (.jpg, ...
    """
    if not osp.isdir(source):
        return []
    lines = []
    for folder, others in folders_without_photos(source):
        what = (f'only {len(others)} file(s) of other kinds, e.g. '
                f'{others[0]!r}' if others else 'nothing')
        lines.append(f'warning: {folder} holds {what}; expected photos (' +
                     ', '.join(IMAGE_EXTENSIONS) + '): it gives no id')
    return lines


def read_landmark_csv(
        csv_path: str,
        image_root: str = '',
        problems: Optional[ProblemLog] = None,
        image_ids: str = 'path',
        label_column: str = 'landmark_id',
        labels_optional: bool = False) -> List[LandmarkImage]:
    """Rows of ``filename,landmark_id`` (the id column may be named by
    ``label_column``; an optional ``id`` column gives the image ids, other
    columns are ignored); ``filename`` relative to ``image_root`` (default:
    the CSV's folder). Rows without a file name, with a missing file or
    not an image are reported in ``problems`` (row number, what was
    expected) and skipped.

    With ``labels_optional`` (the queries and gallery of
    ``tools/retrieve.py``), a header of ``filename`` alone (or
    ``filename,id``) lists photos of unknown landmark; a header with other
    columns still needs the id column (a column named otherwise is refused,
    not read as no label).

    Raises:
        ValueError: The header lacks ``filename`` or the id column, or two
            rows give one image id (names both files).
    """
    problems = problems if problems is not None else ProblemLog()
    image_root = image_root or osp.dirname(csv_path)
    if not osp.isfile(csv_path):
        raise FileNotFoundError(f'{csv_path!r} does not exist; expected a '
                                f'CSV filename,{label_column}')
    items = []
    with reading_csv(csv_path), open_csv(csv_path) as f:
        reader = csv.reader(f)
        header = [c.strip() for c in next(reader, [])]
        unlabelled = (labels_optional and 'filename' in header
                      and set(header) <= {'filename', ID_COLUMN})
        if 'filename' not in header or (label_column not in header
                                        and not unlabelled):
            other = [c for c in header if c not in ('filename', label_column)]
            hint = (f' (the ids in {other[0]!r}? the converter reads them '
                    f'with --id-column {other[0]})'
                    if other and label_column not in header else '')
            raise ValueError(f'{csv_path}: header {header}; expected '
                             f'filename,{label_column}[,{ID_COLUMN}]{hint}')
        repeated = sorted({c for c in header if header.count(c) > 1} &
                          {'filename', label_column, ID_COLUMN})
        if repeated:
            raise ValueError(f'{csv_path}: column(s) {repeated} more than '
                             f'once in header {header}; expected each once')
        name_col = header.index('filename')
        label_col = None if unlabelled else header.index(label_column)
        # an ``id`` column names the photos, unless it is the label column
        id_col = (header.index(ID_COLUMN) if ID_COLUMN in header
                  and ID_COLUMN != label_column else None)

        def cell(row, col):
            return row[col].strip() if col is not None and len(row) > col \
                else ''

        for row_no, row in enumerate(reader, start=2):
            name, landmark = cell(row, name_col), cell(row, label_col)
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
                items.append(
                    LandmarkImage(path, landmark,
                                  cell(row, id_col)
                                  or image_id_of(name, image_ids)))
    check_unique_image_ids(items, csv_path)
    return items


def read_landmark_images(source: str,
                         image_root: str = '',
                         problems: Optional[ProblemLog] = None,
                         label_depth: Optional[int] = None,
                         image_ids: str = 'path',
                         labels_optional: bool = False) -> List[LandmarkImage]:
    """A folder tree (:func:`read_landmark_folder`) or a ``.csv``
    (:func:`read_landmark_csv`, ``labels_optional`` as it takes it)."""
    if source.lower().endswith('.csv'):
        if label_depth is not None:
            raise ValueError(f'--label-depth reads a folder tree; {source} '
                             'is a CSV whose landmark_id column gives the ids')
        return read_landmark_csv(
            source,
            image_root,
            problems,
            image_ids,
            labels_optional=labels_optional)
    return read_landmark_folder(source, label_depth, image_ids)


def check_unique_image_ids(items: Sequence[LandmarkImage],
                           source: str) -> None:
    """Refuse two photos with one image id, naming both files.

    Raises:
        ValueError: ``"<source>: image id '001' is given to both 'a/001.jpg'
            and 'b/001.jpg'; ..."``.
    """
    ids = UniqueImageIds(
        'expected one id per photo (the paths without extension, unless '
        '--image-ids stem or an id column gives them); rename one file')
    listed = set()
    try:
        for item in items:
            if item.path in listed:
                raise ValueError(f'{item.path!r} is listed twice; expected '
                                 'each photo once (one id each)')
            listed.add(item.path)
            ids.add(item.image_id, item.path)
    except ValueError as err:
        raise ValueError(f'{source}: {err}') from None


def describe_landmark_ids(items: Sequence[LandmarkImage]) -> str:
    """One line: ids found and photos per id (min, median, max), and the
    photos without an id.

    Examples:
        >>> describe_landmark_ids([LandmarkImage('a/1.jpg', 'a'),
        ...                        LandmarkImage('a/2.jpg', 'a'),
        ...                        LandmarkImage('b/1.jpg', 'b')])
        '2 ids, 3 photos; photos per id: min 1, median 1.5, max 2'
    """
    counts = Counter(it.landmark_id for it in items if it.landmark_id)
    unlabelled = sum(1 for it in items if not it.landmark_id)
    line = f'{len(counts)} ids, {len(items)} photos'
    if counts:
        per_id = sorted(counts.values())
        line += (f'; photos per id: min {per_id[0]}, median '
                 f'{statistics.median(per_id):g}, max {per_id[-1]}')
    if unlabelled:
        line += f'; {unlabelled} photo(s) without an id'
    return line


def check_query_ids(queries: Sequence[LandmarkImage],
                    gallery: Sequence[LandmarkImage], source: str) -> None:
    """Refuse labelled queries whose landmark has no photo in the gallery
    (a query with nothing to find), naming the first one and the count.

    Raises:
        ValueError: One line naming the query's file and its id.
    """
    in_gallery = {g.landmark_id for g in gallery}
    lonely = [q for q in queries if q.landmark_id not in in_gallery]
    lonely = [q for q in lonely if q.landmark_id]
    if lonely:
        raise ValueError(
            f'{source}: {len(lonely)} labelled quer(y/ies) whose id has no '
            f'photo in the gallery, e.g. {lonely[0].path!r} (id '
            f'{lonely[0].landmark_id!r}); expected every query id in the '
            'gallery (at least 2 photos per id: one query, one in the '
            'gallery)')


def single_photo_ids(items: Sequence[LandmarkImage]) -> List[LandmarkImage]:
    """The photos that are their id's only photo, in ``items``' order.

    Examples:
        >>> single_photo_ids([LandmarkImage('a/1.jpg', 'a'),
        ...                   LandmarkImage('a/2.jpg', 'a'),
        ...                   LandmarkImage('b/1.jpg', 'b')])
        [LandmarkImage(path='b/1.jpg', landmark_id='b', image_id='1')]
    """
    counts = Counter(it.landmark_id for it in items if it.landmark_id)
    return [it for it in items if counts.get(it.landmark_id) == 1]


# first folders that name a split of a data set, not a landmark
SPLIT_FOLDER_NAMES = ('train', 'training', 'val', 'valid', 'validation',
                      'test', 'testing', 'query', 'queries', 'gallery',
                      'index', 'database', 'db')


def split_folder_ids_line(items: Sequence[LandmarkImage]) -> str:
    """A warning line when one landmark seems to be two ids because the
    folder tree is split first (``query/boot`` and ``gallery/boot``), or
    ``''``: ids that differ only by a first folder named as a split
    (:data:`SPLIT_FOLDER_NAMES`).

    Examples:
        >>> split_folder_ids_line([LandmarkImage('q/1.jpg', 'query/boot'),
        ...                        LandmarkImage('g/1.jpg', 'gallery/boot')])
        "warning: 1 id(s) repeat under the split folders ['gallery', ...
    """
    splits_of = {}
    for landmark in sorted({it.landmark_id for it in items}):
        first, _, rest = landmark.partition('/')
        if rest and first.lower() in SPLIT_FOLDER_NAMES:
            splits_of.setdefault(rest, []).append(first)
    repeated = {k: v for k, v in splits_of.items() if len(v) > 1}
    if not repeated:
        return ''
    rest, splits = next(iter(repeated.items()))
    folders = sorted({f for v in repeated.values() for f in v})
    return (f'warning: {len(repeated)} id(s) repeat under the split folders '
            f'{folders}, e.g. {splits[0] + "/" + rest!r} and '
            f'{splits[1] + "/" + rest!r} '
            'count as 2 ids; expected one folder per landmark: convert one '
            'split folder (its own ids), or answer the set\'s own split with '
            'tools/retrieve.py --queries and --gallery')


def check_two_photos_per_id(items: Sequence[LandmarkImage],
                            source: str) -> None:
    """Refuse ids with a single photo in a set that is split into queries
    and gallery: that photo could be a query with nothing to find, or a
    gallery photo no query asks for.

    Raises:
        ValueError: One line naming the count and the first such photo.
    """
    single = single_photo_ids(items)
    if single:
        raise ValueError(
            f'{source}: {len(single)} id(s) with only 1 photo, e.g. '
            f'{single[0].landmark_id!r} ({single[0].path!r}); expected at '
            'least 2 photos per id in a query set (one query, one in the '
            'gallery): remove them, or give them to --gallery as '
            'distractors')
