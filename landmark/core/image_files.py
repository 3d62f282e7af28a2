"""Finding image files, reading their size, and deciding whether a photo
can be used: one decode policy for every tool.

The policy (:func:`check_image_file`, :func:`decode_image`,
:func:`inspect_image`; the converters and ``tools/check_dataset.py`` apply
it in full, or rule 1 alone with ``--fast``): a photo is usable when

1. its header reads and its size is within the pixel limit
   (:data:`MAX_DECODE_PIXELS`, 100 MP by default; tools take
   ``--max-decode-pixels``), so no tool decodes a decompression bomb;
2. OpenCV decodes it (``cv2.imdecode``, what mmcv uses in training); and
3. it is complete: a JPEG ends with its end-of-image marker, or, when other
   data follow the image (motion photos), Pillow decodes it in full without
   running out of data; other formats are decoded in full by Pillow.

Rule 3 makes the verdict independent of the OpenCV version: OpenCV 5
returns nothing for a truncated JPEG, OpenCV 4 fills the missing part with
grey. Sizes are in the displayed frame, EXIF orientation applied, as
OpenCV decodes (boxes are annotated in that frame); :class:`ImageHeader`
keeps the stored frame too. Training applies the policy at a cost it can
pay per photo (:mod:`landmark.core.skipped_images`).
"""
import glob
import os
import os.path as osp
import warnings
from dataclasses import dataclass
from typing import List, Optional, Tuple

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')

# EXIF orientations that swap width and height (OpenCV's imread, which mmcv
# uses, applies the EXIF rotation, so the size a model sees is the rotated
# one).
_TRANSPOSING_ORIENTATIONS = (5, 6, 7, 8)

# Photos above this many pixels are refused before decoding (a 4000x3000
# photo has 12 MP; Pillow itself warns at 89 MP and refuses 179 MP).
MAX_DECODE_PIXELS = 100_000_000

_JPEG_EXTENSIONS = ('.jpg', '.jpeg')
_JPEG_END = b'\xff\xd9'


class ImageReadError(OSError):
    """An image file is missing or cannot be read."""


def set_max_decode_pixels(max_pixels: Optional[int]) -> None:
    """Set the pixel limit of every later decode (``None``: no limit).

    Tools call it with their ``--max-decode-pixels`` value. A limit above
    Pillow's own bomb limit raises that too, so one flag decides.
    """
    global MAX_DECODE_PIXELS
    if max_pixels is not None and max_pixels <= 0:
        raise ValueError(f'--max-decode-pixels {max_pixels}: expected a '
                         'positive number of pixels')
    MAX_DECODE_PIXELS = max_pixels
    if max_pixels is None:
        Image.MAX_IMAGE_PIXELS = None
    elif Image.MAX_IMAGE_PIXELS is not None:
        # Pillow refuses above twice its limit, before our header check
        Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS, max_pixels)


def _check_pixel_limit(path: str, width: int, height: int,
                       max_pixels: Optional[int]) -> None:
    limit = MAX_DECODE_PIXELS if max_pixels is None else max_pixels
    if limit is not None and width * height > limit:
        raise ImageReadError(
            f'image file {path!r} has {width}x{height} = '
            f'{width * height / 1e6:g} MP, above the limit of '
            f'{limit / 1e6:g} MP (raise it with --max-decode-pixels)')


def is_image_file(path: str) -> bool:
    """Whether ``path`` has an image extension, in any case (.jpg / .JPG)."""
    return osp.splitext(path)[1].lower() in IMAGE_EXTENSIONS


def _open_header(path: str) -> Image.Image:
    """``Image.open`` with Pillow's own bomb check replaced by ours."""
    if osp.isdir(path):
        raise ImageReadError(
            f'image file {path!r} is a folder; expected an image file')
    if not osp.isfile(path):
        raise ImageReadError(f'image file {path!r} does not exist')
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', Image.DecompressionBombWarning)
            return Image.open(path)
    except Image.DecompressionBombError as err:  # not an OSError
        raise ImageReadError(
            f'image file {path!r} is too large to decode ({err}); raise '
            '--max-decode-pixels to allow it') from err
    except (UnidentifiedImageError, OSError, ValueError) as err:
        raise ImageReadError(
            f'image file {path!r} is not a readable image ({err})') from err


@dataclass(frozen=True)
class ImageHeader:
    """What the header of an image file says.

    Args:
        path (str): The file.
        stored_size (tuple[int, int]): ``(width, height)`` of the pixels as
            stored in the file.
        orientation (int): EXIF orientation, 1 (none) to 8.
    """
    path: str
    stored_size: Tuple[int, int]
    orientation: int = 1

    @property
    def size(self) -> Tuple[int, int]:
        """``(width, height)`` in the displayed frame (EXIF orientation
        applied), as OpenCV decodes the photo."""
        width, height = self.stored_size
        if self.orientation in _TRANSPOSING_ORIENTATIONS:
            return height, width
        return width, height


def _stored_size(img: Image.Image) -> Tuple[int, int]:
    """The stored ``(width, height)``: Pillow's TIFF reader already
    reports a transposed size for orientations 5-8, its JPEG reader does
    not; the TIFF tags hold the stored one."""
    if img.format == 'TIFF':
        try:
            return int(img.tag_v2[256]), int(img.tag_v2[257])
        except (KeyError, TypeError, ValueError):
            pass
    return img.size


def read_image_header(path: str,
                      max_pixels: Optional[int] = None) -> ImageHeader:
    """Read the size and EXIF orientation of an image from its header.

    Only the header is read (milliseconds even for 4000x3000 JPEG files).

    Args:
        path (str): The image file.
        max_pixels (int, optional): Pixel limit; default
            :data:`MAX_DECODE_PIXELS`.

    Raises:
        ImageReadError: The file is missing, not a readable image, or above
            the pixel limit.
    """
    with _open_header(path) as img:
        stored_size = _stored_size(img)
        try:
            orientation = int(img.getexif().get(0x0112, 1))
        except Exception:  # a broken EXIF block: no rotation, as OpenCV
            orientation = 1
    if orientation not in range(1, 9):
        orientation = 1  # OpenCV ignores values outside the standard
    _check_pixel_limit(path, *stored_size, max_pixels)
    return ImageHeader(path, stored_size, orientation)


def read_image_size(path: str,
                    max_pixels: Optional[int] = None) -> Tuple[int, int]:
    """Return ``(width, height)`` from the file header, as OpenCV sees it
    (EXIF orientation applied, as ``cv2.imread`` does).

    Raises:
        ImageReadError: See :func:`read_image_header`.
    """
    return read_image_header(path, max_pixels).size


def inspect_image(path: str,
                  full_decode: bool = True,
                  max_pixels: Optional[int] = None) -> ImageHeader:
    """Apply the decode policy to one file and return its header: the
    whole policy with ``full_decode`` (finds a JPEG truncated after an
    intact header), else rule 1 only (``--fast``).

    Raises:
        ImageReadError: The photo is unusable; the message names the file
            and the reason.
    """
    header = read_image_header(path, max_pixels)
    if full_decode:
        _decode_complete(path)
    return header


def decode_check_note(full_decode: bool) -> str:
    """How the images were checked, for a tool's summary line."""
    if full_decode:
        return 'images checked by a full decode'
    return ('images checked by their header only (--fast): a photo '
            'truncated after its header is not found')


def _is_jpeg(path: str) -> bool:
    return osp.splitext(path)[1].lower() in _JPEG_EXTENSIONS


def _load_in_full(path: str) -> None:
    """Decode with Pillow to the last byte; raise if data are missing."""
    try:
        with _open_header(path) as img:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                img.load()  # raises on missing data (truncated file)
    except ImageReadError:
        raise
    except Exception as err:
        raise ImageReadError(
            f'image file {path!r} is truncated or corrupt ({err}); expected '
            'a complete image') from err


def _check_complete(path: str, data: np.ndarray) -> None:
    """Rule 3 of the policy: the file holds the whole image."""
    if _is_jpeg(path) and data[-2:].tobytes() == _JPEG_END:
        return  # the common case, without a second decode
    _load_in_full(path)


def check_jpeg_complete(path: str) -> None:
    """Rule 3 for a JPEG file at the cost of reading its last two bytes
    (what a training loop can pay per photo): Pillow decodes it in full only
    when the end-of-image marker is missing. Other formats pass: OpenCV
    refuses their truncated files whatever its version.

    Raises:
        ImageReadError: The JPEG is cut short.
    """
    if not _is_jpeg(path):
        return
    with open(path, 'rb') as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(f.tell() - 2, 0))
        if f.read() == _JPEG_END:
            return
    _load_in_full(path)


def check_image_before_loading(path: str,
                               max_pixels: Optional[int] = None
                               ) -> Tuple[int, int]:
    """What a data set can check of a photo when it is built, at the cost
    of its header and, for a JPEG, its last two bytes: the file exists and
    is not a folder, the header reads, the pixels are within the limit,
    and a JPEG holds its end marker (:func:`check_jpeg_complete`).

    Returns:
        tuple[int, int]: ``(width, height)`` as OpenCV decodes it.

    Raises:
        ImageReadError: The photo is unusable; the message names the file
            and the reason.
    """
    size = read_image_size(path, max_pixels)
    check_jpeg_complete(path)
    return size


def check_image_file(path: str,
                     max_pixels: Optional[int] = None) -> Tuple[int, int]:
    """Apply the whole decode policy (module docstring) to one file.

    Args:
        path (str): The image file.
        max_pixels (int, optional): Pixel limit; default
            :data:`MAX_DECODE_PIXELS`.

    Returns:
        tuple[int, int]: ``(width, height)`` as decoded.

    Raises:
        ImageReadError: The photo is unusable; the message names the file
            and the reason.
    """
    height, width = decode_image(path, max_pixels).shape[:2]
    return width, height


def decode_image(path: str, max_pixels: Optional[int] = None) -> np.ndarray:
    """Fully decode an image with OpenCV (BGR), as training will, under the
    decode policy of this module (pixel limit, complete file).

    Raises:
        ImageReadError: The file is missing, above the pixel limit,
            truncated or not an image.
    """
    read_image_header(path, max_pixels)  # exists, header, pixel limit
    return _decode_complete(path)


def _decode_complete(path: str) -> np.ndarray:
    """Rules 2 and 3 of the policy (the header was checked)."""
    data = np.fromfile(path, dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None and _is_jpeg(path) and data[-2:].tobytes() != _JPEG_END:
        raise ImageReadError(
            f'image file {path!r} is truncated or corrupt (no JPEG '
            'end-of-image marker, and OpenCV cannot decode it); expected a '
            'complete image')
    if img is None:
        raise ImageReadError(
            f'image file {path!r} cannot be decoded (corrupt or not an '
            'image)')
    _check_complete(path, data)
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
        if osp.splitext(candidate)[1].lower() == ext.lower() and \
                osp.isfile(candidate):
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
