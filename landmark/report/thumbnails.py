"""The gallery's pictures: each photo decoded at a reduced size, drawn by
the project's drawing code (boxes red/green, masks overlaid, a query beside
its results, a class caption), fitted into a thumbnail of one fixed size,
framed red when the answer is wrong; written by several threads (OpenCV
releases the GIL while it decodes, resizes and encodes).

A photo that cannot be read (missing, not an image, truncated) gives no
thumbnail: its reason is returned, for the report to name it.
"""
import os
import os.path as osp
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Optional, Sequence, Tuple

import cv2
import numpy as np

from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)
from landmark.report.report_data import ThumbnailSpec

THUMB_SIZE = (256, 192)  # width, height of every thumbnail
RETRIEVAL_TILE = 80  # side of each photo of a query row
RETRIEVAL_RESULTS = 5  # results drawn beside each query
# a query row: the query, a gap of 12 px, its results, each framed by 4 px
RETRIEVAL_THUMB_SIZE = ((RETRIEVAL_RESULTS + 1) * (RETRIEVAL_TILE + 8) + 12,
                        RETRIEVAL_TILE + 8)
BACKGROUND = (32, 32, 32)  # BGR of the padding
WRONG_FRAME = (0, 0, 255)  # BGR red frame of a wrong answer
FRAME_WIDTH = 4
_JPEG_START, _JPEG_END = b'\xff\xd8', b'\xff\xd9'
_REDUCED = ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4),
            (2, cv2.IMREAD_REDUCED_COLOR_2))


def decode_reduced(
        path: str,
        min_long_side: int,
        size: Optional[Tuple[int, int]] = None) -> Tuple[np.ndarray, float]:
    """Decode ``path`` (BGR) at the smallest of 1/8, 1/4, 1/2 or full size
    whose long side still has ``min_long_side`` pixels (a JPEG decodes
    several times faster so), under the project's decode checks.

    Args:
        path (str): The photo.
        min_long_side (int): Pixels the long side needs.
        size (tuple[int, int], optional): Its ``(width, height)`` when the
            predictions know it: the header is then not read first (it
            costs more than the reduced decode), and the complete-file
            check runs only when a JPEG lacks its end marker.

    Returns:
        tuple: The image and its scale from the original pixels.

    Raises:
        ImageReadError: The photo is missing, not an image or truncated.
    """
    if size is None:
        width, height = check_image_before_loading(path)
    else:
        width, height = size
    flag = cv2.IMREAD_COLOR
    for reduce, reduced_flag in _REDUCED:
        if max(width, height) / reduce >= min_long_side:
            flag = reduced_flag
            break
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as err:
        raise ImageReadError(f'image file {path!r} cannot be read '
                             f'({err.strerror or err}); expected an image '
                             'file') from None
    image = cv2.imdecode(data, flag) if data.size else None
    if image is None:
        raise ImageReadError(f'image file {path!r} is not a readable image '
                             '(OpenCV cannot decode it)')
    if size is not None and data[:2].tobytes() == _JPEG_START and \
            data[-2:].tobytes() != _JPEG_END:
        check_image_before_loading(path)  # truncated, or data after the end
    # the decoder rounds reduced sizes up: measure the scale
    return image, image.shape[1] / width


def fit_into(image: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    """``image`` shrunk (or grown) to fit ``size`` (width, height),
    keeping its aspect, centred on a :data:`BACKGROUND` canvas of exactly
    that size."""
    width, height = size
    scale = min(width / image.shape[1], height / image.shape[0])
    new_w = max(1, round(image.shape[1] * scale))
    new_h = max(1, round(image.shape[0] * scale))
    resized = image if (new_w, new_h) == (image.shape[1], image.shape[0]) \
        else cv2.resize(image, (new_w, new_h),
                        interpolation=cv2.INTER_AREA
                        if scale < 1 else cv2.INTER_LINEAR)
    canvas = np.full((height, width, 3), BACKGROUND, np.uint8)
    top, left = (height - new_h) // 2, (width - new_w) // 2
    canvas[top:top + new_h, left:left + new_w] = resized
    return canvas


def _fitted_photo(spec: ThumbnailSpec,
                  size: Tuple[int, int]) -> Tuple[np.ndarray, float]:
    """The photo shrunk to fit ``size``, and its scale from the original
    pixels (to scale boxes by)."""
    image, decoded_scale = decode_reduced(spec.image_path, max(size),
                                          spec.photo_size)
    scale = min(size[0] / image.shape[1], size[1] / image.shape[0], 1.0)
    fitted = cv2.resize(
        image, (max(1, round(
            image.shape[1] * scale)), max(1, round(image.shape[0] * scale))),
        interpolation=cv2.INTER_AREA)
    return fitted, fitted.shape[1] / image.shape[1] * decoded_scale


def _draw_boxes(spec: ThumbnailSpec, size) -> np.ndarray:
    from landmark.detection.visualization import draw_predictions
    image, scale = _fitted_photo(spec, size)
    p = spec.payload
    return draw_predictions(
        image,
        np.asarray(p['bboxes']) * scale,
        p['scores'],
        p['labels'],
        p['class_names'],
        score_thr=0.0,
        gt_bboxes=np.asarray(p['gt_bboxes']) * scale,
        gt_labels=p['gt_labels'])


def _draw_label(spec: ThumbnailSpec, size) -> np.ndarray:
    from landmark.detection.visualization import (GT_COLOR, PRED_COLOR,
                                                  draw_boxes)

    # as landmark.inference's ClassificationResult.draw: the photo framed,
    # the predicted class above it (red when wrong, green when right)
    image, _ = _fitted_photo(spec, size)
    height, width = image.shape[:2]
    return draw_boxes(image, np.array([[0, 0, width - 1, height - 1]]),
                      [spec.payload['caption']],
                      [PRED_COLOR if spec.wrong else GT_COLOR])


def _draw_mask(spec: ThumbnailSpec, size) -> np.ndarray:
    from landmark.segmentation.visualization import draw_mask_overlay
    image, _ = _fitted_photo(spec, size)
    labels = cv2.resize(
        np.asarray(spec.payload['labels'], np.uint8),
        (image.shape[1], image.shape[0]),
        interpolation=cv2.INTER_NEAREST)
    return draw_mask_overlay(image, labels,
                             [list(c)[::-1] for c in spec.payload['palette']])


def _draw_retrieval(spec: ThumbnailSpec, size, out_file: str) -> np.ndarray:
    from landmark.retrieval.visualization import draw_query_results

    # the query first (white frame), then its results framed green / red
    check_image_before_loading(spec.image_path)
    return draw_query_results(spec.image_path, spec.payload['result_paths'],
                              spec.payload['correct'], out_file,
                              RETRIEVAL_TILE)


def draw_thumbnail(spec: ThumbnailSpec,
                   size: Tuple[int, int] = THUMB_SIZE,
                   out_file: Optional[str] = None) -> np.ndarray:
    """The thumbnail of one gallery image: exactly ``size`` (width,
    height), red-framed when ``spec.wrong``.

    Raises:
        ImageReadError: The photo cannot be read.
    """
    if spec.kind == 'retrieval':
        if out_file is None:  # draw_query_results writes its picture
            with tempfile.TemporaryDirectory() as tmp:
                drawn = _draw_retrieval(spec, size, osp.join(tmp, 'q.png'))
        else:
            drawn = _draw_retrieval(spec, size, out_file)
    else:
        drawn = dict(
            boxes=_draw_boxes, label=_draw_label,
            mask=_draw_mask)[spec.kind](spec, size)
    thumb = fit_into(drawn, size)
    if spec.wrong:
        w = FRAME_WIDTH
        cv2.rectangle(thumb, (w // 2, w // 2),
                      (size[0] - 1 - w // 2, size[1] - 1 - w // 2),
                      WRONG_FRAME, w)
    return thumb


def _write_one(job) -> Optional[str]:
    spec, size, out_file = job
    try:
        thumb = draw_thumbnail(spec, size, out_file)
    except ImageReadError as err:
        return str(err)
    except (OSError, ValueError, cv2.error) as err:  # a corrupt decode
        return f'image file {spec.image_path!r} cannot be drawn ({err})'
    if not cv2.imwrite(out_file, thumb, [cv2.IMWRITE_JPEG_QUALITY, 85]):
        raise OSError(f'could not write the thumbnail {out_file}')
    return None


def write_thumbnails(specs: Sequence[ThumbnailSpec],
                     out_files: Sequence[str],
                     size: Tuple[int, int] = THUMB_SIZE,
                     workers: int = 0) -> Dict[int, str]:
    """Draw each spec into its ``.jpg`` file, in ``workers`` threads
    (0: one per CPU core; 1: in this thread).

    Threads, not forked processes: a process forked while OpenCV's own
    thread pool was running (the caller had resized an image, as
    ``tools/demo.py`` has by then) hung for good in ``cv2.setNumThreads``,
    destroying a condition variable its lost threads still waited on.

    Returns:
        dict[int, str]: The index of each spec whose photo could not be
        read, with the reason (no file is written for it).
    """
    jobs = [(spec, tuple(size), out) for spec, out in zip(specs, out_files)]
    for out in out_files[:1]:
        os.makedirs(osp.dirname(out), exist_ok=True)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 16:
        errors = [_write_one(job) for job in jobs]
    else:
        with ThreadPoolExecutor(workers) as pool:
            errors = list(pool.map(_write_one, jobs))
    return {i: e for i, e in enumerate(errors) if e is not None}
