"""Keep each image at its own resolution, with an optional pixel budget."""
import math
from typing import Optional, Tuple

from mmdet.datasets.transforms import Resize
from mmdet.registry import TRANSFORMS


@TRANSFORMS.register_module()
class NativeResolution(Resize):
    """Keep every image at its native size; downscale only above a budget.

    Landmark photos are large and the landmark fills much of them, so the
    winning recipe trains and predicts at the photo's own resolution: no
    fixed scale, no crop. This transform leaves an image as it is unless it
    holds more than ``max_pixels`` pixels or its long side exceeds
    ``max_long_side``; such an image is downscaled (aspect ratio kept) just
    enough to fit both limits, and its boxes with it. Padding to the
    network's stride is left to ``DetDataPreprocessor(pad_size_divisor=32)``.

    The usual keys of MMDetection's ``Resize`` are set either way
    (``img_shape``, ``scale``, ``scale_factor``, ``keep_ratio``), so
    predictions are mapped back to the original pixels as usual.

    Args:
        max_pixels (int, optional): Pixel budget per image (``h * w``).
            Defaults to None (no budget).
        max_long_side (int, optional): Longest side allowed, in pixels.
            Defaults to None (no limit).
        interpolation (str): As for ``Resize``. Defaults to ``'bilinear'``.

    Examples:
        >>> train_pipeline = [
        ...     dict(type='LoadImageFromFile'),
        ...     dict(type='LoadAnnotations', with_bbox=True),
        ...     dict(type='NativeResolution', max_pixels=12_000_000),
        ...     dict(type='RandomFlip', prob=0.5),
        ...     dict(type='PackDetInputs')]
    """

    def __init__(self,
                 max_pixels: Optional[int] = None,
                 max_long_side: Optional[int] = None,
                 interpolation: str = 'bilinear') -> None:
        for name, value in (('max_pixels', max_pixels), ('max_long_side',
                                                         max_long_side)):
            if value is not None and value <= 0:
                raise ValueError(
                    f'NativeResolution: {name} must be a positive number of '
                    f'pixels or None, got {value!r}')
        # ``scale`` is computed per image in ``transform``; keep_ratio=False
        # makes ``Resize`` use exactly that (already proportional) size.
        super().__init__(
            scale=None,
            scale_factor=1.0,
            keep_ratio=False,
            interpolation=interpolation)
        self.max_pixels = max_pixels
        self.max_long_side = max_long_side

    def target_size(self, width: int, height: int) -> Tuple[int, int]:
        """The (width, height) an image of this size is brought to."""
        scale = 1.0
        if self.max_pixels is not None and width * height > self.max_pixels:
            scale = math.sqrt(self.max_pixels / (width * height))
        if self.max_long_side is not None:
            scale = min(scale, self.max_long_side / max(width, height))
        if scale >= 1.0:
            return width, height
        # floor keeps the result inside the budget; never below one pixel
        return max(1, int(width * scale)), max(1, int(height * scale))

    def transform(self, results: dict) -> dict:
        """Downscale ``results`` if it is above the budget, else keep it.

        After ``NativeResolutionImageLoader`` decoded at reduced scale
        (``decode_reduction`` in ``results``), the target size and the box
        scale are computed from the photo's full size (``ori_shape``), so
        they are exactly those of a full decode.
        """
        height, width = results['img'].shape[:2]
        reduced = results.pop('decode_reduction', 1) > 1
        if reduced:
            height, width = results['ori_shape']
        size = self.target_size(width, height)
        if size == (width, height) and not reduced:
            results['img_shape'] = (height, width)
            results['scale'] = (width, height)
            results['scale_factor'] = (1.0, 1.0)
            results['keep_ratio'] = True
            self._record_homography_matrix(results)
            return results
        results['scale'] = size
        self._resize_img(results)
        if reduced:  # relative to the full photo, not the reduced decode
            results['scale_factor'] = (size[0] / width, size[1] / height)
        results['keep_ratio'] = True  # the aspect ratio is kept by design
        self._resize_bboxes(results)
        self._resize_masks(results)
        self._resize_seg(results)
        self._record_homography_matrix(results)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(max_pixels={self.max_pixels}, '
                f'max_long_side={self.max_long_side}, '
                f'interpolation={self.interpolation})')
