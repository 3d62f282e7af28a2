"""Image loading that skips (and reports) images that do not decode."""
from typing import Optional

from mmcv.transforms import LoadImageFromFile
from mmpretrain.registry import TRANSFORMS

from landmark.core.skipped_images import ImageSkipper


@TRANSFORMS.register_module()
class LoadImageOrSkip(LoadImageFromFile):
    """``LoadImageFromFile`` that returns None for an image that fails to
    decode, after one warning line naming the file (once per run, see
    :mod:`landmark.core.skipped_images`); MMEngine's dataset then fetches
    another index. ``problems`` counts the skipped files (per worker
    process).

    Examples:
        >>> train_pipeline = [dict(type='LoadImageOrSkip'), ...]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.skipper = ImageSkipper()  # the policy shared with detection
        self.problems = self.skipper.problems

    def transform(self, results: dict) -> Optional[dict]:
        return self.skipper.load(super().transform, results)
