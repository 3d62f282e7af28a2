"""Box coordinates as submissions write them: ``xyxy``, ``xywh``,
``cxcywh``, in pixels or normalized by the image size."""
from typing import Sequence, Tuple

import numpy as np
import torch
from torchvision.ops import box_convert

# the coordinate fields of each format, in the order a CSV writes them
BOX_FORMATS = {
    'xyxy': ('x1', 'y1', 'x2', 'y2'),
    'xywh': ('x', 'y', 'w', 'h'),
    'cxcywh': ('cx', 'cy', 'w', 'h'),
}


def _check_format(box_format: str) -> None:
    if box_format not in BOX_FORMATS:
        raise ValueError(f'unknown box format {box_format!r}; expected one '
                         f'of {", ".join(BOX_FORMATS)}')


def _convert(boxes: np.ndarray, in_format: str,
             out_format: str) -> np.ndarray:
    """torchvision's ``box_convert`` on (N, 4) float64 arrays (its format
    names are ours)."""
    tensor = torch.as_tensor(np.asarray(boxes, np.float64).reshape(-1, 4))
    return box_convert(tensor, in_format, out_format).numpy()


def xyxy_to_format(boxes: np.ndarray, box_format: str) -> np.ndarray:
    """Convert (N, 4) ``x1, y1, x2, y2`` boxes to ``box_format``."""
    _check_format(box_format)
    return _convert(boxes, 'xyxy', box_format)


def format_to_xyxy(boxes: np.ndarray, box_format: str) -> np.ndarray:
    """Convert (N, 4) boxes in ``box_format`` back to ``x1, y1, x2, y2``."""
    _check_format(box_format)
    return _convert(boxes, box_format, 'xyxy')


def size_divisor(image_size: Tuple[int, int]) -> np.ndarray:
    """``(W, H, W, H)``: what coordinates are divided by to normalize them.

    Args:
        image_size (tuple[int, int]): ``(width, height)`` in pixels.
    """
    width, height = image_size
    return np.array([width, height, width, height], dtype=np.float64)


def box_inside_image(box_xyxy: Sequence[float],
                     image_size: Tuple[float, float],
                     tolerance: float = 0.) -> bool:
    """Whether ``x1, y1, x2, y2`` lies within ``(width, height)``."""
    x1, y1, x2, y2 = box_xyxy
    width, height = image_size
    return (x1 >= -tolerance and y1 >= -tolerance and x2 <= width + tolerance
            and y2 <= height + tolerance)
