"""A dataset of one folder per class."""
import os
import os.path as osp
from typing import List, Optional

from mmengine.logging import print_log
from mmpretrain.registry import DATASETS

from landmark.classification.datasets.class_labels import (
    check_split_counts, class_folder_photos)
from landmark.classification.datasets.class_splits import (long_tailed_cut,
                                                           stratified_split)
from landmark.classification.datasets.labelled_image_dataset import \
    LabelledImageDataset
from landmark.core.submission import write_csv_rows

SPLITS = (None, 'train', 'val')


@DATASETS.register_module()
class ClassFolderDataset(LabelledImageDataset):
    """Images in ``{data_root}/{data_prefix}/{class name}/`` (or, with
    ``class_depth=2``, ``{data_prefix}/{any}/{class name}/``; photos in
    sub-folders of a class folder belong to it); the class names are the
    folder names, sorted (or ``metainfo=dict(classes=...)``, which also
    picks and orders the folders). An empty class folder, and with a split
    a class of one photo, is refused in one line.

    A seeded stratified split (``split='train'`` / ``'val'``) lets one
    folder tree serve both loops without copying it; ``long_tail_ratio``
    then cuts the chosen part to an exponential long tail (see
    :func:`long_tailed_cut`; the largest class keeps all its images).
    Unreadable images are reported by file and left out.

    Args:
        data_root (str): Root folder.
        data_prefix (str): Sub-folder holding the class folders.
            Defaults to ``''``.
        split (str, optional): None (all images), ``'train'`` or ``'val'``.
        val_fraction (float): Share of each class in ``'val'``.
            Defaults to 0.2.
        split_seed (int): Seed of the split and of the cut. Defaults to 0.
        long_tail_ratio (float, optional): Imbalance ratio of a long-tailed
            cut of the chosen part. Defaults to None (no cut).
        class_depth (int): Folder level of the class names under
            ``data_prefix`` (1: ``<class>/photo.jpg``). Defaults to 1.
        split_file (str, optional): Where to list the photos of this part
            (``filename,label``); ``tools/train.py`` sets
            ``{work_dir}/{split}_split.csv``. Defaults to None.
        **kwargs: As mmpretrain's ``BaseDataset`` (``pipeline``...).

    Examples:
        >>> train_dataloader = dict(dataset=dict(
        ...     type='ClassFolderDataset', data_root='data/trash',
        ...     split='train', pipeline=train_pipeline))
    """

    def __init__(self,
                 data_root: str,
                 data_prefix: str = '',
                 split: Optional[str] = None,
                 val_fraction: float = 0.2,
                 split_seed: int = 0,
                 long_tail_ratio: Optional[float] = None,
                 class_depth: int = 1,
                 split_file: Optional[str] = None,
                 **kwargs):
        if split not in SPLITS:
            raise ValueError(f'ClassFolderDataset: split={split!r}; '
                             f'expected one of {SPLITS}')
        self.split = split
        self.val_fraction = val_fraction
        self.split_seed = split_seed
        self.long_tail_ratio = long_tail_ratio
        self.class_depth = class_depth
        self.split_file = split_file
        super().__init__(
            ann_file='',
            data_root=data_root,
            data_prefix=data_prefix,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        folder = self.data_prefix['img_path']
        photos = class_folder_photos(folder, self.class_depth)
        found = sorted({name for _, name in photos})
        classes = list(self._metainfo.get('classes') or found)
        missing = [c for c in classes if c not in found]
        if missing:
            raise FileNotFoundError(
                f'ClassFolderDataset: {folder!r} has no folder for '
                f'class(es) {missing} at class_depth={self.class_depth}; '
                'expected one per class')
        ids = {name: i for i, name in enumerate(classes)}
        photos = [(path, name) for path, name in photos if name in ids]
        if self.split is not None:
            check_split_counts([name for _, name in photos], folder)
        self._metainfo['classes'] = tuple(classes)
        items = [
            dict(img_path=path, gt_label=ids[name])
            for name in classes for path, n in photos if n == name
        ]
        if self.split is not None:
            train, val = stratified_split([i['gt_label'] for i in items],
                                          self.val_fraction, self.split_seed)
            items = [
                items[i] for i in (train if self.split == 'train' else val)
            ]
        if self.long_tail_ratio:
            kept = long_tailed_cut([i['gt_label'] for i in items],
                                   self.long_tail_ratio, self.split_seed)
            items = [items[i] for i in kept]
        items = self.keep_readable(items)
        if self.split_file:
            self.write_split_file(items, classes)
        return items

    def write_split_file(self, items: List[dict],
                         classes: List[str]) -> None:
        """List the photos of this part in ``split_file`` (``filename,label``,
        file names relative to ``data_root``), atomically: the held-out
        photos are named, and ``ClassCsvDataset(data_root=<the same root>,
        ann_file=<the file>)`` reads the same part again."""
        os.makedirs(osp.dirname(osp.abspath(self.split_file)), exist_ok=True)
        root = self.data_root or ''
        write_csv_rows(self.split_file, ('filename', 'label'),
                       [(osp.relpath(i['img_path'], root).replace(
                           osp.sep, '/'), classes[i['gt_label']])
                        for i in items])
        print_log(
            f'{self.split} photos ({len(items)}) listed in '
            f'{self.split_file}',
            logger='current')
