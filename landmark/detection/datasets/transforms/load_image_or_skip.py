"""Image loading for training that skips (and names once) a photo that
cannot be used, instead of ending the run."""
from typing import Optional

from mmcv.transforms import LoadImageFromFile
from mmdet.registry import TRANSFORMS

from landmark.core.skipped_images import ImageSkipper


@TRANSFORMS.register_module()
class LoadImageOrSkip(LoadImageFromFile):
    """``LoadImageFromFile`` that returns ``None`` for an unusable photo
    (undecodable, truncated, above ``--max-decode-pixels``); MMEngine's
    ``BaseDataset`` then fetches another index. The photo is named once in
    the log for the whole run (all data-loader workers, all epochs), with
    the number of photos skipped so far (see
    :mod:`landmark.core.skipped_images`).

    Args:
        **kwargs: Those of mmcv's ``LoadImageFromFile``.

    Examples:
        >>> train_pipeline = [
        ...     dict(type='LoadImageOrSkip', backend_args=None),
        ...     dict(type='LoadAnnotations', with_bbox=True), ...]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.skipper = ImageSkipper()

    @property
    def num_skipped_photos(self) -> int:
        """Distinct photos skipped so far in this run."""
        return self.skipper.num_skipped_photos

    def transform(self, results: dict) -> Optional[dict]:
        return self.skipper.load(super().transform, results)
