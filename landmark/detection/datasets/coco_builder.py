"""Build COCO detection JSON from images and boxes, validating each box."""
import math
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.core.atomic_io import dump_json_atomic
from landmark.core.data_problems import ProblemLog

BOX_OUTSIDE_POLICIES = ('clip', 'error')


def finite_number(value) -> float:
    """``value`` (text or number) as a finite float.

    Raises:
        ValueError: It is empty, not a number, ``nan`` or infinite.
    """
    number = float(value)  # raises ValueError / TypeError on text, None
    if not math.isfinite(number):
        raise ValueError(f'{value!r} is not finite')
    return number


def validate_box(box: Sequence[float],
                 width: int,
                 height: int,
                 log: ProblemLog,
                 source: str,
                 where: str,
                 box_outside: str = 'clip') -> Optional[List[float]]:
    """Check one ``[x1, y1, x2, y2]`` box against its image.

    Args:
        box (Sequence[float]): Corners in pixels.
        width (int): Real image width.
        height (int): Real image height.
        log (ProblemLog): Where problems go.
        source (str): File named in problems.
        where (str): Row or object named in problems.
        box_outside (str): ``'clip'`` clips a box that reaches outside the
            image and warns; ``'error'`` skips it as a problem (raises in
            strict mode). Defaults to ``'clip'``.

    Returns:
        list[float] | None: The (clipped) box, or ``None`` if it is skipped.
    """
    if box_outside not in BOX_OUTSIDE_POLICIES:
        raise ValueError(f'box_outside must be one of {BOX_OUTSIDE_POLICIES},'
                         f' got {box_outside!r}')
    try:
        x1, y1, x2, y2 = (finite_number(v) for v in box)
    except (TypeError, ValueError):
        log.add('bad_annotation', source,
                f'box {list(box)!r}: expected four finite numbers', where)
        return None
    if x2 <= x1 or y2 <= y1:
        log.add(
            'empty_box', source,
            f'box [{x1:g}, {y1:g}, {x2:g}, {y2:g}] has zero or negative '
            'area (expected x1 < x2 and y1 < y2)', where)
        return None
    inside = x1 >= 0 and y1 >= 0 and x2 <= width and y2 <= height
    if not inside:
        message = (f'box [{x1:g}, {y1:g}, {x2:g}, {y2:g}] reaches outside '
                   f'the {width}x{height} image')
        if box_outside == 'error':
            log.add('box_outside', source, message, where)
            return None
        x1, x2 = min(max(x1, 0.), width), min(max(x2, 0.), width)
        y1, y2 = min(max(y1, 0.), height), min(max(y2, 0.), height)
        if x2 <= x1 or y2 <= y1:
            log.add('box_outside', source,
                    message + ' and lies entirely outside it', where)
            return None
        log.add(
            'box_outside',
            source,
            message + f', clipped to [{x1:g}, {y1:g}, {x2:g}, {y2:g}]',
            where,
            skipped=False)
    return [x1, y1, x2, y2]


class CocoBuilder:
    """Collect images and boxes, then write a COCO detection JSON.

    Args:
        classes (Sequence[str], optional): The known class names, in order
            (category ids 1..K follow it). A box of another class is an
            ``unknown_class`` problem. ``None`` collects the names seen and
            sorts them.
    """

    def __init__(self, classes: Optional[Sequence[str]] = None):
        self.fixed_classes = list(classes) if classes is not None else None
        self.seen_classes: Dict[str, None] = {}
        self.images: List[dict] = []
        self._boxes: List[Tuple[int, str, List[float], int]] = []

    def add_image(self, file_name: str, width: int, height: int) -> int:
        """Add an image; returns its id (1-based)."""
        image_id = len(self.images) + 1
        self.images.append(
            dict(
                id=image_id,
                file_name=file_name,
                width=int(width),
                height=int(height)))
        return image_id

    def knows_class(self, name: str) -> bool:
        return self.fixed_classes is None or name in self.fixed_classes

    def add_box(self,
                image_id: int,
                class_name: str,
                box: Sequence[float],
                iscrowd: int = 0) -> None:
        """Add a validated ``[x1, y1, x2, y2]`` box of a known class."""
        if not self.knows_class(class_name):
            raise KeyError(f'unknown class {class_name!r}')
        self.seen_classes.setdefault(class_name)
        self._boxes.append((image_id, class_name, list(box), int(iscrowd)))

    @property
    def classes(self) -> List[str]:
        if self.fixed_classes is not None:
            return self.fixed_classes
        return sorted(self.seen_classes)

    def to_dict(self) -> dict:
        """The COCO dict (``images``, ``annotations``, ``categories``)."""
        cat_ids = {name: i + 1 for i, name in enumerate(self.classes)}
        annotations = []
        for ann_id, (image_id, name, (x1, y1, x2, y2),
                     iscrowd) in enumerate(self._boxes, 1):
            w, h = x2 - x1, y2 - y1
            annotations.append(
                dict(
                    id=ann_id,
                    image_id=image_id,
                    category_id=cat_ids[name],
                    bbox=[x1, y1, w, h],
                    area=w * h,
                    iscrowd=iscrowd))
        return dict(
            images=self.images,
            annotations=annotations,
            categories=[dict(id=i, name=name) for name, i in cat_ids.items()])

    def dump(self, path: str) -> dict:
        """Write the JSON atomically to ``path`` and return the dictionary."""
        coco = self.to_dict()
        dump_json_atomic(coco, path)
        return coco
