"""Batch augments (CutMix, MixUp) switched on from a given epoch."""
from typing import Optional, Sequence

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmpretrain.models.utils import RandomBatchAugment
from mmpretrain.registry import HOOKS


@HOOKS.register_module()
class BatchAugmentsFromEpochHook(Hook):
    """Switch on batch augments from epoch ``start_epoch`` (0-based, as
    ``runner.epoch``; on resume past it they are on at once).

    Labels are one-hot from the first epoch on (the preprocessor's
    ``to_onehot``, set before training), so the loss sees one label format
    throughout; mmpretrain's ``SwitchRecipeHook`` given only
    ``batch_augments`` leaves ``to_onehot`` off, and the preprocessor then
    makes no soft labels and silently skips the augments. The loss must take
    soft labels (``CrossEntropyLoss(use_soft=True)`` or ``LDAMLoss``); that
    is checked before training.

    Args:
        start_epoch (int): First epoch with the augments.
        augments (dict | list[dict]): As ``RandomBatchAugment``, e.g.
            ``dict(type='CutMix', alpha=1.0)``.
        probs (float | list[float], optional): As ``RandomBatchAugment``.

    Examples:
        >>> custom_hooks = [dict(type='BatchAugmentsFromEpochHook',
        ...                      start_epoch=5,
        ...                      augments=dict(type='CutMix', alpha=1.0))]
    """

    priority = 'NORMAL'

    def __init__(self,
                 start_epoch: int,
                 augments,
                 probs: Optional[Sequence[float]] = None):
        if start_epoch < 0:
            raise ValueError(f'BatchAugmentsFromEpochHook: start_epoch='
                             f'{start_epoch}; expected >= 0')
        self.start_epoch = start_epoch
        self.batch_augments = RandomBatchAugment(augments, probs=probs)
        self.switched = False

    @staticmethod
    def _model(runner):
        return runner.model.module if is_model_wrapper(
            runner.model) else runner.model

    def before_train(self, runner) -> None:
        model = self._model(runner)
        loss = getattr(getattr(model, 'head', None), 'loss_module', None)
        if type(loss).__name__ == 'CrossEntropyLoss' and \
                not (loss.use_soft or loss.use_sigmoid):
            raise ValueError(
                'BatchAugmentsFromEpochHook: the head loss is '
                'CrossEntropyLoss(use_soft=False), which cannot take the '
                'soft labels of CutMix/MixUp; expected use_soft=True')
        preprocessor = model.data_preprocessor
        if not preprocessor.num_classes:
            raise ValueError('BatchAugmentsFromEpochHook: one-hot labels '
                             'need data_preprocessor.num_classes; expected '
                             'it set in the config')
        preprocessor.to_onehot = True

    def before_train_epoch(self, runner) -> None:
        if self.switched or runner.epoch < self.start_epoch:
            return
        preprocessor = self._model(runner).data_preprocessor
        preprocessor.batch_augments = self.batch_augments
        self.switched = True
        print_log(f'epoch {runner.epoch}: batch augments on', logger='current')
