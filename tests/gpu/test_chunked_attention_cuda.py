"""``ChunkedDeformableAttentionHook`` does nothing on CUDA: mmcv's CUDA
kernel attends, the chunked function is never called, the output is the
one without the hook. The CPU row (the hook at work: one chunked call) runs
everywhere and shows the count would see a call."""
import logging
from types import SimpleNamespace

import pytest
import torch
from mmcv.ops import MultiScaleDeformableAttention

from landmark.detection.hooks import ChunkedDeformableAttentionHook
from landmark.detection.models import chunked_deformable_attention as cda


def attention_inputs(device):
    generator = torch.Generator().manual_seed(0)
    shapes = torch.tensor([(16, 12), (8, 6)], device=device)
    starts = torch.cat((shapes.new_zeros(1), shapes.prod(1).cumsum(0)[:-1]))
    keys = int(shapes.prod(1).sum())
    value = torch.rand(1, keys, 64, generator=generator).to(device)
    query = torch.rand(1, 30, 64, generator=generator).to(device)
    reference = torch.rand(1, 30, 2, 2, generator=generator).to(device)
    return dict(
        query=query,
        value=value,
        reference_points=reference,
        spatial_shapes=shapes,
        level_start_index=starts)


@pytest.mark.parametrize('device, chunked_calls', [
    pytest.param('cuda', 0, marks=pytest.mark.gpu),
    ('cpu', 1),
])
def test_the_hook_changes_nothing_on_cuda(device, chunked_calls,
                                          monkeypatch):
    calls = []
    original = cda.chunked_deformable_attn

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(cda, 'chunked_deformable_attn', counted)
    torch.manual_seed(0)
    attention = MultiScaleDeformableAttention(
        embed_dims=64, num_heads=2, num_levels=2, num_points=2,
        batch_first=True).to(device).eval()
    inputs = attention_inputs(device)
    with torch.no_grad():
        plain = attention(**inputs)
    runner = SimpleNamespace(logger=logging.getLogger('test'))
    hook = ChunkedDeformableAttentionHook(chunk_mib=1e-3)  # tiny chunks
    hook.before_run(runner)
    try:
        with torch.no_grad():
            hooked = attention(**inputs)
    finally:
        hook.after_run(runner)
    assert len(calls) == chunked_calls
    assert torch.equal(hooked, plain)
