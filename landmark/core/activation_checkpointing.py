"""Activation checkpointing of chosen sub-modules (recompute in backward).

MMEngine's own ``activation_checkpointing`` config key passes positional
arguments only and uses re-entrant checkpointing, so it cannot wrap the
DINO encoder and decoder layers, which are called with keyword arguments;
MMDetection's ``num_cp`` needs fairscale. This wraps any module's forward
with :func:`torch.utils.checkpoint.checkpoint` (non-re-entrant, keyword
arguments allowed), active only while training with gradients enabled, and
leaves the parameters and the state dict untouched.
"""
import functools
from operator import attrgetter
from typing import List, Sequence, Union

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint


def _checkpointed(forward):

    @functools.wraps(forward)
    def wrapper(*args, **kwargs):
        module = getattr(forward, '__self__', None)
        if module is not None and module.training and \
                torch.is_grad_enabled():
            return checkpoint(forward, *args, use_reentrant=False, **kwargs)
        return forward(*args, **kwargs)

    wrapper.landmark_checkpointed = True
    return wrapper


def checkpoint_modules(model: nn.Module,
                       names: Union[str, Sequence[str]]) -> List[str]:
    """Recompute the activations of the named sub-modules in backward.

    Args:
        model (nn.Module): The model (unwrapped, not DDP).
        names (str | Sequence[str]): Dotted paths of sub-modules, e.g.
            ``'encoder.layers'``; a ``ModuleList`` / ``Sequential`` has each
            of its children checkpointed (one layer at a time).

    Returns:
        list[str]: The paths of the modules now checkpointed.

    Raises:
        AttributeError: A name that the model does not have, with the name.

    Examples:
        >>> checkpoint_modules(dino, ['encoder.layers', 'decoder.layers'])
        ['encoder.layers.0', ..., 'decoder.layers.5']
    """
    if isinstance(names, str):
        names = [names]
    done = []
    for name in names:
        try:
            module = attrgetter(name)(model)
        except AttributeError as err:
            raise AttributeError(
                f'activation checkpointing: {type(model).__name__} has no '
                f'sub-module {name!r}') from err
        targets = ([
            (f'{name}.{i}', m) for i, m in enumerate(module)
        ] if isinstance(module,
                        (nn.ModuleList, nn.Sequential)) else [(name, module)])
        for path, target in targets:
            if not getattr(target.forward, 'landmark_checkpointed', False):
                target.forward = _checkpointed(target.forward)
            done.append(path)
    return done
