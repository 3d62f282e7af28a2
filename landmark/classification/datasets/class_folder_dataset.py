"""A dataset of one folder per class."""
import os
import os.path as osp
from typing import List, Optional

from mmpretrain.registry import DATASETS

from landmark.classification.datasets.class_splits import (long_tailed_cut,
                                                           stratified_split)
from landmark.classification.datasets.labelled_image_dataset import \
    LabelledImageDataset
from landmark.core.image_files import is_image_file

SPLITS = (None, 'train', 'val')


@DATASETS.register_module()
class ClassFolderDataset(LabelledImageDataset):
    """Images in ``{data_root}/{data_prefix}/{class name}/``; the class
    names are the folder names, sorted (or ``metainfo=dict(classes=...)``,
    which also picks and orders the folders).

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
                 **kwargs):
        if split not in SPLITS:
            raise ValueError(f'ClassFolderDataset: split={split!r}; '
                             f'expected one of {SPLITS}')
        self.split = split
        self.val_fraction = val_fraction
        self.split_seed = split_seed
        self.long_tail_ratio = long_tail_ratio
        super().__init__(
            ann_file='',
            data_root=data_root,
            data_prefix=data_prefix,
            **kwargs)

    def _class_names(self, folder: str) -> List[str]:
        if not osp.isdir(folder):
            raise FileNotFoundError(f'ClassFolderDataset: {folder!r} does '
                                    'not exist; expected a folder with one '
                                    'sub-folder per class')
        found = sorted(
            d for d in os.listdir(folder) if osp.isdir(osp.join(folder, d)))
        wanted = self._metainfo.get('classes')
        if wanted:
            missing = [c for c in wanted if c not in found]
            if missing:
                raise FileNotFoundError(
                    f'ClassFolderDataset: {folder!r} has no folder for '
                    f'class(es) {missing}; expected one per class')
            return list(wanted)
        if not found:
            raise FileNotFoundError(f'ClassFolderDataset: {folder!r} has no '
                                    'class sub-folders')
        return found

    def load_data_list(self) -> List[dict]:
        folder = self.data_prefix['img_path']
        classes = self._class_names(folder)
        self._metainfo['classes'] = tuple(classes)
        items = []
        for label, name in enumerate(classes):
            class_dir = osp.join(folder, name)
            for file in sorted(os.listdir(class_dir)):
                if is_image_file(file):
                    items.append(
                        dict(
                            img_path=osp.join(class_dir, file),
                            gt_label=label))
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
        return self.keep_readable(items)
