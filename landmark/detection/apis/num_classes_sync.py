"""Give the detector as many classes as its data set has."""
import os.path as osp
from typing import Any, List, Optional

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset
from landmark.detection.apis.data_root import annotation_file
from landmark.detection.datasets import read_coco_class_names


def _set_num_classes(node: Any, num_classes: int) -> List[int]:
    """Set every ``num_classes`` in a model config; return the old ones."""
    old = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'num_classes' and isinstance(value, int):
                old.append(value)
                node[key] = num_classes
            else:
                old += _set_num_classes(value, num_classes)
    elif isinstance(node, (list, tuple)):
        for value in node:
            old += _set_num_classes(value, num_classes)
    return old


def sync_num_classes(cfg: Config, split: str = 'train') -> Optional[int]:
    """Make the model's ``num_classes`` match the data set's classes.

    ``LandmarkDataset`` reads its classes from the annotation file, so the
    same config trains on 5 synthetic landmarks or on 1-class raccoons; the
    heads must have as many outputs. Classes given in the dataset's
    ``metainfo`` win over the file. Nothing changes when the file is absent
    (building a model without data).

    Returns:
        int | None: The number of classes set, or None.
    """
    loader = cfg.get(f'{split}_dataloader')
    if not loader:
        return None
    dataset = innermost_dataset(loader)
    classes = (dataset.get('metainfo') or {}).get('classes')
    if not classes:
        ann_file = annotation_file(dataset)
        if dataset.get(
                'type') != 'LandmarkDataset' or not osp.isfile(ann_file):
            return None
        classes = read_coco_class_names(ann_file)
    old = set(_set_num_classes(cfg.model, len(classes)))
    if old and old != {len(classes)}:
        print_log(
            f'model num_classes {sorted(old)} -> {len(classes)} to match '
            f'the data set ({", ".join(classes)})',
            logger='current')
    return len(classes)
