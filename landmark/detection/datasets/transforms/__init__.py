from landmark.detection.datasets.transforms.load_image_or_skip import \
    LoadImageOrSkip
from landmark.detection.datasets.transforms.native_resolution import \
    NativeResolution
from landmark.detection.datasets.transforms.pixel_budget import (
    apply_pixel_budget, native_resolutions)

__all__ = ['NativeResolution', 'apply_pixel_budget', 'native_resolutions']
__all__ += ['LoadImageOrSkip']
from landmark.detection.datasets.transforms import \
    native_resolution_image_loader  # noqa: E402 (appended after the list)

NativeResolutionImageLoader = \
    native_resolution_image_loader.NativeResolutionImageLoader

__all__ += ['NativeResolutionImageLoader']
