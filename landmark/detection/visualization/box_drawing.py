"""Draw labelled boxes on an image, scaled to the image's resolution."""
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

Color = Tuple[int, int, int]


def line_width_for(image_shape: Sequence[int]) -> int:
    """Box line width in pixels: about 0.25% of the long side, at least 2."""
    return max(2, round(max(image_shape[:2]) / 400))


def font_scale_for(image_shape: Sequence[int]) -> float:
    """OpenCV font scale readable at the image's size."""
    return max(0.5, max(image_shape[:2]) / 1500)


def draw_boxes(image: np.ndarray,
               boxes: np.ndarray,
               captions: Sequence[str],
               colors: Sequence[Color],
               line_width: Optional[int] = None) -> np.ndarray:
    """Draw ``boxes`` with a caption above each, on a copy of ``image``.

    Args:
        image (np.ndarray): BGR image (H, W, 3); kept at its size.
        boxes (np.ndarray): (N, 4) ``x1, y1, x2, y2`` in pixels.
        captions (Sequence[str]): One text per box (``'tower 0.93'``).
        colors (Sequence[tuple]): One BGR colour per box.
        line_width (int, optional): Defaults to :func:`line_width_for`.

    Returns:
        np.ndarray: The drawn copy.
    """
    canvas = image.copy()
    width = line_width or line_width_for(image.shape)
    scale = font_scale_for(image.shape)
    text_thick = max(1, width // 2)
    for box, caption, color in zip(np.asarray(boxes), captions, colors):
        x1, y1, x2, y2 = (int(round(v)) for v in box[:4])
        color = tuple(int(c) for c in color)
        cv2.rectangle(canvas, (x1, y1), (x2, y2), color, width, cv2.LINE_AA)
        if not caption:
            continue
        (tw, th), base = cv2.getTextSize(caption, cv2.FONT_HERSHEY_SIMPLEX,
                                         scale, text_thick)
        ty = y1 - width if y1 - th - base - width > 0 else y1 + th + width
        tx = min(max(x1, 0), max(0, canvas.shape[1] - tw))
        cv2.rectangle(canvas, (tx, ty - th - base), (tx + tw, ty + base),
                      color, -1)
        text_color = (0, 0, 0) if sum(color) > 380 else (255, 255, 255)
        cv2.putText(canvas, caption, (tx, ty), cv2.FONT_HERSHEY_SIMPLEX, scale,
                    text_color, text_thick, cv2.LINE_AA)
    return canvas
