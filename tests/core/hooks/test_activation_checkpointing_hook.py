"""The hook that switches activation checkpointing on from a config."""
from types import SimpleNamespace

import torch
from mmengine.logging import MMLogger
from mmengine.registry import HOOKS

import landmark.core  # noqa: F401 (registers the hook)


class TwoLayers(torch.nn.Module):

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            [torch.nn.Linear(3, 3),
             torch.nn.Linear(3, 3)])
        self.head = torch.nn.Linear(3, 1)


def test_hook_checkpoints_each_layer_of_the_named_list():
    model = TwoLayers()
    hook = HOOKS.build(
        dict(type='ActivationCheckpointingHook', modules=['layers']))
    runner = SimpleNamespace(
        model=model, logger=MMLogger.get_instance('test_ac_hook'))
    hook.before_train(runner)
    assert all(
        getattr(layer.forward, 'landmark_checkpointed', False)
        for layer in model.layers)
    assert not hasattr(model.head.forward, 'landmark_checkpointed')
    hook.before_train(runner)  # a second call does not wrap twice
    assert not hasattr(model.layers[0].forward.__wrapped__,
                       'landmark_checkpointed')
