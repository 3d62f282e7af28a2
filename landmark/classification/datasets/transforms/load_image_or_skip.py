"""Image loading that skips (and reports) images that do not decode."""
from typing import Optional

from mmcv.transforms import LoadImageFromFile
from mmengine.logging import print_log
from mmpretrain.registry import TRANSFORMS

from landmark.core.data_problems import ProblemLog


@TRANSFORMS.register_module()
class LoadImageOrSkip(LoadImageFromFile):
    """``LoadImageFromFile`` that returns None for an image that fails to
    decode, after one warning line naming the file; MMEngine's dataset then
    fetches another index. ``problems`` counts the skipped files (per
    worker process).

    Examples:
        >>> train_pipeline = [dict(type='LoadImageOrSkip'), ...]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.problems = ProblemLog()

    def transform(self, results: dict) -> Optional[dict]:
        try:
            loaded = super().transform(results)
        except Exception as err:  # any decoder error means the same
            loaded = None
            reason = f'{type(err).__name__}: {err}'.splitlines()[0]
        else:
            reason = 'decoded to nothing'
        if loaded is None or loaded.get('img') is None:
            problem = self.problems.add(
                'unreadable_image', results.get('img_path', '?'),
                f'expected a decodable image ({reason}); skipped')
            print_log(
                f'{problem} ({self.problems.num_skipped} skipped so far)',
                logger='current',
                level=30)
            return None
        return loaded
