"""RSG, the rare-class sample generator (Wang et al., CVPR 2021)."""
import math
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
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
    class. In eval mode (and when a batch has no rare or no frequent
    sample) it returns its input unchanged.

    Checked against the paper (Wang et al., "RSG: A Simple but Effective
    Module for Learning Imbalanced Datasets", CVPR 2021) and its reference
    code (github.com/Jianf-Wang/RSG):

    Implemented:

    * frequent / rare classes from the train counts (here: the largest
      classes holding ``head_share`` of the images; the paper takes a
      given list of head classes);
    * the variation of a frequent sample, ``x_f - center[y_f]``, carried
      by a vector transformation ``T`` and added to a rare sample's map,
      the sum labelled with the rare class; only in training;
    * the two vector terms of the paper's MV (maximized-vector) loss,
      weighted by ``vector_loss_weight`` (0 = off, the setting the table in
      docs/benchmarks.md was measured with; the reference code weighs the MV
      loss 0.01): ``loss_rsg_norm``, the mean over generated pixels of
      ``| ||T(v)|| - ||v|| |`` (the transformed variation keeps its
      length), and ``loss_rsg_direction``, the mean of
      ``1 - cos(x_r - center[y_r], T(v))`` (the variation points away
      from the rare class's center, so generated samples enlarge the
      rare class outward). Both reach ``T`` only (inputs detached).

    Simplified or left out:

    * centers: one running mean (``momentum``) of the pooled feature per
      class, instead of ``n_center`` learned centers per class with a
      learned soft assignment (the center-estimation part of the CESC
      loss), so variation is taken to the single center;
    * the contrastive module (a small network telling whether two feature
      maps share a class) and with it the sample-contrastive part of the
      CESC loss and the contrastive part of the MV loss (the transformed
      variation should not look like its source class) are not built;
    * ``T`` is a 1x1 convolution initialised to the identity (the
      reference code: a 3x3 convolution, Kaiming-initialised);
    * generation starts at once (the paper: after ``epoch_thresh``, e.g.
      epoch 160 of 200), on random rare/frequent pairs (the reference
      pairs every rare sample with ``strength * num_head / num_tail``
      frequent ones);
    * gradients of the generated samples' classification loss also reach
      the backbone through ``x_r`` (the reference detaches the feature
      maps, so only ``T`` learns from them).

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
        vector_loss_weight (float): Weight of ``loss_rsg_norm`` and
            ``loss_rsg_direction``; 0 leaves them out. Defaults to 0.

    Examples:
        >>> model = dict(type='RSGImageClassifier', rsg=dict(
        ...     type='RSGModule', num_classes=6, in_channels=256,
        ...     vector_loss_weight=0.01), ...)
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 class_counts: Optional[Sequence[int]] = None,
                 head_share: float = 0.5,
                 generate_ratio: float = 0.25,
                 momentum: float = 0.9,
                 vector_loss_weight: float = 0.0):
        super().__init__()
        self.vector_loss_weight = vector_loss_weight
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

    def forward(
        self, x: torch.Tensor, labels: torch.Tensor
    ) -> Tuple[torch.Tensor, torch.Tensor, Dict[str, torch.Tensor]]:
        """``(features, labels, losses)``: generated samples appended and
        the vector losses (training), or the input unchanged and no losses
        (eval, or nothing to generate from)."""
        if not self.training:
            return x, labels, {}
        self._update_centers(x, labels)
        if not self.counts_known:
            return x, labels, {}
        head = self.is_head[labels]
        rare_idx = torch.nonzero(~head).flatten()
        head_idx = torch.nonzero(head).flatten()
        if len(rare_idx) == 0 or len(head_idx) == 0:
            return x, labels, {}
        num_new = math.ceil(self.generate_ratio * x.size(0))
        pick_rare = rare_idx[torch.randint(
            len(rare_idx), (num_new, ), device=x.device)]
        pick_head = head_idx[torch.randint(
            len(head_idx), (num_new, ), device=x.device)]
        variation = x[pick_head] - self.centers[labels[pick_head]][..., None,
                                                                   None]
        moved = self.transfer(variation)
        generated = x[pick_rare] + moved
        losses = {}
        if self.vector_loss_weight:
            rare_vector = x[pick_rare] - self.centers[labels[pick_rare]][...,
                                                                         None,
                                                                         None]
            losses = self.vector_losses(variation.detach(),
                                        rare_vector.detach())
        return (torch.cat([x,
                           generated]), torch.cat([labels,
                                                   labels[pick_rare]]), losses)

    def vector_losses(self, variation: torch.Tensor,
                      rare_vector: torch.Tensor) -> Dict[str, torch.Tensor]:
        """The norm and direction terms of the paper's MV loss, weighted.

        Args:
            variation (Tensor): ``x_f - center[y_f]``, (N, C, H, W).
            rare_vector (Tensor): ``x_r - center[y_r]``, same shape.

        Returns:
            dict: ``loss_rsg_norm``: mean over pixels of
            ``| ||T(v)|| - ||v|| |``; ``loss_rsg_direction``: mean of
            ``1 - cos(rare_vector, T(v))``; both times
            ``vector_loss_weight``.
        """
        moved = self.transfer(variation)
        norm_gap = (moved.norm(dim=1) - variation.norm(dim=1)).abs()
        cosine = F.cosine_similarity(rare_vector, moved, dim=1)
        return dict(
            loss_rsg_norm=self.vector_loss_weight * norm_gap.mean(),
            loss_rsg_direction=self.vector_loss_weight * (1 - cosine).mean())
