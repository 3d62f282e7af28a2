"""ChunkedDeformableAttentionHook: chunked attention for the run, mmcv's
function back after it; the DINO native-resolution configs have it."""
import logging
from types import SimpleNamespace

import pytest
import torch
from mmcv.ops import MultiScaleDeformableAttention
from mmcv.ops import multi_scale_deform_attn as mmcv_msda
from mmengine.config import Config

from landmark.detection.hooks import ChunkedDeformableAttentionHook
from landmark.detection.models import chunked_deformable_attention
from landmark.detection.models.chunked_deformable_attention import \
    MMCV_DEFORMABLE_ATTN
from landmark.testing import REPO_ROOT


def test_swaps_in_for_the_run_and_back_after():
    runner = SimpleNamespace(logger=logging.getLogger('test'))
    hook = ChunkedDeformableAttentionHook(chunk_mib=64)
    hook.before_run(runner)
    try:
        assert mmcv_msda.multi_scale_deformable_attn_pytorch is not \
            MMCV_DEFORMABLE_ATTN
    finally:
        hook.after_run(runner)
    assert mmcv_msda.multi_scale_deformable_attn_pytorch is \
        MMCV_DEFORMABLE_ATTN


def test_mmcv_attention_runs_in_chunks_during_the_run(monkeypatch):
    queries_per_call = []

    def counted(*args):
        queries_per_call.append(args[2].shape[1])
        return MMCV_DEFORMABLE_ATTN(*args)

    monkeypatch.setattr(chunked_deformable_attention, 'MMCV_DEFORMABLE_ATTN',
                        counted)
    torch.manual_seed(0)
    attention = MultiScaleDeformableAttention(
        embed_dims=8, num_heads=2, num_levels=2, num_points=2,
        batch_first=True).eval()  # no dropout
    inputs = dict(
        query=torch.randn(1, 10, 8),
        value=torch.randn(1, 20, 8),
        reference_points=torch.rand(1, 10, 2, 2),
        spatial_shapes=torch.tensor([[4, 4], [2, 2]]),
        level_start_index=torch.tensor([0, 16]))
    expected = attention(**inputs)  # mmcv's function, all queries at once
    assert queries_per_call == []
    # a query's sampled values: 1 x 2 heads x 4 channels x 2 levels x
    # 2 points x 4 B = 128 B, so 384 B hold 3 queries: 10 = 3 + 3 + 3 + 1
    hook = ChunkedDeformableAttentionHook(chunk_mib=384 / 2**20)
    runner = SimpleNamespace(logger=logging.getLogger('test'))
    hook.before_run(runner)
    try:
        chunked = attention(**inputs)
    finally:
        hook.after_run(runner)
    assert queries_per_call == [3, 3, 3, 1]
    assert torch.equal(chunked, expected)
    attention(**inputs)  # after the run: mmcv's function again
    assert queries_per_call == [3, 3, 3, 1]


@pytest.mark.parametrize('chunk_mib', [0, -5, '256', None])
def test_a_chunk_size_that_is_not_a_positive_number_is_refused(chunk_mib):
    with pytest.raises(ValueError, match='positive number of MiB, got'):
        ChunkedDeformableAttentionHook(chunk_mib=chunk_mib)


@pytest.mark.parametrize('config, chunked', [
    ('dino-5scale_swin-l_1xb2-native-res-12e_landmark.py', True),
    ('dino-4scale_swin-t_1xb2-native-res-12e_landmark.py', False),
    ('dino-4scale_r50_1xb2-native-res-12e_landmark.py', False),
])
def test_swin_l_attends_in_chunks_and_keeps_checkpointing(config, chunked):
    """Only the headline gained memory from it in the benchmark; its own
    custom_hooks keep the checkpointing of the base."""
    cfg = Config.fromfile(f'{REPO_ROOT}/configs/dino/{config}')
    hooks = [h['type'] for h in cfg.custom_hooks]
    assert ('ChunkedDeformableAttentionHook' in hooks) == chunked
    assert 'ActivationCheckpointingHook' in hooks
