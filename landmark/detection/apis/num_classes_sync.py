"""Give the detector as many classes as its data set has."""
import os.path as osp
from typing import Optional

from mmengine.config import Config

from landmark.core.config_paths import innermost_dataset
from landmark.core.runner.num_classes import match_model_classes
from landmark.detection.apis.data_root import annotation_file
from landmark.detection.datasets import read_coco_class_names


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
    match_model_classes(cfg, [len(classes)], classes, 'the data set')
    return len(classes)
