"""A picture of each query beside its top-k, correct results framed in
green and wrong ones in red (grey when the query's landmark is unknown)."""
from typing import Optional, Sequence

import cv2
import numpy as np

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.image_files import ImageReadError, decode_image

GREEN, RED, GREY = (40, 180, 40), (40, 40, 220), (150, 150, 150)


def _thumb(path: str, size: int, color, border: int = 4) -> np.ndarray:
    try:
        image = cv2.resize(decode_image(path), (size, size))
    except ImageReadError:
        image = np.zeros((size, size, 3), np.uint8)
    return cv2.copyMakeBorder(
        image,
        border,
        border,
        border,
        border,
        cv2.BORDER_CONSTANT,
        value=color)


def draw_query_results(query_path: str,
                       result_paths: Sequence[str],
                       correct: Optional[Sequence[bool]],
                       out_file: str,
                       size: int = 96) -> np.ndarray:
    """Draw the query (white frame) then its results left to right and
    write ``out_file`` atomically.

    Args:
        query_path (str): The query image.
        result_paths (Sequence[str]): Its results, best first.
        correct (Sequence[bool], optional): Whether each result shows the
            query's landmark; None when unknown.
        out_file (str): A ``.jpg`` or ``.png``.
        size (int): Side of each thumbnail. Defaults to 96.

    Returns:
        np.ndarray: The BGR picture.
    """
    tiles = [_thumb(query_path, size, (255, 255, 255))]
    tiles.append(np.full((size + 8, 12, 3), 255, np.uint8))
    for i, path in enumerate(result_paths):
        color = GREY if correct is None else (GREEN if correct[i] else RED)
        tiles.append(_thumb(path, size, color))
    picture = np.concatenate(tiles, axis=1)
    ok, data = cv2.imencode(out_file[out_file.rfind('.'):], picture)
    assert ok, f'cannot encode {out_file}'
    write_bytes_atomic(data.tobytes(), out_file)
    return picture
