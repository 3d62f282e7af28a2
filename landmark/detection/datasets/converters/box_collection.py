"""What every converter of boxes (VOC, CSV) does between reading an
annotation and writing COCO: find and check the image, decide the frame of
its boxes, check each box against its image and the known classes, and
report what was skipped or fixed."""
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import ImageHeader
from landmark.detection.datasets.coco_builder import CocoBuilder, validate_box
from landmark.detection.datasets.converters.exif_frame import (
    annotation_frame, stored_to_displayed_box)
from landmark.detection.datasets.converters.image_lookup import (
    find_and_check_image, require_image_folder)


class BoxCollection:
    """The COCO dictionary a converter of boxes builds, with its problems.

    Args:
        img_dir (str): Folder of the images; ``file_name`` in the result is
            relative to it.
        classes (Sequence[str], optional): Known classes; others are
            ``unknown_class`` problems. Defaults to the names found, sorted.
        box_outside (str): ``'clip'`` or ``'error'`` (see
            :func:`validate_box`). Defaults to ``'clip'``.
        strict (bool): Raise on the first skipped item. Defaults to False.
        full_decode (bool): Decode every photo in full (finds truncated
            files); ``False`` reads headers only. Defaults to True.
        exif_rotate_boxes (bool): Rotate the boxes of EXIF-rotated photos
            annotated in their stored frame. Defaults to False.

    Raises:
        FileNotFoundError: ``img_dir`` does not exist.

    Examples:
        >>> boxes = BoxCollection('data/images', classes=['arch'])
        >>> image = boxes.find_image('a.jpg', 'a.xml')
        >>> rotate = boxes.box_frame(image, (640, 480), 'a.xml')
        >>> image_id = boxes.add_image(image)
        >>> if boxes.knows_class('arch', 'a.xml', 'object 1'):
        ...     boxes.add_box(image_id, image, rotate, 'arch',
        ...                   [10, 20, 110, 220], 'a.xml', 'object 1')
        >>> coco, problems = boxes.result()
    """

    def __init__(self,
                 img_dir: str,
                 classes: Optional[Sequence[str]] = None,
                 box_outside: str = 'clip',
                 strict: bool = False,
                 full_decode: bool = True,
                 exif_rotate_boxes: bool = False):
        require_image_folder(img_dir)
        self.img_dir = img_dir
        self.box_outside = box_outside
        self.full_decode = full_decode
        self.exif_rotate_boxes = exif_rotate_boxes
        self.builder = CocoBuilder(classes)
        self.log = ProblemLog(strict)

    def find_image(self,
                   file_name: str,
                   source: str,
                   where: str = '') -> Optional[ImageHeader]:
        """The checked header of the image ``source`` names, or None
        (reported: missing, a folder, unreadable)."""
        return find_and_check_image(self.img_dir, file_name, self.log,
                                    source, where, self.full_decode)

    def box_frame(self,
                  image: ImageHeader,
                  annotated_size: Optional[Tuple[float, float]],
                  source: str,
                  where: str = '') -> Optional[bool]:
        """Whether to rotate the image's boxes into the displayed frame;
        None when they are in the wrong frame (reported, skip them)."""
        return annotation_frame(image, annotated_size, self.exif_rotate_boxes,
                                self.log, source, where)

    def add_image(self, image: ImageHeader) -> int:
        """Add the image in its displayed size; its id."""
        return self.builder.add_image(
            osp.relpath(image.path, self.img_dir), *image.size)

    def knows_class(self, name: str, source: str, where: str) -> bool:
        """Whether boxes of ``name`` are kept (an ``unknown_class``
        problem when not)."""
        if self.builder.knows_class(name):
            return True
        self.log.add('unknown_class', source,
                     f'class {name!r} is not one of {self.builder.classes}',
                     where)
        return False

    def add_box(self,
                image_id: int,
                image: ImageHeader,
                rotate: bool,
                name: str,
                corners: List[float],
                source: str,
                where: str,
                iscrowd: int = 0) -> None:
        """Add a box of a known class, moved into the displayed frame when
        ``rotate``, clipped or skipped (reported) where it leaves the
        image."""
        if rotate:
            corners = stored_to_displayed_box(corners, image.stored_size,
                                              image.orientation)
        box = validate_box(corners, *image.size, self.log, source, where,
                           self.box_outside)
        if box is not None:
            self.builder.add_box(image_id, name, box, iscrowd=iscrowd)

    def result(self) -> Tuple[dict, ProblemLog]:
        """The COCO dictionary and the problems."""
        return self.builder.to_dict(), self.log
