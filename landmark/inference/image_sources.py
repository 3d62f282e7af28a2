"""What :class:`~landmark.inference.Inferencer` is given (paths, a folder,
a glob, NumPy arrays, PIL images) turned into image files that the tools'
prediction functions read.

An array or a PIL image is written to a lossless PNG in a temporary folder
and predicted from there, so it goes through exactly the decode policy and
test pipeline a file goes through (the PNG holds the same pixels: decoding
it gives the BGR array back bit for bit).
"""
import glob
import os
import os.path as osp
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

import cv2
import numpy as np

from landmark.core.image_inputs import resolve_image_inputs


@dataclass
class ImageSource:
    """One image to predict on.

    Args:
        name (str): The file as given (or found in a folder), or
            ``array_<i>`` for the i-th array / PIL image of the input.
        path (str): The file the prediction reads (a temporary PNG for an
            array).
        image (np.ndarray, optional): The BGR array of an array input, kept
            for drawing after the temporary file is gone.
    """
    name: str
    path: str
    image: Optional[np.ndarray] = None


def _is_pil_image(item: Any) -> bool:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with mmcv
        return False
    return isinstance(item, Image.Image)


def bgr_array_of(item: Any, name: str, rgb: bool = False) -> np.ndarray:
    """The ``(H, W, 3)`` uint8 BGR array of a NumPy array (BGR as OpenCV
    reads it, RGB with ``rgb=True``; ``(H, W)`` gray) or a PIL image (any
    mode, converted to RGB as Pillow does).

    Raises:
        ValueError: Not uint8, or not ``(H, W)``, ``(H, W, 1)`` or
            ``(H, W, 3)``; the message names the input.
    """
    if _is_pil_image(item):
        return np.ascontiguousarray(np.asarray(item.convert('RGB'))[..., ::-1])
    array = np.asarray(item)
    if array.dtype != np.uint8:
        raise ValueError(f'{name}: a {array.dtype} array; expected uint8 '
                         'pixels (0-255) as cv2.imread returns them')
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    if array.ndim != 3 or array.shape[2] != 3 or 0 in array.shape:
        raise ValueError(f'{name}: an array of shape {array.shape}; expected '
                         '(H, W, 3) colour or (H, W) gray pixels')
    return np.ascontiguousarray(array[..., ::-1] if rgb else array)


def _paths_of(item: str, recursive: bool) -> List[str]:
    """A folder or glob in a list is expanded; any other path is kept, even
    a missing one, so that it is reported as such (as a list file's)."""
    if osp.isdir(item) or (glob.has_magic(item) and not osp.exists(item)):
        return resolve_image_inputs(item, recursive)
    return [item]


def image_sources(inputs: Any,
                  temp_dir: str,
                  rgb: bool = False,
                  recursive: bool = False) -> List[ImageSource]:
    """The images meant by ``inputs``, arrays written into ``temp_dir``.

    Args:
        inputs: A path, folder, glob or ``.txt`` list (as ``tools/infer.py``
            takes it, :func:`resolve_image_inputs`), a NumPy array, a PIL
            image, or a list / tuple of these.
        temp_dir (str): Where arrays become PNG files.
        rgb (bool): Arrays are RGB (default: BGR, as OpenCV reads).
        recursive (bool): A folder's sub-folders too (``--recursive``).

    Raises:
        FileNotFoundError: A single path, folder or glob matching nothing.
        ValueError: An array that is not an image (names it); an input of
            another type.
    """
    if isinstance(inputs, (str, os.PathLike)):
        return [
            ImageSource(p, p)
            for p in resolve_image_inputs(str(inputs), recursive)
        ]
    items = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    sources, num_arrays = [], 0
    for item in items:
        if isinstance(item, (str, os.PathLike)):
            sources += [
                ImageSource(p, p) for p in _paths_of(str(item), recursive)
            ]
            continue
        if not (_is_pil_image(item) or isinstance(item, np.ndarray)):
            raise ValueError(
                f'input {len(sources)} is a {type(item).__name__}; expected '
                'a path, a folder, a glob, a NumPy array or a PIL image')
        name = f'array_{num_arrays}'
        num_arrays += 1
        image = bgr_array_of(item, name, rgb)
        path = osp.join(temp_dir, f'{name}.png')
        if not cv2.imwrite(path, image):
            raise OSError(f'{name}: could not write {path}')
        sources.append(ImageSource(name, path, image))
    if not sources:
        raise ValueError('no input images; expected a path, a folder, a '
                         'glob, an array or a list of them')
    return sources


def error_text(message: str, source: ImageSource) -> str:
    """A problem's message naming the input as the user gave it (not the
    temporary PNG of an array)."""
    if source.image is not None:
        message = message.replace(repr(source.path), source.name).replace(
            source.path, source.name)
    return message if source.name in message else \
        f'{source.name}: {message}'


def sizes_of(sources: Sequence[ImageSource]) -> List[Optional[tuple]]:
    """``(h, w)`` per source as OpenCV decodes it (EXIF applied), None
    where the header does not read."""
    from landmark.core.image_files import ImageReadError, read_image_size
    sizes = []
    for source in sources:
        if source.image is not None:
            sizes.append(tuple(source.image.shape[:2]))
            continue
        try:
            width, height = read_image_size(source.path)
        except ImageReadError:
            sizes.append(None)
            continue
        sizes.append((height, width))
    return sizes
