"""Boxes and EXIF orientation: the convention and its checks.

The convention: boxes are in the displayed frame, EXIF orientation applied,
the frame OpenCV (and so mmcv, in training) decodes a photo into. An
annotation tool that ignores EXIF draws on the stored pixels instead; its
annotated size then matches the stored frame. For orientations 5-8 (width
and height swapped) that is detectable and the image is skipped with a
hint; for 2-4 the two frames have the same size, so a note says which frame
was assumed. ``--exif-rotate-boxes`` moves boxes annotated in the stored
frame into the displayed one.
"""
from typing import List, Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import ImageHeader


def stored_to_displayed_box(box: Sequence[float], stored_size: Tuple[int, int],
                            orientation: int) -> List[float]:
    """Move an ``[x1, y1, x2, y2]`` box from the stored pixels of a photo to
    its displayed frame (EXIF orientation applied).

    Args:
        box (Sequence[float]): Corners in the stored frame (pixel edges).
        stored_size (tuple[int, int]): Stored ``(width, height)``.
        orientation (int): EXIF orientation, 1 to 8.

    Returns:
        list[float]: The box in the displayed frame.

    Examples:
        >>> # orientation 6: the photo is shown turned 90 degrees clockwise
        >>> stored_to_displayed_box([10, 5, 30, 15], (100, 40), 6)
        [25.0, 10.0, 35.0, 30.0]
    """
    w, h = stored_size
    # where the stored point (x, y) is shown, per orientation
    moves = {
        1: lambda x, y: (x, y),
        2: lambda x, y: (w - x, y),
        3: lambda x, y: (w - x, h - y),
        4: lambda x, y: (x, h - y),
        5: lambda x, y: (y, x),
        6: lambda x, y: (h - y, x),
        7: lambda x, y: (h - y, w - x),
        8: lambda x, y: (y, w - x),
    }
    move = moves[orientation]
    x1, y1 = move(float(box[0]), float(box[1]))
    x2, y2 = move(float(box[2]), float(box[3]))
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


def _wxh(size: Tuple[float, float]) -> str:
    return 'x'.join(f'{v:g}' if isinstance(v, (int, float)) else repr(v)
                    for v in size)


def annotation_frame(header: ImageHeader,
                     annotated_size: Optional[Tuple[float, float]],
                     rotate_boxes: bool,
                     log: ProblemLog,
                     source: str,
                     where: str = '') -> Optional[bool]:
    """Decide the frame of an image's boxes from its annotated size.

    Reports (in ``log``) a size that matches neither frame
    (``size_mismatch``, kept: the image wins), boxes in the stored frame
    of a photo with orientation 5-8 (``exif_orientation``, skipped unless
    ``rotate_boxes``) and, for orientations 2-4, which frame was assumed.

    Args:
        header (ImageHeader): The photo's header.
        annotated_size (tuple, optional): ``(width, height)`` that the
            annotation states; ``None`` when it states none.
        rotate_boxes (bool): The boxes of photos with an EXIF orientation
            whose annotated size is the stored one (or not stated) are in
            the stored frame: rotate them (``--exif-rotate-boxes``).
        log (ProblemLog): Where problems go.
        source (str): The annotation file named in problems.
        where (str): Row or object named in problems.

    Returns:
        bool | None: ``True``: rotate the boxes with
        :func:`stored_to_displayed_box`; ``False``: keep them; ``None``:
        skip the image (its boxes are in the wrong frame).
    """
    displayed, stored = header.size, header.stored_size
    orientation = header.orientation
    stated = annotated_size is not None
    if stated and tuple(annotated_size) not in (displayed, stored):
        log.add(
            'size_mismatch',
            source,
            f'annotation says {_wxh(annotated_size)} but {header.path} is '
            f'{_wxh(displayed)}; using the image',
            where,
            skipped=False)
        return False
    if orientation == 1:
        return False
    in_stored = not stated or tuple(annotated_size) == stored
    in_displayed = not stated or tuple(annotated_size) == displayed
    frames = (f'{header.path} is stored as {_wxh(stored)} with EXIF '
              f'orientation {orientation} and displayed as '
              f'{_wxh(displayed)}')
    if rotate_boxes and in_stored:
        log.add(
            'exif_orientation',
            source,
            f'{frames}; boxes rotated from the stored into the displayed '
            'frame (--exif-rotate-boxes)',
            where,
            skipped=False)
        return True
    if not in_displayed:
        log.add(
            'exif_orientation', source,
            f'annotated as {_wxh(annotated_size)}, the stored frame: '
            f'{frames}; expected boxes in the displayed frame (convert '
            'with --exif-rotate-boxes to rotate them)', where)
        return None
    if in_stored:  # orientations 2-4, or no size: both frames fit
        log.add(
            'exif_orientation',
            source, f'{frames}; its boxes are taken as drawn on the displayed '
            'photo (if they were drawn on the stored pixels, convert with '
            '--exif-rotate-boxes)',
            where,
            skipped=False)
    return False
