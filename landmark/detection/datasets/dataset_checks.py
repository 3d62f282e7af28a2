"""Check a COCO detection data set against its image files."""
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.detection.datasets.coco_builder import validate_box
from landmark.detection.datasets.coco_ground_truth import (
    read_coco_class_names, read_coco_file)
from landmark.detection.datasets.converters.exif_frame import annotation_frame
from landmark.detection.datasets.converters.image_lookup import (
    find_and_check_image, require_image_folder)


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
    # the entries that passed (sizes corrected, boxes clipped)
    kept_images: List[dict] = field(default_factory=list, repr=False)
    kept_annotations: List[dict] = field(default_factory=list, repr=False)

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

    Finds: missing or unreadable images (with ``decode``, truncated
    ones too), sizes in the JSON that disagree with the image (the image is
    trusted, in its displayed frame), sizes that are the stored frame of an
    EXIF-rotated photo (its boxes are in the wrong frame), boxes outside the
    image (clipped with a warning, or a problem with
    ``box_outside='error'``), boxes of zero or negative area or with
    non-finite corners, unknown category ids and annotations of unknown
    images.

    Args:
        ann_file (str): COCO JSON.
        img_dir (str): Folder the ``file_name`` entries are relative to.
        box_outside (str): ``'clip'`` or ``'error'``. Defaults to ``'clip'``.
        decode (bool): Decode every image in full (finds truncated files);
            ``False`` only reads headers (``--fast``). Defaults to True.
        strict (bool): Raise on the first problem that skips an item.
        progress (callable, optional): Called once per image checked.

    Returns:
        tuple[DatasetSummary, ProblemLog]: Counts of what is usable (skipped
        items are not counted; :func:`drop_skipped_items` writes them out)
        and the problems.

    Raises:
        FileNotFoundError / ValueError: The file is missing or not COCO,
            or the image folder is missing.
    """
    coco = read_coco_file(ann_file)
    require_image_folder(img_dir)
    classes = read_coco_class_names(ann_file)
    cat_names = {c['id']: c['name'] for c in coco['categories']}
    log = ProblemLog(strict)
    summary = DatasetSummary(ann_file, class_counts={c: 0 for c in classes})
    real_sizes: Dict[int, Tuple[int, int]] = {}
    for image in coco['images']:
        if progress is not None:
            progress()
        where = f'image id {image["id"]}'
        header = find_and_check_image(img_dir, image['file_name'], log,
                                      ann_file, where, decode)
        if header is None:
            continue
        annotated = (image.get('width'), image.get('height'))
        if annotation_frame(header,
                            annotated if None not in annotated else None,
                            False, log, ann_file, where) is None:
            continue
        real_sizes[image['id']] = header.size
        summary.kept_images.append(
            dict(image, width=header.size[0], height=header.size[1]))
    image_ids = {im['id'] for im in coco['images']}
    boxes_per_image = Counter({image_id: 0 for image_id in real_sizes})
    for ann in coco['annotations']:
        where = f'annotation id {ann.get("id")}'
        if ann['image_id'] not in real_sizes:
            if ann['image_id'] not in image_ids:
                log.add('bad_annotation', ann_file,
                        f'image_id {ann["image_id"]} is not in "images"',
                        where)
            continue  # its image was already reported
        category_id = ann.get('category_id')
        if not isinstance(category_id, (int, str)) or \
                category_id not in cat_names:
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
        try:
            corners = [x, y, x + w, y + h]
        except TypeError:  # text among the numbers
            corners = bbox
        box = validate_box(corners, width, height, log, ann_file, where,
                           box_outside)
        if box is None:
            continue
        summary.num_boxes += 1
        summary.class_counts[cat_names[ann['category_id']]] += 1
        boxes_per_image[ann['image_id']] += 1
        x1, y1, x2, y2 = box
        summary.kept_annotations.append(
            dict(ann, bbox=[x1, y1, x2 - x1, y2 - y1]))
    summary.num_images = len(real_sizes)
    summary.boxes_per_image = dict(Counter(boxes_per_image.values()))
    if real_sizes:
        areas = sorted(real_sizes.values(), key=lambda s: (s[0] * s[1], s))
        summary.min_size, summary.max_size = areas[0], areas[-1]
    return summary, log


def drop_skipped_items(coco: dict, summary: DatasetSummary) -> dict:
    """``coco`` without what :func:`check_coco_dataset` skipped: the
    unusable images with their annotations, and the unusable annotations.
    Kept items are as checked: image sizes are the real ones, clipped boxes
    clipped.

    Args:
        coco (dict): The COCO dictionary that was checked.
        summary (DatasetSummary): What the check kept.

    Returns:
        dict: A new COCO dictionary (other keys, e.g. ``info``, kept).
    """
    return dict(
        coco,
        images=list(summary.kept_images),
        annotations=list(summary.kept_annotations))
