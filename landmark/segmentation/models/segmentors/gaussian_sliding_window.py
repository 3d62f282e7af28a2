"""Sliding-window inference with Gaussian-weighted overlap, as nnU-Net.

Each window's logits are weighted by a Gaussian importance map (high in the
window's centre, where the network sees the most context, low at its
borders), summed into the full image and divided by the summed weights.
mmseg's ``slide`` mode averages overlapping windows uniformly instead.
"""
from typing import Callable, List, Sequence, Tuple

import torch


def gaussian_importance_map(height: int,
                            width: int,
                            sigma_scale: float = 1 / 8) -> torch.Tensor:
    """A ``(height, width)`` Gaussian with maximum 1 at the centre.

    ``sigma = sigma_scale * size`` per axis (nnU-Net's 1/8); values are
    clamped to the smallest positive one so that no pixel has weight 0.
    """
    axes = []
    for size in (height, width):
        coords = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
        sigma = max(sigma_scale * size, 1e-6)
        axes.append(torch.exp(-coords**2 / (2 * sigma**2)))
    weights = axes[0][:, None] * axes[1][None, :]
    weights = weights / weights.max()
    return weights.clamp_min(weights[weights > 0].min()).float()


def window_starts(size: int, window: int, stride: int) -> List[int]:
    """Start offsets of windows of ``window`` pixels every ``stride`` that
    cover ``[0, size)``; the last window ends exactly at ``size``."""
    if window >= size:
        return [0]
    starts = list(range(0, size - window + 1, stride))
    if starts[-1] + window < size:
        starts.append(size - window)
    return starts


def gaussian_slide_inference(
        encode: Callable[[torch.Tensor], torch.Tensor],
        inputs: torch.Tensor,
        crop_size: Tuple[int, int],
        stride: Tuple[int, int],
        sigma_scale: float = 1 / 8) -> Tuple[torch.Tensor, torch.Tensor]:
    """Gaussian-weighted sliding-window logits of a batch.

    Args:
        encode (Callable): Maps an ``(N, 3, h, w)`` window to ``(N, C, h,
            w)`` logits.
        inputs (torch.Tensor): ``(N, 3, H, W)`` images.
        crop_size (tuple[int, int]): Window ``(h, w)``; an image smaller
            than the window is run whole.
        stride (tuple[int, int]): Step ``(h, w)`` between windows.
        sigma_scale (float): Gaussian sigma as a fraction of the window.

    Returns:
        tuple[torch.Tensor, torch.Tensor]: ``(N, C, H, W)`` logits and the
        ``(H, W)`` summed weights (positive at every pixel).
    """
    _, _, height, width = inputs.shape
    win_h, win_w = min(crop_size[0], height), min(crop_size[1], width)
    importance = gaussian_importance_map(win_h, win_w,
                                         sigma_scale).to(inputs.device)
    logits = None
    weight_sum = inputs.new_zeros((height, width))
    for y in window_starts(height, win_h, stride[0]):
        for x in window_starts(width, win_w, stride[1]):
            window_logits = encode(inputs[:, :, y:y + win_h, x:x + win_w])
            if logits is None:
                logits = inputs.new_zeros(
                    (inputs.shape[0], window_logits.shape[1], height, width))
            logits[:, :, y:y + win_h, x:x + win_w] += window_logits * \
                importance
            weight_sum[y:y + win_h, x:x + win_w] += importance
    return logits / weight_sum, weight_sum


def check_window_settings(crop_size: Sequence[int], stride: Sequence[int],
                          owner: str) -> None:
    """One-line error for windows the image cannot be tiled with."""
    if len(crop_size) != 2 or len(stride) != 2 or min(crop_size) < 1 \
            or min(stride) < 1:
        raise ValueError(
            f'{owner}: test_cfg crop_size={tuple(crop_size)} '
            f'stride={tuple(stride)}; expected two positive (h, w) each')
    if any(s > c for s, c in zip(stride, crop_size)):
        raise ValueError(
            f'{owner}: stride {tuple(stride)} larger than crop_size '
            f'{tuple(crop_size)} would leave pixels without a window')
