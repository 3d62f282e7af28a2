"""Deformable attention in chunks of queries: mmcv's outputs to the bit,
its gradients, and a fraction of its memory."""
import json

import pytest
import torch
from mmcv.ops import MultiScaleDeformableAttention
from mmcv.ops import multi_scale_deform_attn as mmcv_msda
from torch.profiler import ProfilerActivity, profile

from landmark.detection.models.chunked_deformable_attention import (
    MMCV_DEFORMABLE_ATTN, chunked_deformable_attn, queries_per_chunk)

SHAPES = torch.tensor([[12, 16], [6, 8], [3, 4]])  # 3 levels


def inputs(bs=2, heads=4, channels=8, points=4, seed=0):
    gen = torch.Generator().manual_seed(seed)
    keys = int((SHAPES[:, 0] * SHAPES[:, 1]).sum())
    queries = keys  # an encoder: every key is a query
    value = torch.randn(bs, keys, heads, channels, generator=gen)
    locations = torch.rand(
        bs, queries, heads, len(SHAPES), points, 2, generator=gen)
    weights = torch.rand(
        bs, queries, heads, len(SHAPES), points, generator=gen).softmax(-1)
    return value, locations, weights


def test_queries_per_chunk_follows_the_budget():
    value, locations, _ = inputs()
    # 2 x 4 heads x 8 channels x 3 levels x 4 points x 4 bytes = 3 KiB
    assert queries_per_chunk(value, locations, chunk_mib=3 / 1024) == 1
    assert queries_per_chunk(value, locations, chunk_mib=30 / 1024) == 10
    assert queries_per_chunk(value, locations, chunk_mib=1e-9) == 1


@pytest.mark.parametrize('chunk_queries', [1, 7, 50, 10_000])
def test_outputs_equal_mmcv_to_the_bit_and_gradients_match(chunk_queries):
    value, locations, weights = inputs()
    chunk_mib = chunk_queries * 3 / 1024
    leaves = [t.clone().requires_grad_() for t in (value, locations, weights)]
    expected = MMCV_DEFORMABLE_ATTN(leaves[0], SHAPES, *leaves[1:])
    expected.square().sum().backward()
    expected_grads = [t.grad for t in leaves]

    leaves = [t.clone().requires_grad_() for t in (value, locations, weights)]
    out = chunked_deformable_attn(
        leaves[0], SHAPES, *leaves[1:], chunk_mib=chunk_mib)
    assert torch.equal(out, expected)
    out.square().sum().backward()
    for grad, expected_grad in zip([t.grad for t in leaves], expected_grads):
        torch.testing.assert_close(grad, expected_grad)


def step_mib(attend, tmp_path) -> float:
    """Peak of the tensors alive during one forward and backward, above
    those alive before it (the profiler's memory timeline), MiB."""
    torch.manual_seed(0)
    shapes = torch.tensor([[96, 128], [48, 64], [24, 32]])
    keys = int((shapes[:, 0] * shapes[:, 1]).sum())
    value = torch.randn(1, keys, 8, 32, requires_grad=True)
    locations = torch.rand(1, keys, 8, 3, 4, 2, requires_grad=True)
    weights = torch.rand(1, keys, 8, 3, 4, requires_grad=True)
    with profile(
            activities=[ProfilerActivity.CPU],
            profile_memory=True,
            record_shapes=True,
            with_stack=True) as prof:
        attend(value, shapes, locations, weights).sum().backward()
    timeline = str(tmp_path / 'memory.json')
    prof.export_memory_timeline(timeline, device='cpu')
    with open(timeline) as f:
        _, sizes = json.load(f)
    alive = [sum(by_category) for by_category in sizes]
    return (max(alive) - alive[0]) / 2**20


def test_a_training_step_holds_a_fraction_of_mmcvs_memory(tmp_path):
    # one copy of the sampled values: 16128 queries x 8 heads x 32 x
    # 3 levels x 4 points x 4 bytes = 189 MiB; mmcv holds several at once
    plain = step_mib(MMCV_DEFORMABLE_ATTN, tmp_path)
    chunked = step_mib(
        lambda *args: chunked_deformable_attn(*args, chunk_mib=4), tmp_path)
    assert plain > 3 * 189, plain
    assert chunked < plain / 4, (chunked, plain)


def test_mmcvs_module_attends_in_chunks_within_the_context(monkeypatch):
    from landmark.detection.models import chunked_deformable_attention as cda
    calls = []

    def spy(value, shapes, locations, weights):
        calls.append(locations.shape[1])
        return MMCV_DEFORMABLE_ATTN(value, shapes, locations, weights)

    monkeypatch.setattr(cda, 'MMCV_DEFORMABLE_ATTN', spy)
    attention = MultiScaleDeformableAttention(
        embed_dims=32,
        num_heads=4,
        num_levels=3,
        num_points=4,
        batch_first=True).eval()
    keys = int((SHAPES[:, 0] * SHAPES[:, 1]).sum())
    query = torch.randn(1, keys, 32)
    starts = torch.cat(
        [SHAPES.new_zeros(1), (SHAPES[:, 0] * SHAPES[:, 1]).cumsum(0)[:-1]])
    kwargs = dict(
        query=query,
        value=query,
        reference_points=torch.rand(1, keys, 3, 2),
        spatial_shapes=SHAPES,
        level_start_index=starts)
    with torch.no_grad():
        expected = attention(**kwargs)
        assert calls == []  # mmcv's own function, not the chunked one
        # 100 queries a chunk: 1 x 4 heads x 8 x 3 levels x 4 points x 4 B
        with cda.chunked_deformable_attention(chunk_mib=100 * 1.5 / 1024):
            out = attention(**kwargs)
        assert calls == [100, 100, 52]
        attention(**kwargs)  # mmcv's function is back
    assert calls == [100, 100, 52]
    assert mmcv_msda.multi_scale_deformable_attn_pytorch is \
        MMCV_DEFORMABLE_ATTN
    assert torch.equal(out, expected)
