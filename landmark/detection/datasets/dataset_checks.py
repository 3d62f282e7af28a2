"""Check a COCO detection data set against its image files."""
import json
import os.path as osp
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError, decode_image,
                                       find_image_file, read_image_size)
from landmark.detection.datasets.coco_builder import validate_box
from landmark.detection.datasets.coco_ground_truth import \
    read_coco_class_names


@dataclass
class DatasetSummary:
    """What a data set holds, as :func:`check_coco_dataset` found it."""
    ann_file: str
    num_images: int = 0
    num_boxes: int = 0
    class_counts: Dict[str, int] = field(default_factory=dict)
    boxes_per_image: Dict[int, int] = field(default_factory=dict)
    min_size: Optional[Tuple[int, int]] = None
    max_size: Optional[Tuple[int, int]] = None

    def format(self) -> str:
        """A short human-readable table."""
        lines = [
            f'{self.ann_file}',
            f'  images: {self.num_images}    boxes: {self.num_boxes}    '
            f'classes: {len(self.class_counts)}',
        ]
        if self.min_size:
            lines.append(f'  image size (WxH): smallest '
                         f'{self.min_size[0]}x{self.min_size[1]}, largest '
                         f'{self.max_size[0]}x{self.max_size[1]}')
        per_image = ', '.join(
            f'{n} box{"es" if n != 1 else ""}: {count}'
            for n, count in sorted(self.boxes_per_image.items()))
        lines.append(f'  images with {per_image}')
        width = max([len(c) for c in self.class_counts] + [5])
        lines.append(f'  {"class":<{width}}  boxes')
        lines += [
            f'  {name:<{width}}  {count}'
            for name, count in self.class_counts.items()
        ]
        return '\n'.join(lines)


def check_coco_dataset(
    ann_file: str,
    img_dir: str,
    box_outside: str = 'clip',
    decode: bool = True,
    strict: bool = False,
    progress: Optional[Callable[[], None]] = None
) -> Tuple[DatasetSummary, ProblemLog]:
    """Check every image and box of a COCO file.

    Finds: missing or unreadable images, sizes in the JSON that disagree
    with the image (the image is trusted), boxes outside the image (clipped
    with a warning, or a problem with ``box_outside='error'``), boxes of zero
    or negative area, unknown category ids and annotations of unknown images.

    Args:
        ann_file (str): COCO JSON.
        img_dir (str): Folder the ``file_name`` entries are relative to.
        box_outside (str): ``'clip'`` or ``'error'``. Defaults to ``'clip'``.
        decode (bool): Decode every image fully (finds truncated files);
            ``False`` only reads headers. Defaults to True.
        strict (bool): Raise on the first problem that skips an item.
        progress (callable, optional): Called once per image checked.

    Returns:
        tuple[DatasetSummary, ProblemLog]: Counts of what is usable (skipped
        items are not counted) and the problems.
    """
    classes = read_coco_class_names(ann_file)  # also validates the file
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    cat_names = {c['id']: c['name'] for c in coco['categories']}
    log = ProblemLog(strict)
    summary = DatasetSummary(ann_file, class_counts={c: 0 for c in classes})
    real_sizes: Dict[int, Tuple[int, int]] = {}
    for image in coco.get('images', []):
        file_name = image.get('file_name', '')
        path = find_image_file(img_dir, file_name)
        if progress is not None:
            progress()
        if path is None:
            log.add('missing_image', ann_file,
                    f'image {osp.join(img_dir, file_name)!r} does not exist',
                    f'image id {image.get("id")}')
            continue
        try:
            if decode:
                height, width = decode_image(path).shape[:2]
            else:
                width, height = read_image_size(path)
        except ImageReadError as err:
            log.add('unreadable_image', path, str(err))
            continue
        if (image.get('width'), image.get('height')) != (width, height):
            log.add(
                'size_mismatch',
                ann_file,
                f'JSON says {image.get("width")}x{image.get("height")} but '
                f'{path} is {width}x{height}; using the image',
                f'image id {image.get("id")}',
                skipped=False)
        real_sizes[image['id']] = (width, height)
    boxes_per_image = Counter({image_id: 0 for image_id in real_sizes})
    for ann in coco.get('annotations', []):
        where = f'annotation id {ann.get("id")}'
        if ann.get('image_id') not in real_sizes:
            if ann.get('image_id') not in {im['id'] for im in coco['images']}:
                log.add('bad_annotation', ann_file,
                        f'image_id {ann.get("image_id")} is not in "images"',
                        where)
            continue  # its image was already reported
        if ann.get('category_id') not in cat_names:
            log.add(
                'unknown_class', ann_file,
                f'category_id {ann.get("category_id")} is not one of '
                f'{sorted(cat_names)}', where)
            continue
        bbox = ann.get('bbox')
        if not (isinstance(bbox, (list, tuple)) and len(bbox) == 4):
            log.add('bad_annotation', ann_file,
                    f'bbox must be [x, y, w, h], got {bbox!r}', where)
            continue
        x, y, w, h = bbox
        width, height = real_sizes[ann['image_id']]
        box = validate_box([x, y, x + w, y + h], width, height, log, ann_file,
                           where, box_outside)
        if box is None:
            continue
        summary.num_boxes += 1
        summary.class_counts[cat_names[ann['category_id']]] += 1
        boxes_per_image[ann['image_id']] += 1
    summary.num_images = len(real_sizes)
    summary.boxes_per_image = dict(Counter(boxes_per_image.values()))
    if real_sizes:
        areas = sorted(real_sizes.values(), key=lambda s: (s[0] * s[1], s))
        summary.min_size, summary.max_size = areas[0], areas[-1]
    return summary, log
