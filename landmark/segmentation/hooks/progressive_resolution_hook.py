"""Train at a fraction of the resolution, then at full resolution."""
from typing import Sequence

from mmcv.transforms import Compose
from mmengine.hooks import Hook
from mmseg.registry import HOOKS


@HOOKS.register_module()
class ProgressiveResolutionHook(Hook):
    """Swap the training pipeline for ``switch_pipeline`` at
    ``switch_epoch``, as MMDetection's ``PipelineSwitchHook`` does: the
    config's pipeline works at low resolution (fast epochs while the model
    learns the coarse task), the switch pipeline at full resolution.

    Workers that persist between epochs hold a copy of the old pipeline, so
    the data loader's iterator is dropped to make them restart with the new
    one. On resume past ``switch_epoch`` the switch happens at once.

    Args:
        switch_epoch (int): The first epoch (0-based, as ``runner.epoch``)
            trained with ``switch_pipeline``.
        switch_pipeline (Sequence[dict]): The full-resolution pipeline.

    Examples:
        >>> custom_hooks = [dict(
        ...     type='ProgressiveResolutionHook', switch_epoch=8,
        ...     switch_pipeline=train_pipeline_512)]
    """

    def __init__(self, switch_epoch: int, switch_pipeline: Sequence[dict]):
        if switch_epoch < 0:
            raise ValueError(f'ProgressiveResolutionHook: switch_epoch='
                             f'{switch_epoch}; expected 0 or more')
        self.switch_epoch = switch_epoch
        self.switch_pipeline = list(switch_pipeline)
        self.switched = False

    def before_train_epoch(self, runner) -> None:
        """Switch once, on the first epoch at or past ``switch_epoch``."""
        if self.switched or runner.epoch < self.switch_epoch:
            return
        loader = runner.train_dataloader
        dataset = loader.dataset
        # a wrapper (e.g. MultiImageMixDataset for copy-paste) keeps the
        # pipeline of the images it mixes in the wrapped dataset
        target = getattr(dataset, 'dataset', dataset)
        target.pipeline = Compose(self.switch_pipeline)
        if getattr(loader, 'persistent_workers', False):
            loader._DataLoader__initialized = False
            loader._iterator = None
            loader._DataLoader__initialized = True
        self.switched = True
        runner.logger.info(
            f'ProgressiveResolutionHook: epoch {runner.epoch + 1} and on '
            'train with switch_pipeline')
