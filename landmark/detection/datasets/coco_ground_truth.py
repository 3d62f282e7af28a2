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
    try:
        with open(ann_file, encoding='utf-8') as f:
            coco = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f'{ann_file}: not valid JSON ({err})') from err
    except OSError as err:
        raise ValueError(f'{ann_file}: cannot be read ({err})') from err
    categories = coco.get('categories') if isinstance(coco, dict) else None
    if not categories:
        raise ValueError(
            f'{ann_file}: no "categories" list; a COCO file needs '
            '"categories": [{"id": 1, "name": "..."}, ...]')
    return coco


# keys every entry of a COCO list must have, and what the entry is
_REQUIRED_KEYS = dict(
    categories=('id', 'name'),
    images=('id', 'file_name'),
    annotations=('image_id', ))


def read_coco_file(ann_file: str) -> dict:
    """Read a COCO detection file, checked enough for the tools to use it:
    ``categories`` and ``images`` lists whose entries have their ids and
    names, ``annotations`` (if any) whose entries name their image.

    Args:
        ann_file (str): The COCO JSON.

    Returns:
        dict: The parsed file.

    Raises:
        FileNotFoundError: The file does not exist.
        ValueError: It is not valid JSON or not COCO; the message names the
            file, the entry and the key expected.
    """
    coco = _read_coco_file(ann_file)
    coco.setdefault('annotations', [])
    for key, required in _REQUIRED_KEYS.items():
        entries = coco.get(key)
        if not isinstance(entries, list):
            raise ValueError(f'{ann_file}: "{key}" must be a list, got '
                             f'{type(entries).__name__}')
        for index, entry in enumerate(entries):
            missing = [
                k for k in required
                if not isinstance(entry, dict) or k not in entry
            ]
            if missing:
                raise ValueError(
                    f'{ann_file}: {key}[{index}] has no {missing[0]!r}; '
                    f'expected keys {", ".join(required)}')
            if not isinstance(entry[required[0]], (int, str)):
                raise ValueError(
                    f'{ann_file}: {key}[{index}]["{required[0]}"] is '
                    f'{entry[required[0]]!r}; expected a number or a name')
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
