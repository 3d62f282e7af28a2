"""The hook that switches activation checkpointing on from a config."""
import copy
from types import SimpleNamespace

import torch
from mmengine.logging import MMLogger
from mmengine.registry import HOOKS

import landmark.core  # noqa: F401 (registers the hook)


class CountedLinear(torch.nn.Linear):
    """A linear layer that counts how often its computation runs."""
    calls = 0

    def forward(self, x):
        self.calls += 1
        return super().forward(x)


class TwoLayers(torch.nn.Module):

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.layers = torch.nn.ModuleList(
            [CountedLinear(3, 3), CountedLinear(3, 3)])
        self.head = CountedLinear(3, 1)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x).relu()
        return self.head(x)


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


def test_checkpointed_layers_recompute_in_backward_with_the_same_gradients():
    model = TwoLayers()
    plain = copy.deepcopy(model)
    hook = HOOKS.build(
        dict(type='ActivationCheckpointingHook', modules=['layers']))
    hook.before_train(
        SimpleNamespace(
            model=model, logger=MMLogger.get_instance('test_ac_hook')))
    x = torch.randn(4, 3, generator=torch.Generator().manual_seed(1))
    model(x).sum().backward()
    plain(x).sum().backward()
    # each checkpointed layer ran twice (forward, then again in backward);
    # the head, not checkpointed, once; without the hook every layer once
    assert [m.calls for m in (*model.layers, model.head)] == [2, 2, 1]
    assert [m.calls for m in (*plain.layers, plain.head)] == [1, 1, 1]
    for (name, p), q in zip(model.named_parameters(), plain.parameters()):
        torch.testing.assert_close(p.grad, q.grad, msg=name)
