"""A dataset listed in a CSV file: ``filename,label`` (or columns chosen
by name, extra columns ignored) or one column per label level."""
import csv
import os.path as osp
from typing import List, Optional, Sequence

from mmpretrain.registry import DATASETS

from landmark.classification.datasets.class_labels import (
    class_names_of_labels, label_to_class_id, read_label_csv)
from landmark.classification.datasets.labelled_image_dataset import \
    LabelledImageDataset
from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.data_problems import ProblemLog

NO_LABEL = -1
_EMPTY = ('', '-1')


@DATASETS.register_module()
class ClassCsvDataset(LabelledImageDataset):
    """Images listed in a CSV file with a header row.

    One label: the ``filename`` and ``label`` columns (or those named by
    ``filename_column`` / ``label_column``); other columns are ignored.
    Labels are class names or class ids (integers); names come from the
    data (sorted; integers as numbers) unless ``metainfo=dict(classes=...)``
    gives them, in which case an integer label is an index into them. A
    photo listed twice is reported and its later row left out.

    Several levels (no ``label`` column and no ``label_column``): the
    ``filename`` column first, then one column per level, coarse to fine
    (``filename,coarse,mid,fine``). An empty cell or ``-1`` means "no label
    at this level". Class names come from the data (sorted per level)
    unless ``level_classes`` give them.

    Each item has ``gt_label`` (the last level) and, with several levels,
    ``gt_levels`` (one id per level, -1 for none; pack it with
    ``PackInputs(algorithm_keys=['gt_levels'])``). Rows with an unknown
    class or a bad file name, and unreadable images, are reported (file and
    row) and left out.

    Args:
        ann_file (str): The CSV file.
        data_root (str): Root of ``ann_file`` and the images.
        data_prefix (str): Folder of the images under ``data_root``.
        filename_column (str): Column of the file names. Defaults to
            ``'filename'``.
        label_column (str, optional): Column of the labels (one level).
            Defaults to ``'label'`` when the header has it, else one level
            per column after ``filename``.
        level_classes (Sequence[Sequence[str]], optional): Class names of
            each level.
        **kwargs: As mmpretrain's ``BaseDataset``.

    Examples:
        >>> dataset = dict(type='ClassCsvDataset', data_root='data/shop',
        ...                ann_file='train.csv', data_prefix='images')
        >>> # a CSV with columns image_name,category,photographer
        >>> dataset = dict(type='ClassCsvDataset', ann_file='labels.csv',
        ...                filename_column='image_name',
        ...                label_column='category')
    """

    def __init__(self,
                 ann_file: str,
                 data_root: str = '',
                 data_prefix: str = '',
                 filename_column: str = 'filename',
                 label_column: Optional[str] = None,
                 level_classes: Optional[Sequence[Sequence[str]]] = None,
                 **kwargs):
        self.level_classes = level_classes
        self.filename_column = filename_column
        self.label_column = label_column
        super().__init__(
            ann_file=ann_file,
            data_root=data_root,
            data_prefix=data_prefix,
            **kwargs)

    def _read_rows(self) -> List[dict]:
        with reading_csv(self.ann_file), open_csv(self.ann_file) as f:
            reader = csv.reader(f)
            header = [h.strip() for h in next(reader, [])]
            if len(header) < 2 or header[0] != self.filename_column:
                raise ValueError(
                    f'{self.ann_file}: header {header}; expected '
                    f"'{self.filename_column},label' or "
                    f"'{self.filename_column},<level 1>,<level 2>,...'")
            repeated = sorted({h for h in header if header.count(h) > 1})
            if repeated:
                raise ValueError(
                    f'{self.ann_file}: column(s) {repeated} more than once '
                    f'in header {header}; expected one column per level')
            rows = [dict(zip(header, cells)) for cells in reader if cells]
        self.level_names = header[1:]
        return rows

    def _one_label_column(self) -> Optional[str]:
        """The label column when the CSV has one label, else None."""
        if self.label_column is not None:
            return self.label_column
        with reading_csv(self.ann_file), open_csv(self.ann_file) as f:
            header = [h.strip() for h in next(csv.reader(f), [])]
        return 'label' if 'label' in header else None

    def _load_one_level(self, label_column: str) -> List[dict]:
        problems = ProblemLog()
        rows = read_label_csv(self.ann_file, self.filename_column,
                              label_column, problems)
        names = class_names_of_labels([r[2] for r in rows],
                                      self._metainfo.get('classes'))
        lookup = {n: i for i, n in enumerate(names)}
        items = []
        for row_no, file, label in rows:
            class_id = label_to_class_id(label, names, lookup)
            if class_id is None:
                problems.add(
                    'unknown_class', self.ann_file,
                    f'{label_column}={label!r}; expected one of {names} '
                    f'or a class id below {len(names)}', f'row {row_no}')
                continue
            items.append(
                dict(
                    img_path=osp.join(self.data_prefix['img_path'], file),
                    gt_label=class_id))
        self._metainfo['classes'] = tuple(names)
        return self.keep_readable(items, problems)

    def load_data_list(self) -> List[dict]:
        items = self._load_items()
        if not items:
            raise ValueError(
                f'{self.ann_file}: no usable row ({self.problems.num_skipped} '
                'left out); expected rows of a file name and a label, '
                'naming readable photos')
        return items

    def _load_items(self) -> List[dict]:
        label_column = self._one_label_column()
        if label_column is not None:
            return self._load_one_level(label_column)
        rows = self._read_rows()
        levels = self.level_names
        if self.level_classes is not None:
            names = [list(c) for c in self.level_classes]
        elif len(levels) == 1 and self._metainfo.get('classes'):
            names = [list(self._metainfo['classes'])]
        else:
            names = [
                sorted({(r.get(level) or '').strip()
                        for r in rows} - set(_EMPTY)) for level in levels
            ]
        if len(names) != len(levels):
            raise ValueError(f'{self.ann_file}: {len(levels)} label columns '
                             f'but {len(names)} level_classes; expected one '
                             'list of class names per column')
        ids = [{n: i for i, n in enumerate(level)} for level in names]
        problems = ProblemLog()
        items = []
        for row_no, row in enumerate(rows, start=2):
            file = (row.get(self.filename_column) or '').strip()
            if not file:
                problems.add('bad_annotation', self.ann_file,
                             'expected a file name', f'row {row_no}')
                continue
            labels = []
            for level, lookup in zip(levels, ids):
                value = (row.get(level) or '').strip()
                if value in _EMPTY:
                    labels.append(NO_LABEL)
                elif value in lookup:
                    labels.append(lookup[value])
                else:
                    problems.add(
                        'unknown_class', self.ann_file,
                        f'{level}={value!r}; expected one of '
                        f'{sorted(lookup)} or empty', f'row {row_no}')
                    break
            else:
                item = dict(
                    img_path=osp.join(self.data_prefix['img_path'], file),
                    gt_label=labels[-1])
                if len(levels) > 1:
                    item['gt_levels'] = labels
                items.append(item)
        self._metainfo['classes'] = tuple(names[-1])
        if len(levels) > 1:
            self._metainfo['level_classes'] = tuple(tuple(n) for n in names)
            self._metainfo['level_names'] = tuple(levels)
        return self.keep_readable(items, problems)
