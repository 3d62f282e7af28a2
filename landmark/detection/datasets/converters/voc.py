"""Pascal VOC XML annotations to COCO JSON."""
import glob
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError, find_image_file,
                                       read_image_size)
from landmark.detection.datasets.coco_builder import CocoBuilder, validate_box


def _int_text(node: ET.Element, tag: str) -> Optional[float]:
    child = node.find(tag)
    if child is None or child.text is None:
        return None
    return float(child.text)


def convert_voc_to_coco(ann_dir: str,
                        img_dir: Optional[str] = None,
                        classes: Optional[Sequence[str]] = None,
                        box_outside: str = 'clip',
                        strict: bool = False) -> Tuple[dict, ProblemLog]:
    """Read every ``*.xml`` in ``ann_dir`` into one COCO dictionary.

    The size of each image is read from the image file, never trusted from
    ``<size>``: a disagreement is reported as ``size_mismatch`` (kept).
    Objects marked ``<difficult>1</difficult>`` become ``iscrowd=1`` (the
    dataset ignores them, as MMDetection does for VOC).

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

    Returns:
        tuple[dict, ProblemLog]: The COCO dictionary and what was skipped or
        fixed.
    """
    img_dir = img_dir or ann_dir
    xml_files = sorted(glob.glob(osp.join(glob.escape(ann_dir), '*.xml')))
    if not xml_files:
        raise FileNotFoundError(f'no VOC *.xml file in {ann_dir!r}')
    builder = CocoBuilder(classes)
    log = ProblemLog(strict)
    for xml_file in xml_files:
        try:
            root = ET.parse(xml_file).getroot()
        except ET.ParseError as err:
            log.add('bad_annotation', xml_file, f'not valid XML ({err})')
            continue
        file_name = root.findtext('filename')
        if not file_name:
            file_name = osp.splitext(osp.basename(xml_file))[0] + '.jpg'
        img_path = find_image_file(img_dir, file_name)
        if img_path is None:
            log.add('missing_image', xml_file,
                    f'image {file_name!r} not found in {img_dir!r}')
            continue
        try:
            width, height = read_image_size(img_path)
        except ImageReadError as err:
            log.add('unreadable_image', img_path, str(err))
            continue
        size = root.find('size')
        if size is not None:
            ann_w, ann_h = _int_text(size, 'width'), _int_text(size, 'height')
            if (ann_w, ann_h) != (width, height):
                log.add(
                    'size_mismatch',
                    xml_file,
                    f'<size> says {ann_w:g}x{ann_h:g} but {img_path} is '
                    f'{width}x{height}; using the image',
                    skipped=False)
        image_id = builder.add_image(
            osp.relpath(img_path, img_dir), width, height)
        for index, obj in enumerate(root.iter('object'), 1):
            where = f'object {index}'
            name = (obj.findtext('name') or '').strip()
            if not builder.knows_class(name):
                log.add('unknown_class', xml_file,
                        f'class {name!r} is not one of {builder.classes}',
                        where)
                continue
            bndbox = obj.find('bndbox')
            corners = [
                _int_text(bndbox, tag) if bndbox is not None else None
                for tag in ('xmin', 'ymin', 'xmax', 'ymax')
            ]
            if None in corners:
                log.add(
                    'bad_annotation', xml_file,
                    'object has no complete <bndbox> (expected xmin, '
                    'ymin, xmax, ymax)', where)
                continue
            box = validate_box(corners, width, height, log, xml_file, where,
                               box_outside)
            if box is not None:
                difficult = int(_int_text(obj, 'difficult') or 0)
                builder.add_box(image_id, name, box, iscrowd=difficult)
    return builder.to_dict(), log
