"""Draw a label map over its image with the classes' palette colours."""
from typing import Optional, Sequence

import numpy as np


def black_palette_labels(palette: Sequence[Sequence[int]]) -> list:
    """The labels whose palette colour is black (0, 0, 0): a background's
    usual colour, left undrawn by :func:`draw_mask_overlay`."""
    return [label for label, color in enumerate(palette) if not any(color)]


def draw_mask_overlay(image: np.ndarray,
                      labels: np.ndarray,
                      palette: Sequence[Sequence[int]],
                      alpha: float = 0.5,
                      skip_labels: Optional[Sequence[int]] = None
                      ) -> np.ndarray:
    """Blend each labelled pixel with its class colour.

    Args:
        image (np.ndarray): ``(H, W, 3)`` uint8 image (or ``(H, W)`` gray).
        labels (np.ndarray): ``(H, W)`` class index per pixel.
        palette (Sequence[Sequence[int]]): One colour per class, in the
            image's channel order (reverse mmseg's RGB palette for an
            OpenCV BGR image).
        alpha (float): Weight of the colour. Defaults to 0.5.
        skip_labels (Sequence[int], optional): Labels left undrawn;
            defaults to those whose colour is black
            (:func:`black_palette_labels`). Labels outside the palette (the
            ignore value) are never drawn.

    Returns:
        np.ndarray: A new ``(H, W, 3)`` uint8 image.

    Raises:
        ValueError: ``labels`` is not the image's size.
    """
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    if labels.shape != image.shape[:2]:
        raise ValueError(f'labels are {labels.shape[1]}x{labels.shape[0]} '
                         f'but the image is {image.shape[1]}x'
                         f'{image.shape[0]}; expected the same size')
    if skip_labels is None:
        skip_labels = black_palette_labels(palette)
    colors = np.zeros((len(palette) + 1, 3), np.float32)
    colors[:len(palette)] = palette
    drawn = np.zeros(len(palette) + 1, bool)
    drawn[:len(palette)] = True
    drawn[list(skip_labels)] = False
    index = np.where((labels >= 0) & (labels < len(palette)), labels,
                     len(palette))
    where = drawn[index]
    out = image.astype(np.float32)
    out[where] = (1 - alpha) * out[where] + alpha * colors[index[where]]
    return np.round(out).astype(np.uint8)
