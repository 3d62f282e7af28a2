"""Pascal VOC XML annotations to COCO JSON."""
import glob
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Optional, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.detection.datasets.coco_builder import finite_number
from landmark.detection.datasets.converters.box_collection import \
    BoxCollection

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


def convert_voc_to_coco(ann_dir: str,
                        img_dir: Optional[str] = None,
                        **options) -> Tuple[dict, ProblemLog]:
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
        **options: ``classes``, ``box_outside``, ``strict``,
            ``full_decode``, ``exif_rotate_boxes``, as
            :class:`~.box_collection.BoxCollection` takes them.

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
    boxes = BoxCollection(img_dir, **options)
    for xml_file in xml_files:
        try:
            root = ET.parse(xml_file).getroot()
        except (ET.ParseError, OSError) as err:
            boxes.log.add('bad_annotation', xml_file, f'not valid XML ({err})')
            continue
        try:
            annotated_size = _annotated_size(root)
        except _BadValue as err:  # the image's own size is used anyway
            boxes.log.add(
                'bad_annotation',
                xml_file,
                f'{err}; <size> ignored',
                'size',
                skipped=False)
            annotated_size = None
        file_name = (root.findtext('filename') or '').strip()
        if not file_name:
            file_name = osp.splitext(osp.basename(xml_file))[0] + '.jpg'
        image = boxes.find_image(file_name, xml_file)
        if image is None:
            continue
        rotate = boxes.box_frame(image, annotated_size, xml_file)
        if rotate is None:
            continue
        image_id = boxes.add_image(image)
        for index, obj in enumerate(root.iter('object'), 1):
            where = f'object {index}'
            name = (obj.findtext('name') or '').strip()
            if not boxes.knows_class(name, xml_file, where):
                continue
            try:
                corners = [_number(obj.find('bndbox'), t) for t in _CORNERS]
                difficult = int(_number(obj, 'difficult') or 0)
            except _BadValue as err:
                boxes.log.add('bad_annotation', xml_file, str(err), where)
                continue
            if None in corners:
                boxes.log.add(
                    'bad_annotation', xml_file,
                    'object has no complete <bndbox> (expected xmin, '
                    'ymin, xmax, ymax)', where)
                continue
            boxes.add_box(image_id, image, rotate, name, corners, xml_file,
                          where, iscrowd=difficult)
    return boxes.result()
