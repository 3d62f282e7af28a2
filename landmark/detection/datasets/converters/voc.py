"""Pascal VOC XML annotations to COCO JSON."""
import glob
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.detection.datasets.coco_builder import (CocoBuilder,
                                                      finite_number,
                                                      validate_box)
from landmark.detection.datasets.converters.exif_frame import (
    annotation_frame, stored_to_displayed_box)
from landmark.detection.datasets.converters.image_lookup import (
    find_and_check_image, require_image_folder)

_CORNERS = ('xmin', 'ymin', 'xmax', 'ymax')


class _BadValue(ValueError):
    """A VOC element that should hold a number does not."""


def _number(node: Optional[ET.Element], tag: str) -> Optional[float]:
    """The number in ``<tag>`` under ``node``; ``None`` when absent.

    Raises:
        _BadValue: The element holds no finite number.
    """
    child = node.find(tag) if node is not None else None
    if child is None or child.text is None:
        return None
    try:
        return finite_number(child.text.strip())
    except ValueError:
        raise _BadValue(f'<{tag}>{child.text}</{tag}>: expected a finite '
                        'number') from None


def _annotated_size(root: ET.Element) -> Optional[Tuple[float, float]]:
    """``<size>``'s width and height; ``None`` when it does not say both.

    Raises:
        _BadValue: A size element is not a positive number.
    """
    size = root.find('size')
    width, height = _number(size, 'width'), _number(size, 'height')
    if width is None or height is None:
        return None
    if width <= 0 or height <= 0:
        raise _BadValue(f'<size> {width:g}x{height:g}: expected a positive '
                        'width and height')
    return width, height


def convert_voc_to_coco(
        ann_dir: str,
        img_dir: Optional[str] = None,
        classes: Optional[Sequence[str]] = None,
        box_outside: str = 'clip',
        strict: bool = False,
        full_decode: bool = True,
        exif_rotate_boxes: bool = False) -> Tuple[dict, ProblemLog]:
    """Read every ``*.xml`` in ``ann_dir`` into one COCO dictionary.

    The size of each image is read from the image file (in the displayed
    frame, EXIF orientation applied), never trusted from ``<size>``: a
    disagreement is reported as ``size_mismatch`` (kept), boxes drawn on
    the stored frame of a rotated photo as ``exif_orientation`` (see
    :mod:`.exif_frame`). Objects marked ``<difficult>1</difficult>`` become
    ``iscrowd=1`` (the dataset ignores them, as MMDetection does for VOC).

    Args:
        ann_dir (str): Folder of VOC XML files.
        img_dir (str, optional): Folder of the images; ``file_name`` in the
            result is relative to it. Defaults to ``ann_dir`` (images beside
            their XML files).
        classes (Sequence[str], optional): Known classes; others are
            ``unknown_class`` problems. Defaults to the names found, sorted.
        box_outside (str): ``'clip'`` or ``'error'`` (see
            :func:`validate_box`). Defaults to ``'clip'``.
        strict (bool): Raise on the first skipped item. Defaults to False.
        full_decode (bool): Decode every photo in full (finds truncated
            files); ``False`` reads headers only. Defaults to True.
        exif_rotate_boxes (bool): Rotate the boxes of EXIF-rotated photos
            annotated in their stored frame. Defaults to False.

    Returns:
        tuple[dict, ProblemLog]: The COCO dictionary and what was skipped or
        fixed.

    Raises:
        FileNotFoundError: ``ann_dir`` holds no XML file, or ``img_dir``
            does not exist.
    """
    img_dir = img_dir or ann_dir
    if not osp.isdir(ann_dir):
        raise FileNotFoundError(f'annotation folder {ann_dir!r} does not '
                                'exist')
    xml_files = sorted(glob.glob(osp.join(glob.escape(ann_dir), '*.xml')))
    if not xml_files:
        raise FileNotFoundError(f'no VOC *.xml file in {ann_dir!r}')
    require_image_folder(img_dir)
    builder = CocoBuilder(classes)
    log = ProblemLog(strict)
    for xml_file in xml_files:
        try:
            root = ET.parse(xml_file).getroot()
        except (ET.ParseError, OSError) as err:
            log.add('bad_annotation', xml_file, f'not valid XML ({err})')
            continue
        try:
            annotated_size = _annotated_size(root)
        except _BadValue as err:  # the image's own size is used anyway
            log.add(
                'bad_annotation',
                xml_file,
                f'{err}; <size> ignored',
                'size',
                skipped=False)
            annotated_size = None
        file_name = (root.findtext('filename') or '').strip()
        if not file_name:
            file_name = osp.splitext(osp.basename(xml_file))[0] + '.jpg'
        header = find_and_check_image(
            img_dir, file_name, log, xml_file, full_decode=full_decode)
        if header is None:
            continue
        rotate = annotation_frame(header, annotated_size, exif_rotate_boxes,
                                  log, xml_file)
        if rotate is None:
            continue
        width, height = header.size
        image_id = builder.add_image(
            osp.relpath(header.path, img_dir), width, height)
        for index, obj in enumerate(root.iter('object'), 1):
            where = f'object {index}'
            name = (obj.findtext('name') or '').strip()
            if not builder.knows_class(name):
                log.add('unknown_class', xml_file,
                        f'class {name!r} is not one of {builder.classes}',
                        where)
                continue
            try:
                corners = [_number(obj.find('bndbox'), t) for t in _CORNERS]
                difficult = int(_number(obj, 'difficult') or 0)
            except _BadValue as err:
                log.add('bad_annotation', xml_file, str(err), where)
                continue
            if None in corners:
                log.add(
                    'bad_annotation', xml_file,
                    'object has no complete <bndbox> (expected xmin, '
                    'ymin, xmax, ymax)', where)
                continue
            if rotate:
                corners = stored_to_displayed_box(corners, header.stored_size,
                                                  header.orientation)
            box = validate_box(corners, width, height, log, xml_file, where,
                               box_outside)
            if box is not None:
                builder.add_box(image_id, name, box, iscrowd=difficult)
    return builder.to_dict(), log
