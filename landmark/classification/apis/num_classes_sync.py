"""Give the classifier as many classes as its data set has, and refuse a
checkpoint trained for another number of classes (as
:mod:`landmark.detection.apis.num_classes_sync` does for detection)."""
import csv
import os.path as osp
from typing import List, Optional, Sequence

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.classification.datasets.class_labels import (
    check_split_counts, class_folder_photos, class_names_of_labels,
    read_label_csv)
from landmark.core.config_paths import innermost_dataset
from landmark.core.runner.num_classes import match_model_classes

_NO_LABEL = ('', '-1')


class ClassCountError(ValueError):
    """A checkpoint's class count disagrees with the data or the config."""


def _under_root(dataset: dict, path: str) -> str:
    root = dataset.get('data_root') or ''
    return path if osp.isabs(path) or not root else osp.join(root, path)


def _image_prefix(dataset: dict) -> str:
    prefix = dataset.get('data_prefix') or ''
    if isinstance(prefix, dict):
        prefix = prefix.get('img_path', '')
    return _under_root(dataset, prefix)


def _csv_level_classes(dataset: dict) -> List[List[str]]:
    path = _under_root(dataset, dataset['ann_file'])
    label_column = dataset.get('label_column')
    if label_column is None:
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'{path}: does not exist; expected a label CSV '
                '(filename,label), as tools/dataset_converters/'
                'split_class_data.py writes train.csv and val.csv into its '
                '--out-dir')
        with open(path, newline='', encoding='utf-8-sig') as f:
            header = [h.strip() for h in next(csv.reader(f), [])]
        if 'label' in header:
            label_column = 'label'
        elif dataset.get('level_classes'):
            return [list(c) for c in dataset['level_classes']]
        else:  # one level per column after filename
            with open(path, newline='', encoding='utf-8-sig') as f:
                rows = list(csv.DictReader(f))
            return [
                sorted({(r.get(level) or '').strip()
                        for r in rows} - set(_NO_LABEL))
                for level in header[1:]
            ]
    rows = read_label_csv(path, dataset.get('filename_column', 'filename'),
                          label_column)
    classes = (dataset.get('metainfo') or {}).get('classes')
    return [class_names_of_labels([r[2] for r in rows], classes)]


def dataset_level_classes(dataset: dict) -> Optional[List[List[str]]]:
    """The class names of a dataset config, one list per label level,
    read from its folders or label CSV without loading a photo; None for a
    dataset type whose classes cannot be read so.

    Raises:
        FileNotFoundError: The folder or CSV does not exist.
        ValueError: An empty class folder, a class of one photo where a
            split needs two, or a CSV without the label columns.
    """
    kind = dataset.get('type')
    if kind == 'ClassFolderDataset':
        folder = _image_prefix(dataset)
        photos = class_folder_photos(folder, dataset.get('class_depth', 1))
        classes = (dataset.get('metainfo') or {}).get('classes')
        names = list(classes) if classes else sorted(
            {name for _, name in photos})
        if dataset.get('split') is not None:
            check_split_counts([n for _, n in photos if n in names], folder)
        return [names]
    if kind == 'ClassCsvDataset':
        return _csv_level_classes(dataset)
    return None


def _split_levels(cfg: Config, split: str,
                  required: bool) -> Optional[List[List[str]]]:
    loader = cfg.get(f'{split}_dataloader')
    if not loader:
        return None
    try:
        return dataset_level_classes(innermost_dataset(loader))
    except FileNotFoundError:
        if required:
            raise
        return None


def sync_num_classes(cfg: Config,
                     split: str = 'train',
                     required: bool = True) -> Optional[List[str]]:
    """Make every ``num_classes`` of the model (heads, RSG, the model's
    and the top-level ``data_preprocessor``) match the classes of the
    ``{split}_dataloader``'s data set.

    Args:
        cfg (Config): The config, changed in place.
        split (str): ``'train'``, ``'val'`` or ``'test'``.
        required (bool): Raise when the data is absent (training); else
            change nothing and return None.

    Returns:
        list[str] | None: The finest level's class names, or None.

    Examples:
        >>> # 5 class folders under data/my_trash: the head gets 5 outputs
        >>> sync_num_classes(cfg, 'train')
        ['cardboard', 'glass', 'metal', 'paper', 'plastic']
    """
    levels = _split_levels(cfg, split, required)
    if levels is None:
        return None
    match_model_classes(cfg, [len(names) for names in levels],
                        levels[-1], f'the {split} data')
    return list(levels[-1])


def sync_num_classes_to_checkpoint(
        cfg: Config,
        checkpoint_file: str,
        checkpoint_names: Optional[Sequence[str]],
        split: str = 'test',
        required: bool = True) -> Optional[List[str]]:
    """Before testing or inferring with a checkpoint: give the model the
    checkpoint's classes and check them against the ``{split}`` data.

    Data whose classes are some of the checkpoint's (a test set without a
    rare class) is read with the checkpoint's classes, so that class ids
    agree; data with another number of classes is refused
    (:func:`check_checkpoint_classes`). Without data (``required=False``
    and no data found) the checkpoint's classes are used.

    Returns:
        list[str] | None: The class names the model predicts.

    Raises:
        ClassCountError: The checkpoint's and the data's counts differ.
    """
    levels = _split_levels(cfg, split, required)
    dataset = innermost_dataset(cfg[f'{split}_dataloader']) if cfg.get(
        f'{split}_dataloader') else {}
    if levels is not None and len(levels) == 1 and checkpoint_names and \
            not (dataset.get('metainfo') or {}).get('classes') and \
            set(levels[0]) < set(checkpoint_names):
        print_log(
            f'the {split} data has {len(levels[0])} of the '
            f'{len(checkpoint_names)} classes of {checkpoint_file}; it is '
            'read with the checkpoint\'s classes',
            logger='current')
        dataset['metainfo'] = dict(classes=list(checkpoint_names))
        levels = [list(checkpoint_names)]
    if levels is not None:
        check_checkpoint_classes(checkpoint_file, checkpoint_names,
                                 levels[-1], f'the {split} data')
        match_model_classes(cfg, [len(names) for names in levels],
                            levels[-1], f'the {split} data')
        return list(levels[-1])
    if checkpoint_names:
        match_model_classes(cfg, [len(checkpoint_names)],
                            checkpoint_names, checkpoint_file)
        return list(checkpoint_names)
    return None


def checkpoint_classes(checkpoint: dict) -> Optional[List[str]]:
    """The class names a checkpoint was trained on (``meta.dataset_meta``,
    saved by ``tools/train.py``), or None."""
    meta = checkpoint.get('meta') or {}
    classes = (meta.get('dataset_meta') or {}).get('classes')
    return None if classes is None else list(classes)


def check_checkpoint_classes(checkpoint_file: str,
                             checkpoint_names: Optional[Sequence[str]],
                             data_names: Optional[Sequence[str]],
                             what: str = 'the data set') -> None:
    """Refuse a checkpoint trained for another number of classes than the
    data (or config) has, in one line naming both counts; a warning when
    the counts agree but the names differ.

    Raises:
        ClassCountError: The counts differ.
    """
    if checkpoint_names is None or data_names is None:
        return
    if len(checkpoint_names) != len(data_names):
        raise ClassCountError(
            f'{checkpoint_file}: trained for {len(checkpoint_names)} '
            f'classes ({", ".join(checkpoint_names)}) but {what} has '
            f'{len(data_names)} ({", ".join(data_names)}); expected the '
            'same classes (train on this data, or test on the data the '
            'checkpoint was trained on)')
    if list(checkpoint_names) != list(data_names):
        print_log(
            f'{checkpoint_file}: its class names '
            f'{list(checkpoint_names)} differ from those of {what} '
            f'{list(data_names)}; class i of one is taken as class i of '
            'the other',
            logger='current',
            level=30)
