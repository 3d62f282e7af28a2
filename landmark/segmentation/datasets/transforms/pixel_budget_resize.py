"""Downscale a photo (and its mask) to a pixel budget, keeping its shape.
"""
import math
from typing import Optional, Tuple

from mmcv.transforms import BaseTransform, Resize
from mmseg.registry import TRANSFORMS


def budget_size(width: int,
                height: int,
                max_pixels: Optional[int] = None,
                max_long_side: Optional[int] = None) -> Tuple[int, int]:
    """``(width, height)`` scaled down by one factor until the area is at
    most ``max_pixels`` and the longest side at most ``max_long_side``;
    never enlarged.

    Examples:
        >>> budget_size(512, 512, max_pixels=256 * 256)
        (256, 256)
        >>> budget_size(400, 100, max_long_side=200)
        (200, 50)
        >>> budget_size(100, 100, max_pixels=10 ** 6)
        (100, 100)
    """
    scale = 1.0
    if max_pixels and width * height > max_pixels:
        scale = math.sqrt(max_pixels / (width * height))
    if max_long_side and max(width, height) > max_long_side:
        scale = min(scale, max_long_side / max(width, height))
    if scale >= 1.0:
        return width, height
    # floor after a tiny tolerance: 512 * 0.5 stays 256, never 255
    return (max(1, math.floor(width * scale + 1e-6)),
            max(1, math.floor(height * scale + 1e-6)))


@TRANSFORMS.register_module()
class PixelBudgetResize(BaseTransform):
    """Segmentation's size setting: a photo above ``max_pixels`` (or with a
    side above ``max_long_side``) is downscaled, aspect kept; smaller ones
    pass unchanged. The tools write the config's top-level ``max_pixels``
    / ``max_long_side`` (or ``--max-pixels`` / ``--max-long-side``) into
    every ``PixelBudgetResize`` of the train, val, test and TTA pipelines
    (:func:`~landmark.segmentation.apis.apply_pixel_budget`).

    Placed after ``LoadAnnotations`` (training) it resizes the mask too
    (nearest neighbour); placed before it (testing) the ground truth stays
    at the photo's size, which is where the segmentor returns its
    prediction (``ori_shape``).

    Required keys: ``img``; ``gt_seg_map`` when loaded. Modified keys:
    ``img``, ``img_shape``, ``gt_seg_map``, ``scale_factor``.

    Args:
        max_pixels (int, optional): Pixel budget per photo. Defaults to
            None (no limit).
        max_long_side (int, optional): Longest side. Defaults to None.
        interpolation (str): Interpolation of the photo. Defaults to
            ``'bilinear'``.

    Examples:
        >>> max_pixels = 256 * 256   # top-level: every pipeline
        >>> test_pipeline = [dict(type='LoadImageFromFile'),
        ...                  dict(type='PixelBudgetResize'),
        ...                  dict(type='LoadAnnotations'),
        ...                  dict(type='PackSegInputs')]
    """

    def __init__(self,
                 max_pixels: Optional[int] = None,
                 max_long_side: Optional[int] = None,
                 interpolation: str = 'bilinear'):
        self.max_pixels = max_pixels
        self.max_long_side = max_long_side
        self.interpolation = interpolation

    def transform(self, results: dict) -> dict:
        height, width = results['img'].shape[:2]
        size = budget_size(width, height, self.max_pixels,
                           self.max_long_side)
        if size == (width, height):
            results.setdefault('scale_factor', (1.0, 1.0))
            return results
        return Resize(
            scale=size, keep_ratio=False,
            interpolation=self.interpolation)(results)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(max_pixels={self.max_pixels}, '
                f'max_long_side={self.max_long_side})')
