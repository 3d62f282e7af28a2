"""Deferred re-weighting (the "DRW" of LDAM-DRW)."""
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmpretrain.registry import HOOKS


@HOOKS.register_module()
class DeferredReweightingHook(Hook):
    """From epoch ``start_epoch`` on (0-based, as ``runner.epoch``), switch
    on the class-balanced weights of every submodule that has
    ``enable_reweighting`` (``LDAMLoss``). Resuming past the epoch switches
    them on again.

    Args:
        start_epoch (int): First re-weighted epoch (0-based).

    Examples:
        >>> custom_hooks = [dict(type='TrainClassCountsHook'),
        ...                 dict(type='DeferredReweightingHook',
        ...                      start_epoch=160)]
    """

    priority = 'NORMAL'

    def __init__(self, start_epoch: int):
        if start_epoch < 0:
            raise ValueError(f'DeferredReweightingHook: start_epoch='
                             f'{start_epoch}; expected >= 0')
        self.start_epoch = start_epoch

    def before_train_epoch(self, runner) -> None:
        if runner.epoch < self.start_epoch:
            return
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        for module in model.modules():
            if hasattr(module, 'enable_reweighting') and \
                    not getattr(module, 'reweighting', False):
                module.enable_reweighting()
                weights = ', '.join(f'{float(w):.3f}'
                                    for w in module.class_weight)
                print_log(
                    f'epoch {runner.epoch}: class re-weighting on '
                    f'(start_epoch={self.start_epoch}; class weights '
                    f'{weights})',
                    logger='current')
