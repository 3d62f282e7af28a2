"""Switch activation checkpointing on from a config."""
from typing import Sequence, Union

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS

from landmark.core.activation_checkpointing import checkpoint_modules


@HOOKS.register_module()
class ActivationCheckpointingHook(Hook):
    """Checkpoint the named sub-modules' activations before training.

    Memory for activations then grows with one layer of a stack instead of
    all of them, at the cost of a second forward pass of each in backward.
    Predictions and gradients are unchanged; evaluation is unaffected.

    Args:
        modules (str | Sequence[str]): Dotted paths of sub-modules of the
            model; a ``ModuleList`` has each layer checkpointed.

    Examples:
        >>> # DINO: the deformable encoder and decoder layers, on top of
        >>> # the backbone's own ``with_cp=True``
        >>> custom_hooks = [dict(type='ActivationCheckpointingHook',
        ...                      modules=['encoder.layers',
        ...                               'decoder.layers'])]
    """

    priority = 'VERY_HIGH'

    def __init__(self, modules: Union[str, Sequence[str]]):
        self.modules = [modules] if isinstance(modules, str) else list(modules)

    def before_train(self, runner) -> None:
        """Wrap the modules' forward (once; a resumed run is the same)."""
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        done = checkpoint_modules(model, self.modules)
        runner.logger.info(
            f'activation checkpointing on {len(done)} module(s): '
            f'{", ".join(done)}')
