"""Read the class names and the ground-truth boxes of a COCO file, as
``LandmarkDataset`` numbers the classes (label ``i`` is the ``i``-th
category by id)."""
import json
import math
import os.path as osp
from typing import Any, Dict, List, Optional, Sequence, Tuple

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
    for key in _REQUIRED_KEYS:
        _check_entries(coco, key, ann_file)
    return coco


def _check_entries(coco: dict, key: str, ann_file: str) -> None:
    """``coco[key]`` is a list of dicts with the keys and types that every
    reader relies on (:data:`_REQUIRED_KEYS`, :data:`_TYPED_KEYS`)."""
    required = _REQUIRED_KEYS[key]
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
        if not _is_id(entry[required[0]]):
            raise ValueError(
                f'{ann_file}: {key}[{index}]["{required[0]}"] is '
                f'{_short(entry[required[0]])}; expected a number or a '
                'name')
        for field, (kinds, expected) in _TYPED_KEYS[key].items():
            value = entry.get(field)
            if field in entry and not (isinstance(value, kinds)
                                       and not isinstance(value, bool)):
                raise ValueError(
                    f'{ann_file}: {key}[{index}]["{field}"] is '
                    f'{_short(value)}; expected {expected}')


def _is_id(value) -> bool:
    """An id of a COCO entry: an int or a string (not a bool)."""
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + '...'


# keys whose type every reader relies on, checked where present
_TYPED_KEYS = dict(
    categories=dict(name=(str, 'a class name')),
    images=dict(file_name=(str, 'a file name')),
    annotations=dict())


def check_coco_for_training(coco: dict, ann_file: str) -> None:
    """What MMDetection's COCO loader needs of a file :func:`read_coco_file`
    read, checked first so that a bad entry is one line naming it rather
    than a traceback from pycocotools: unique ids, image sizes, and for
    each annotation an id, a known image and category, a finite
    ``[x, y, w, h]`` box and its area.

    Raises:
        ValueError: Names the file, the entry and what was expected; points
            to ``tools/check_dataset.py --out``, which writes the file
            without the unusable entries.
    """
    fix = ('; tools/check_dataset.py --out writes the file without the '
           'unusable entries')
    seen = {}
    for key in ('categories', 'images'):
        ids = seen[key] = set()
        for index, entry in enumerate(coco[key]):
            if entry['id'] in ids:
                raise ValueError(f'{ann_file}: {key}[{index}] repeats id '
                                 f'{entry["id"]!r}{fix}')
            ids.add(entry['id'])
            if key == 'images' and not all(
                    _is_number(entry.get(k)) and entry[k] > 0
                    for k in ('width', 'height')):
                raise ValueError(
                    f'{ann_file}: images[{index}] has width '
                    f'{_short(entry.get("width"))} and height '
                    f'{_short(entry.get("height"))}; expected positive '
                    f'numbers{fix}')
    ann_ids = set()
    for index, ann in enumerate(coco['annotations']):
        where = f'{ann_file}: annotations[{index}]'
        if not _is_id(ann.get('id')) or ann['id'] in ann_ids:
            raise ValueError(f'{where} has id {_short(ann.get("id"))}; '
                             f'expected a number or a name used once{fix}')
        ann_ids.add(ann['id'])
        for field, known in (('image_id', 'images'),
                             ('category_id', 'categories')):
            if not _is_id(ann.get(field)) or ann[field] not in seen[known]:
                raise ValueError(
                    f'{where} has {field} {_short(ann.get(field))}; '
                    f'expected an id of "{known}"{fix}')
        bbox = ann.get('bbox')
        if not (isinstance(bbox, list) and len(bbox) == 4
                and all(_is_number(v) for v in bbox)):
            raise ValueError(f'{where} has bbox {_short(bbox)}; expected '
                             f'[x, y, w, h], four finite numbers{fix}')
        if not _is_number(ann.get('area')):
            raise ValueError(f'{where} has area {_short(ann.get("area"))}; '
                             f'expected a number{fix}')


def _is_number(value) -> bool:
    """A finite float, or an int a float holds exactly (not a bool)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= 2**53
    return isinstance(value, float) and math.isfinite(value)


def read_coco_class_names(ann_file: str) -> Tuple[str, ...]:
    """Class names of a COCO file, ordered by category id.

    Raises:
        FileNotFoundError / ValueError: naming the file and what is missing.
    """
    coco = _read_coco_file(ann_file)
    _check_entries(coco, 'categories', ann_file)
    categories = coco['categories']
    try:
        return tuple(
            c['name'] for c in sorted(categories, key=lambda c: c['id']))
    except TypeError:  # numbers and names mixed among the ids
        raise ValueError(f'{ann_file}: the category ids mix numbers and '
                         'names; expected one kind') from None


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


def match_image_ids(img_paths: Sequence[str],
                    images: Dict[Any, dict]) -> List[Optional[Any]]:
    """The COCO image id of each predicted photo, by its path: the image
    whose ``file_name`` is the photo's file name, or, where file names
    repeat across folders (``a/001.jpg``, ``b/001.jpg``), the one whose
    ``file_name`` ends the photo's path; None where no image, or more
    than one, matches.

    Args:
        img_paths (Sequence[str]): Paths of the predicted photos (e.g. the
            ``img_path`` of ``tools/infer.py``'s ``predictions.json``).
        images (dict): ``{image id: dict(file_name=...)}`` of a COCO file.

    Examples:
        >>> images = {1: dict(file_name='a/0.jpg'),
        ...           2: dict(file_name='b/0.jpg')}
        >>> match_image_ids(['data/images/b/0.jpg', 'x/1.jpg'], images)
        [2, None]
    """
    by_name: Dict[str, List[Tuple[Any, List[str]]]] = {}
    for image_id, image in images.items():
        parts = str(image['file_name']).replace('\\', '/').split('/')
        by_name.setdefault(parts[-1], []).append((image_id, parts))
    ids = []
    for path in img_paths:
        parts = str(path or '').replace(osp.sep, '/').split('/')
        found = by_name.get(parts[-1], [])
        if len(found) > 1:
            found = [(image_id, tail) for image_id, tail in found
                     if parts[-len(tail):] == tail]
        ids.append(found[0][0] if len(found) == 1 else None)
    return ids
