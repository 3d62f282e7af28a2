"""Read the class names and the ground-truth boxes of a COCO file, as
``LandmarkDataset`` numbers the classes (label ``i`` is the ``i``-th
category by id)."""
import json
import os.path as osp
from typing import Any, Dict, Tuple

import numpy as np

GroundTruth = Tuple[Dict[Any, dict], Tuple[str, ...]]


def _read_coco_file(ann_file: str) -> dict:
    """The parsed COCO file, checked to have a ``categories`` list.

    Raises:
        FileNotFoundError / ValueError: naming the file and what is missing.
    """
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'annotation file {ann_file!r} does not exist')
    with open(ann_file, encoding='utf-8') as f:
        try:
            coco = json.load(f)
        except json.JSONDecodeError as err:
            raise ValueError(f'{ann_file}: not valid JSON ({err})') from err
    categories = coco.get('categories') if isinstance(coco, dict) else None
    if not categories:
        raise ValueError(
            f'{ann_file}: no "categories" list; a COCO file needs '
            '"categories": [{"id": 1, "name": "..."}, ...]')
    return coco


def read_coco_class_names(ann_file: str) -> Tuple[str, ...]:
    """Class names of a COCO file, ordered by category id.

    Raises:
        FileNotFoundError / ValueError: naming the file and what is missing.
    """
    categories = _read_coco_file(ann_file)['categories']
    return tuple(c['name'] for c in sorted(categories, key=lambda c: c['id']))


def read_coco_ground_truth(ann_file: str,
                           keep_crowd: bool = False) -> GroundTruth:
    """Ground truth of a COCO file as model labels.

    Label ``i`` is the ``i``-th class by category id, as ``LandmarkDataset``
    numbers them. Annotations of images the file does not list are left
    out.

    Args:
        ann_file (str): The COCO annotation file.
        keep_crowd (bool): Keep the boxes marked ``iscrowd`` (VOC
            "difficult" boxes become crowd boxes). The metrics drop them,
            as COCO does; the error sheet shows them. Defaults to False.

    Returns:
        tuple: ``{image id: {'file_name', 'bboxes' (Nx4 xyxy float64),
        'labels' (N int64)}}`` and the class names.

    Raises:
        FileNotFoundError / ValueError: naming the file and what is missing.
    """
    coco = _read_coco_file(ann_file)
    categories = sorted(coco['categories'], key=lambda c: c['id'])
    classes = tuple(c['name'] for c in categories)
    label_of = {c['id']: i for i, c in enumerate(categories)}
    images = {
        img['id']: dict(file_name=img['file_name'], bboxes=[], labels=[])
        for img in coco.get('images', [])
    }
    for ann in coco.get('annotations', []):
        if ann['image_id'] not in images:
            continue
        if ann.get('iscrowd', 0) and not keep_crowd:
            continue
        x, y, w, h = ann['bbox']
        images[ann['image_id']]['bboxes'].append([x, y, x + w, y + h])
        images[ann['image_id']]['labels'].append(label_of[ann['category_id']])
    for img in images.values():
        img['bboxes'] = np.array(img['bboxes'], np.float64).reshape(-1, 4)
        img['labels'] = np.array(img['labels'], np.int64)
    return images, classes
