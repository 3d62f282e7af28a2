"""Deformable attention in chunks of queries for a whole run on the CPU."""
import contextlib

from mmdet.registry import HOOKS
from mmengine.hooks import Hook

from landmark.detection.models.chunked_deformable_attention import (
    DEFAULT_CHUNK_MIB, chunked_deformable_attention)


@HOOKS.register_module()
class ChunkedDeformableAttentionHook(Hook):
    """From the start of the run to its end, mmcv's deformable attention
    without CUDA attends in chunks of queries, each recomputed in backward
    (:func:`chunked_deformable_attention`): the same outputs, less memory
    where that attention sets the peak (DINO Swin-L's stride-4 level; the
    table in docs/benchmarks.md). A GPU run uses mmcv's CUDA kernel and is
    unaffected.

    Args:
        chunk_mib (float): One copy of a chunk's sampled values, in MiB.
            Defaults to 256.

    Examples:
        >>> custom_hooks = [
        ...     dict(type='ActivationCheckpointingHook',
        ...          modules=['encoder.layers', 'decoder.layers']),
        ...     dict(type='ChunkedDeformableAttentionHook')]
    """

    priority = 'VERY_HIGH'

    def __init__(self, chunk_mib: float = DEFAULT_CHUNK_MIB):
        is_number = isinstance(
            chunk_mib, (int, float)) and not isinstance(chunk_mib, bool)
        if not is_number or chunk_mib <= 0:
            raise ValueError('ChunkedDeformableAttentionHook: chunk_mib '
                             f'should be a positive number of MiB, got '
                             f'{chunk_mib!r}')
        self.chunk_mib = chunk_mib
        self._stack = contextlib.ExitStack()

    def before_run(self, runner) -> None:
        """Attend in chunks from here on."""
        self._stack.enter_context(chunked_deformable_attention(self.chunk_mib))
        runner.logger.info('deformable attention without CUDA in chunks of '
                           f'{self.chunk_mib} MiB of sampled values')

    def after_run(self, runner) -> None:
        """Put mmcv's function back."""
        self._stack.close()
