"""Multi-scale deformable attention on the CPU in chunks of queries.

Without CUDA, mmcv's ``MultiScaleDeformableAttention`` calls its pure
PyTorch ``multi_scale_deformable_attn_pytorch``, which samples every
query's points at once: (batch x heads) x channels x queries x levels x
points values, then a stacked copy and a weighted copy of them (4.0 GiB
each for DINO Swin-T's 4 levels at 4096x3072; 5.0 GiB for Swin-L's 5 at
2048x1536), and keeps one for backward. Here the same function runs on
chunks of queries (each chunk's output is computed exactly as mmcv computes
it, so the output is the same to the bit) and, when gradients are needed,
each chunk is checkpointed: backward keeps the inputs only and samples a
chunk again when it needs it. mmcv's CUDA kernel never holds the sampled
values, so on a GPU nothing changes.
"""
import contextlib
from typing import Iterator, Optional

import torch
from mmcv.ops import multi_scale_deform_attn as mmcv_msda
from torch.utils.checkpoint import checkpoint

MMCV_DEFORMABLE_ATTN = mmcv_msda.multi_scale_deformable_attn_pytorch
# sampled values a chunk may hold at once (one of its three copies)
DEFAULT_CHUNK_MIB = 256


def queries_per_chunk(value: torch.Tensor, sampling_locations: torch.Tensor,
                      chunk_mib: float) -> int:
    """How many queries keep one copy of a chunk's sampled values within
    ``chunk_mib`` MiB (at least one)."""
    bs, _, num_heads, channels = value.shape
    _, _, _, num_levels, num_points, _ = sampling_locations.shape
    per_query = (
        bs * num_heads * channels * num_levels * num_points *
        value.element_size())
    return max(1, int(chunk_mib * 2**20) // per_query)


def chunked_deformable_attn(
        value: torch.Tensor,
        value_spatial_shapes: torch.Tensor,
        sampling_locations: torch.Tensor,
        attention_weights: torch.Tensor,
        chunk_mib: float = DEFAULT_CHUNK_MIB) -> torch.Tensor:
    """mmcv's ``multi_scale_deformable_attn_pytorch`` over chunks of
    queries, each checkpointed when gradients are needed.

    Arguments and result as mmcv's: ``value`` (bs, num_keys, num_heads,
    channels), ``value_spatial_shapes`` (num_levels, 2), ``sampling_locations``
    (bs, num_queries, num_heads, num_levels, num_points, 2),
    ``attention_weights`` (bs, num_queries, num_heads, num_levels,
    num_points); returns (bs, num_queries, num_heads * channels).

    Args:
        chunk_mib (float): Size of one copy of a chunk's sampled values,
            in MiB. Defaults to 256.
    """
    num_queries = sampling_locations.shape[1]
    step = queries_per_chunk(value, sampling_locations, chunk_mib)
    if step >= num_queries:
        return MMCV_DEFORMABLE_ATTN(value, value_spatial_shapes,
                                    sampling_locations, attention_weights)
    recompute = torch.is_grad_enabled() and any(
        t.requires_grad
        for t in (value, sampling_locations, attention_weights))
    outputs = []
    for start in range(0, num_queries, step):
        chunk = (value, value_spatial_shapes,
                 sampling_locations[:, start:start + step],
                 attention_weights[:, start:start + step])
        if recompute:
            outputs.append(
                checkpoint(MMCV_DEFORMABLE_ATTN, *chunk, use_reentrant=False))
        else:
            outputs.append(MMCV_DEFORMABLE_ATTN(*chunk))
    return torch.cat(outputs, dim=1)


@contextlib.contextmanager
def chunked_deformable_attention(
        chunk_mib: Optional[float] = DEFAULT_CHUNK_MIB) -> Iterator[None]:
    """Within the block, every mmcv ``MultiScaleDeformableAttention`` that
    runs without CUDA attends in chunks (:func:`chunked_deformable_attn`);
    mmcv's function is put back after it. ``chunk_mib=None`` changes
    nothing.

    Examples:
        >>> with chunked_deformable_attention(chunk_mib=256):
        ...     losses = model.loss(inputs, data_samples)
    """
    if chunk_mib is None:
        yield
        return
    previous = mmcv_msda.multi_scale_deformable_attn_pytorch

    def attend(value, value_spatial_shapes, sampling_locations,
               attention_weights):
        return chunked_deformable_attn(value, value_spatial_shapes,
                                       sampling_locations, attention_weights,
                                       chunk_mib)

    mmcv_msda.multi_scale_deformable_attn_pytorch = attend
    try:
        yield
    finally:
        mmcv_msda.multi_scale_deformable_attn_pytorch = previous
