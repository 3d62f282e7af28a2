"""Decode a JPEG at 1/2, 1/4 or 1/8 scale when the pixel budget shrinks it
that much anyway."""
import os.path as osp
from typing import Optional

import cv2
import numpy as np
from mmcv.transforms import LoadImageFromFile
from mmdet.registry import TRANSFORMS

from landmark.core.image_files import read_image_size
from landmark.detection.datasets.transforms.load_image_or_skip import \
    LoadImageOrSkip
from landmark.detection.datasets.transforms.native_resolution import \
    NativeResolution

# libjpeg scales the DCT while decoding: a 4000x3000 JPEG decodes several
# times faster at 1/8 scale than in full
REDUCED_DECODE_FLAGS = {
    8: cv2.IMREAD_REDUCED_COLOR_8,
    4: cv2.IMREAD_REDUCED_COLOR_4,
    2: cv2.IMREAD_REDUCED_COLOR_2,
}
JPEG_EXTENSIONS = ('.jpg', '.jpeg')


@TRANSFORMS.register_module()
class NativeResolutionImageLoader(LoadImageOrSkip):
    """``LoadImageOrSkip`` that decodes a JPEG at reduced scale when the
    pixel budget of the ``NativeResolution`` after it shrinks the photo by
    2x or more: the detection configs' training loader.

    The header gives the photo's size; the largest reduction (8, 4 or 2)
    that still leaves at least the budget's target size in both directions
    is decoded (``cv2.IMREAD_REDUCED_COLOR_*``). ``ori_shape`` stays the
    photo's full size and ``decode_reduction`` tells ``NativeResolution``
    to bring the image to the same target size, and the boxes (in full
    photo pixels) by the same factor, as after a full decode: final size and
    boxes are exactly those of a full decode; the pixels differ only by the
    resampling. Other formats, other colour types, remote files, photos
    within the budget and files OpenCV cannot decode reduced go through
    ``LoadImageFromFile`` unchanged. An unusable photo (undecodable, cut
    short, above ``--max-decode-pixels``) is skipped and named once, as by
    ``LoadImageOrSkip``.

    It must be followed by a ``NativeResolution`` with the same budget;
    the tools write the budget into both (:func:`apply_pixel_budget`).

    Args:
        max_pixels (int, optional): As ``NativeResolution``'s.
        max_long_side (int, optional): As ``NativeResolution``'s.
        **kwargs: Those of mmcv's ``LoadImageFromFile``.

    Examples:
        >>> train_pipeline = [
        ...     dict(type='NativeResolutionImageLoader'),
        ...     dict(type='LoadAnnotations', with_bbox=True),
        ...     dict(type='NativeResolution'),  # budget set by the tools
        ...     dict(type='RandomFlip', prob=0.5),
        ...     dict(type='PackDetInputs')]
    """

    def __init__(self,
                 max_pixels: Optional[int] = None,
                 max_long_side: Optional[int] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.budget = NativeResolution(max_pixels, max_long_side)

    def reduction(self, width: int, height: int) -> int:
        """The decode reduction (1, 2, 4 or 8) for a photo of this size."""
        target_w, target_h = self.budget.target_size(width, height)
        for factor in REDUCED_DECODE_FLAGS:
            if width // factor >= target_w and height // factor >= target_h:
                return factor
        return 1

    def _can_reduce(self, path: str) -> bool:
        return (self.color_type == 'color' and self.backend_args is None
                and self.file_client_args is None
                and self.imdecode_backend == 'cv2'
                and osp.splitext(path)[1].lower() in JPEG_EXTENSIONS)

    def transform(self, results: dict) -> Optional[dict]:
        """Load the photo, at reduced scale where the budget allows; None
        (skipped, named once) when it is unusable."""
        return self.skipper.load(self._load, results)

    def _load(self, results: dict) -> Optional[dict]:
        path = results['img_path']
        if not self._can_reduce(path):
            return LoadImageFromFile.transform(self, results)
        width, height = read_image_size(path)  # EXIF-rotated, as OpenCV
        factor = self.reduction(width, height)
        if factor == 1:
            return LoadImageFromFile.transform(self, results)
        img = cv2.imdecode(
            np.fromfile(path, dtype=np.uint8), REDUCED_DECODE_FLAGS[factor])
        # libjpeg rounds the reduced size up
        expected = (-(-height // factor), -(-width // factor))
        if img is None or img.shape[:2] != expected:
            return LoadImageFromFile.transform(self, results)
        if self.to_float32:
            img = img.astype(np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = (height, width)
        results['decode_reduction'] = factor
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}('
                f'max_pixels={self.budget.max_pixels}, '
                f'max_long_side={self.budget.max_long_side}, '
                f'backend_args={self.backend_args})')
