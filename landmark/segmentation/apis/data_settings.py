"""A segmentation config's top-level data settings, written into its data
sets.

A config file builds its data sets when it loads, so ``data_root``,
``metainfo``, ``img_suffix`` and ``seg_map_suffix`` set by a child config
(``_base_ = ['.../unet-tiny_s4-d8_1xb2-flip-8e_your-data.py']`` and a new
``data_root``) or by ``--cfg-options data_root=...`` would not reach the
``train_dataloader``, ``val_dataloader`` and ``test_dataloader`` data sets
written by the base: the run would train and test on the base's data and
classes without a word. The tools (train, test, infer, ensemble and
``landmark.Inferencer``) write them in, as they write the pixel budget
(:mod:`~landmark.segmentation.apis.pixel_budget`).
"""
import copy
from typing import List

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset

DATA_KEYS = ('data_root', 'metainfo', 'img_suffix', 'seg_map_suffix')
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def apply_data_settings(cfg: Config) -> List[str]:
    """Give the data sets the config's top-level ``data_root``,
    ``metainfo``, ``img_suffix`` and ``seg_map_suffix`` where they all hold
    another, common value (a child config or ``--cfg-options`` changed the
    top-level key after the base had built its data sets), saying so.

    A key the data sets set differently from each other (e.g. ``--cfg-options
    train_dataloader.dataset.seg_map_suffix=.png``) is chosen per data set
    and left as it is.

    Args:
        cfg (Config): The config, changed in place.

    Returns:
        list[str]: The keys written into the data sets.

    Examples:
        >>> # a child of the your-data config: its own data and classes
        >>> _base_ = ['./unet-tiny_s4-d8_1xb2-flip-8e_your-data.py']
        >>> data_root = 'data/cells'
        >>> metainfo = dict(classes=('cell', 'membrane', 'vesicle'),
        ...                 palette=[[0, 0, 0], [255, 0, 0], [0, 200, 0]])
    """
    datasets = [innermost_dataset(cfg[key]) for key in LOADERS if cfg.get(key)]
    written = []
    for key in DATA_KEYS:
        if key not in cfg:
            continue
        holders = [d for d in datasets if key in d]
        values = [d[key] for d in holders]
        if not holders or any(v != values[0] for v in values[1:]) \
                or values[0] == cfg[key]:
            continue
        for dataset in holders:
            dataset[key] = copy.deepcopy(cfg[key])
        written.append(key)
        print_log(
            f'{key} of the data sets {_short(values[0])} -> '
            f'{_short(cfg[key])}, the config\'s top-level {key}',
            logger='current')
    return written


def _short(value) -> str:
    text = repr(value.to_dict() if hasattr(value, 'to_dict') else value)
    return text if len(text) <= 80 else text[:77] + '...'
