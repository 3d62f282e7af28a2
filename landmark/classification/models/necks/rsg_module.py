"""RSG, the rare-class sample generator (Wang et al., CVPR 2021)."""
import math
from typing import Optional, Sequence, Tuple

import torch
from mmpretrain.registry import MODELS
from torch import nn


def head_class_mask(class_counts: Sequence[int],
                    head_share: float = 0.5) -> torch.Tensor:
    """The largest classes that together hold ``head_share`` of the images
    (the "frequent" classes), as a boolean mask.

    Examples:
        >>> head_class_mask([10, 60, 30])  # 60 >= 50 of 100
        tensor([False,  True, False])
    """
    counts = torch.as_tensor(class_counts, dtype=torch.float64)
    order = torch.argsort(counts, descending=True)
    covered = torch.cumsum(counts[order], 0)
    num_head = int((covered < head_share * counts.sum()).sum()) + 1
    mask = torch.zeros(len(counts), dtype=torch.bool)
    mask[order[:num_head]] = True
    return mask


@MODELS.register_module()
class RSGModule(nn.Module):
    """Generates rare-class feature maps from frequent-class variation.

    Placed before the last backbone stage by :class:`RSGImageClassifier`.
    In training, for ``ceil(generate_ratio * N)`` random pairs (rare sample
    ``r``, frequent sample ``f``) of the batch it appends
    ``x_r + T(x_f - center[y_f])`` with label ``y_r``: the intra-class
    variation of a frequent class (its distance to its class center),
    carried over by a learned 1x1 convolution ``T``, enlarges a rare
    class. Class centers are running means of the feature maps. In eval
    mode (and when a batch has no rare or no frequent sample) it returns its
    input unchanged.

    Simplified from the paper: the centers are running means instead of the
    learned center-estimation module, and the contrastive and
    maximized-vector losses are left out.

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels of the feature map it receives.
        class_counts (Sequence[int], optional): Training images per class,
            to tell frequent from rare classes; ``TrainClassCountsHook`` sets
            it from the dataset. Until set, nothing is generated.
        head_share (float): Frequent classes are the largest ones holding
            this share of the images. Defaults to 0.5.
        generate_ratio (float): Generated samples per batch sample.
            Defaults to 0.25.
        momentum (float): Running-mean momentum of the centers.
            Defaults to 0.9.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 class_counts: Optional[Sequence[int]] = None,
                 head_share: float = 0.5,
                 generate_ratio: float = 0.25,
                 momentum: float = 0.9):
        super().__init__()
        self.num_classes = num_classes
        self.head_share = head_share
        self.generate_ratio = generate_ratio
        self.momentum = momentum
        self.transfer = nn.Conv2d(in_channels, in_channels, 1, bias=False)
        nn.init.dirac_(self.transfer.weight)
        self.register_buffer('centers', torch.zeros(num_classes, in_channels))
        self.register_buffer('center_seen',
                             torch.zeros(num_classes, dtype=torch.bool))
        self.register_buffer('is_head',
                             torch.zeros(num_classes, dtype=torch.bool))
        self.counts_known = False
        if class_counts is not None:
            self.set_class_counts(class_counts)

    def set_class_counts(self, class_counts: Sequence[int]) -> None:
        if len(class_counts) != self.num_classes:
            raise ValueError(f'RSGModule: {len(class_counts)} class counts '
                             f'for num_classes={self.num_classes}')
        self.is_head = head_class_mask(class_counts,
                                       self.head_share).to(self.is_head.device)
        self.counts_known = True

    @torch.no_grad()
    def _update_centers(self, x: torch.Tensor, labels: torch.Tensor) -> None:
        pooled = x.detach().mean(dim=(2, 3))
        for c in labels.unique():
            batch_mean = pooled[labels == c].mean(0)
            if self.center_seen[c]:
                self.centers[c].mul_(self.momentum).add_(
                    batch_mean, alpha=1 - self.momentum)
            else:
                self.centers[c] = batch_mean
                self.center_seen[c] = True

    def forward(self, x: torch.Tensor,
                labels: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """``(features, labels)`` with generated samples appended (training)
        or unchanged (eval)."""
        if not self.training:
            return x, labels
        self._update_centers(x, labels)
        if not self.counts_known:
            return x, labels
        head = self.is_head[labels]
        rare_idx = torch.nonzero(~head).flatten()
        head_idx = torch.nonzero(head).flatten()
        if len(rare_idx) == 0 or len(head_idx) == 0:
            return x, labels
        num_new = math.ceil(self.generate_ratio * x.size(0))
        pick_rare = rare_idx[torch.randint(
            len(rare_idx), (num_new, ), device=x.device)]
        pick_head = head_idx[torch.randint(
            len(head_idx), (num_new, ), device=x.device)]
        variation = x[pick_head] - self.centers[labels[pick_head]][..., None,
                                                                   None]
        generated = x[pick_rare] + self.transfer(variation)
        return (torch.cat([x,
                           generated]), torch.cat([labels, labels[pick_rare]]))
