"""Finding image files and reading their real size cheaply."""
import glob
import os
import os.path as osp
from typing import List, Optional, Tuple

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')

# EXIF orientations that swap width and height (OpenCV's imread, which mmcv
# uses, applies the EXIF rotation, so the size a model sees is the rotated
# one).
_TRANSPOSING_ORIENTATIONS = (5, 6, 7, 8)


class ImageReadError(OSError):
    """An image file is missing or cannot be read."""


def is_image_file(path: str) -> bool:
    """Whether ``path`` has an image extension, in any case (.jpg / .JPG)."""
    return osp.splitext(path)[1].lower() in IMAGE_EXTENSIONS


def read_image_size(path: str) -> Tuple[int, int]:
    """Return ``(width, height)`` from the file header, as OpenCV sees it.

    Only the header is read (milliseconds even for 4000x3000 JPEG files);
    EXIF orientation is applied like ``cv2.imread`` does.

    Raises:
        ImageReadError: The file is missing or not a readable image.
    """
    if not osp.isfile(path):
        raise ImageReadError(f'image file {path!r} does not exist')
    try:
        with Image.open(path) as img:
            width, height = img.size
            orientation = img.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError, ValueError) as err:
        raise ImageReadError(
            f'image file {path!r} is not a readable image ({err})') from err
    if orientation in _TRANSPOSING_ORIENTATIONS:
        width, height = height, width
    return width, height


def decode_image(path: str) -> np.ndarray:
    """Fully decode an image with OpenCV (BGR), as training will.

    Raises:
        ImageReadError: The file is missing, truncated or not an image.
    """
    if not osp.isfile(path):
        raise ImageReadError(f'image file {path!r} does not exist')
    data = np.fromfile(path, dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise ImageReadError(
            f'image file {path!r} cannot be decoded (corrupt or not an '
            'image)')
    return img


def find_image_file(folder: str, file_name: str) -> Optional[str]:
    """Locate ``file_name`` in ``folder``, tolerating extension case.

    VOC files often say ``IMG_1.jpg`` for a file saved as ``IMG_1.JPG``.

    Returns:
        str | None: The existing path, or ``None``.
    """
    path = osp.join(folder, file_name)
    if osp.isfile(path):
        return path
    stem, ext = osp.splitext(file_name)
    for candidate in glob.glob(
            osp.join(glob.escape(folder),
                     glob.escape(stem) + '.*')):
        if osp.splitext(candidate)[1].lower() == ext.lower():
            return candidate
    return None


def list_image_files(folder: str, recursive: bool = False) -> List[str]:
    """All image files in ``folder`` (sorted), any extension case."""
    if not osp.isdir(folder):
        raise FileNotFoundError(f'image folder {folder!r} does not exist')
    if recursive:
        paths = [
            osp.join(root, name) for root, _, names in os.walk(folder)
            for name in names
        ]
    else:
        paths = [osp.join(folder, name) for name in os.listdir(folder)]
    return sorted(p for p in paths if osp.isfile(p) and is_image_file(p))
