"""Checkpointing DINO's encoder and decoder layers changes memory, not
results."""
import copy

import pytest
import torch
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import Config
from mmengine.registry import init_default_scope

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.core.activation_checkpointing import checkpoint_modules
from landmark.testing import REPO_ROOT

TINY_DINO = f'{REPO_ROOT}/configs/dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py'  # noqa: E501


def _loss_and_grads(model, data):
    torch.manual_seed(0)  # DINO's denoising queries are random
    model.zero_grad()
    batch = model.data_preprocessor(data, True)
    losses = model.loss(batch['inputs'], batch['data_samples'])
    total = sum(v.sum() for k, v in losses.items() if 'loss' in k)
    total.backward()
    grads = {
        n: p.grad.clone()
        for n, p in model.named_parameters() if p.grad is not None
    }
    return total.detach(), grads


def test_dino_loss_gradients_and_predictions_equal_with_checkpointing():
    init_default_scope('mmdet')
    cfg = Config.fromfile(TINY_DINO)
    torch.manual_seed(0)
    model = MODELS.build(copy.deepcopy(cfg.model))
    model.init_weights()
    data = demo_mm_inputs(2, [[3, 96, 128], [3, 64, 96]], num_classes=5)
    model.train()
    plain_loss, plain_grads = _loss_and_grads(model, data)

    done = checkpoint_modules(model, ['encoder.layers', 'decoder.layers'])
    assert done == ['encoder.layers.0', 'decoder.layers.0', 'decoder.layers.1']
    cp_loss, cp_grads = _loss_and_grads(model, data)
    assert torch.equal(plain_loss, cp_loss)
    assert plain_grads.keys() == cp_grads.keys()
    for name, grad in plain_grads.items():
        assert torch.allclose(grad, cp_grads[name], atol=1e-6), name

    model.eval()
    with torch.no_grad():
        batch = model.data_preprocessor(data, False)
        checkpointed = model.predict(batch['inputs'], batch['data_samples'])
    # the state dict is untouched: a fresh model loads it and agrees
    fresh = MODELS.build(copy.deepcopy(cfg.model))
    fresh.load_state_dict(model.state_dict())
    fresh.eval()
    with torch.no_grad():
        plain = fresh.predict(batch['inputs'], batch['data_samples'])
    for a, b in zip(checkpointed, plain):
        assert torch.equal(a.pred_instances.bboxes, b.pred_instances.bboxes)
        assert torch.equal(a.pred_instances.scores, b.pred_instances.scores)


def test_checkpointing_recomputes_the_layer_in_backward():
    calls = []

    class CountingLinear(torch.nn.Linear):

        def forward(self, x):
            calls.append(1)
            return super().forward(x)

    model = torch.nn.Sequential(CountingLinear(4, 4))
    checkpoint_modules(model, '0')
    model(torch.rand(2, 4, requires_grad=True)).sum().backward()
    assert len(calls) == 2  # forward, then again in backward
    model.eval()
    calls.clear()
    model(torch.rand(2, 4)).sum()
    assert len(calls) == 1


def test_unknown_module_is_named():
    with pytest.raises(AttributeError, match="no sub-module 'encoder.nope'"):
        checkpoint_modules(torch.nn.Sequential(), 'encoder.nope')
