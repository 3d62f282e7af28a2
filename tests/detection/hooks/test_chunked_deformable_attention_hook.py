"""ChunkedDeformableAttentionHook: chunked attention for the run, mmcv's
function back after it; the DINO native-resolution configs have it."""
import logging
from types import SimpleNamespace

import pytest
from mmcv.ops import multi_scale_deform_attn as mmcv_msda
from mmengine.config import Config

from landmark.detection.hooks import ChunkedDeformableAttentionHook
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
