"""``--amp`` on the CPU: bf16 autocast in the forward pass, fp32 weights."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import OPTIM_WRAPPERS

from landmark.core.optim import CPUAmpOptimWrapper
from landmark.core.runner import apply_amp


def _wrapper(model, **kwargs):
    return OPTIM_WRAPPERS.build(
        dict(
            type='CPUAmpOptimWrapper',
            optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
            **kwargs))


def test_forward_runs_in_bf16_and_the_weights_stay_fp32():
    model = torch.nn.Linear(4, 2)
    wrapper = _wrapper(model)
    assert isinstance(wrapper, CPUAmpOptimWrapper)
    x = torch.rand(3, 4)
    with wrapper.optim_context(model):
        out = model(x)
    assert out.dtype == torch.bfloat16
    assert model(x).dtype == torch.float32  # only inside the context
    before = model.weight.detach().clone()
    wrapper.update_params(out.float().sum())
    assert model.weight.dtype == torch.float32
    # SGD moved the weights by lr * grad, grad of sum = the inputs' column
    # sums for every output row
    expected = before - 0.1 * x.sum(0).expand(2, 4)
    assert torch.allclose(model.weight, expected, atol=1e-2)


def test_accumulation_steps_on_every_second_call():
    model = torch.nn.Linear(4, 1, bias=False)
    start = model.weight.detach().clone()
    wrapper = _wrapper(model, accumulative_counts=2)
    wrapper.initialize_count_status(model, 0, 4)
    weights = []
    for _ in range(2):
        with wrapper.optim_context(model):
            loss = model(torch.ones(1, 4)).float().sum()
        wrapper.update_params(loss)
        weights.append(model.weight.detach().clone())
    assert torch.equal(weights[0], start)  # gradient kept, no step yet
    # one step with the mean of two gradients of ones: -0.1 everywhere
    assert torch.allclose(weights[1], start - 0.1, atol=1e-6)


def test_unknown_dtype_is_refused():
    model = torch.nn.Linear(1, 1)
    with pytest.raises(ValueError, match="expected 'bfloat16'"):
        _wrapper(model, dtype='int8')


@pytest.mark.parametrize('device, wrapper, key', [
    ('cpu', 'CPUAmpOptimWrapper', 'dtype'),
    ('cuda', 'AmpOptimWrapper', 'loss_scale'),
])
def test_amp_flag_picks_the_wrapper_of_the_device(device, wrapper, key):
    cfg = Config(
        dict(
            optim_wrapper=dict(
                type='OptimWrapper',
                accumulative_counts=2,
                optimizer=dict(type='AdamW', lr=1e-4))))
    apply_amp(cfg, device)
    assert cfg.optim_wrapper.type == wrapper
    assert key in cfg.optim_wrapper
    assert cfg.optim_wrapper.accumulative_counts == 2
    assert cfg.optim_wrapper.optimizer.lr == 1e-4
