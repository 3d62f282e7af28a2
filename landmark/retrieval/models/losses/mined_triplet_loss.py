"""Triplet loss with the triplets mined inside the batch.

Written here rather than taken from MMDetection (``mmdet.models.losses.
TripletLoss``, the person re-identification one) because:

* ``import landmark.retrieval`` must not import mmdet (each task package
  imports only its own OpenMMLab library), and that loss lives in mmdet's
  registry and module tree;
* it mines batch-hard triplets only (``hard_mining=False`` raises
  ``NotImplementedError``), so there is no semi-hard mining;
* an anchor without a positive or without a negative in the batch makes it
  fail (``max`` / ``min`` of an empty tensor), which a shuffled batch of
  many landmarks with few images each does all the time.

mmpretrain 1.2.0 has no triplet loss at all.
"""
from typing import Tuple

import torch
from mmpretrain.registry import MODELS
from torch import nn


def pairwise_distances(embeddings: torch.Tensor) -> torch.Tensor:
    """``(B, B)`` Euclidean distances between the rows of ``(B, D)``.

    Examples:
        >>> pairwise_distances(torch.tensor([[0.], [3.]]))
        tensor([[0., 3.],
                [3., 0.]])
    """
    squared = (embeddings.unsqueeze(1) - embeddings.unsqueeze(0)).pow(2)
    # the clamp keeps the gradient of sqrt finite on the diagonal
    return squared.sum(-1).clamp(min=1e-12).sqrt() * \
        (1 - torch.eye(len(embeddings), device=embeddings.device))


def _same_label(labels: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """``(positive, negative)`` masks: same label and another image; other
    label."""
    same = labels.unsqueeze(0) == labels.unsqueeze(1)
    other_image = ~torch.eye(
        len(labels), dtype=torch.bool, device=labels.device)
    return same & other_image, ~same


def mine_batch_hard(
        distances: torch.Tensor, labels: torch.Tensor
) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Batch-hard mining (Hermans et al. 2017): for each anchor, its
    furthest positive and its nearest negative.

    Args:
        distances (torch.Tensor): ``(B, B)`` from :func:`pairwise_distances`.
        labels (torch.Tensor): ``(B,)`` landmark ids.

    Returns:
        tuple: ``(anchor, positive, negative)`` index tensors, one triplet
        per anchor that has both a positive and a negative in the batch.
    """
    positive, negative = _same_label(labels)
    valid = positive.any(1) & negative.any(1)
    far = distances.masked_fill(~positive, float('-inf')).argmax(1)
    near = distances.masked_fill(~negative, float('inf')).argmin(1)
    anchors = valid.nonzero().flatten()
    return anchors, far[anchors], near[anchors]


def mine_semi_hard(
        distances: torch.Tensor, labels: torch.Tensor
) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Semi-hard mining (FaceNet, Schroff et al. 2015): every (anchor,
    positive) pair with the nearest negative that is further from the
    anchor than the positive; when every negative is nearer, the furthest
    negative (the least hard), as TensorFlow Addons' semi-hard loss does.

    Args:
        distances (torch.Tensor): ``(B, B)`` from :func:`pairwise_distances`.
        labels (torch.Tensor): ``(B,)`` landmark ids.

    Returns:
        tuple: ``(anchor, positive, negative)`` index tensors, one triplet
        per positive pair whose anchor has a negative in the batch.
    """
    positive, negative = _same_label(labels)
    pairs = (positive & negative.any(1, keepdim=True)).nonzero()
    anchors, positives = pairs[:, 0], pairs[:, 1]
    d_an = distances[anchors]  # (P, B): each pair's anchor to all
    d_ap = distances[anchors, positives].unsqueeze(1)
    is_negative = negative[anchors]
    beyond = is_negative & (d_an > d_ap)
    nearest_beyond = d_an.masked_fill(~beyond, float('inf')).argmin(1)
    furthest = d_an.masked_fill(~is_negative, float('-inf')).argmax(1)
    negatives = torch.where(beyond.any(1), nearest_beyond, furthest)
    return anchors, positives, negatives


MINERS = dict(batch_hard=mine_batch_hard, semi_hard=mine_semi_hard)


@MODELS.register_module()
class MinedTripletLoss(nn.Module):
    """``mean(max(0, d(a, p) - d(a, n) + margin))`` over the triplets
    mined in the batch (:func:`mine_batch_hard` or :func:`mine_semi_hard`),
    ``d`` the Euclidean distance of the embeddings (on L2-normalized ones
    ``d = sqrt(2 - 2 cos)``, in [0, 2]).

    A batch without any triplet (no landmark seen twice) gives a zero loss
    that still belongs to the graph, so training goes on; a sampler that
    puts several images of each landmark in a batch
    (``ClassGroupedSampler``) avoids it.

    Args:
        margin (float): Defaults to 0.3.
        mining (str): ``'batch_hard'`` or ``'semi_hard'``. Defaults to
            ``'batch_hard'``.
        loss_weight (float): Defaults to 1.0.

    Examples:
        >>> loss = dict(type='MinedTripletLoss', margin=0.3,
        ...             mining='semi_hard')
    """

    def __init__(self,
                 margin: float = 0.3,
                 mining: str = 'batch_hard',
                 loss_weight: float = 1.0):
        super().__init__()
        if mining not in MINERS:
            raise ValueError(f'MinedTripletLoss: mining={mining!r}; '
                             f'expected one of {sorted(MINERS)}')
        self.margin = margin
        self.mining = mining
        self.loss_weight = loss_weight

    def mine(self, embeddings: torch.Tensor, labels: torch.Tensor):
        """``(distances, (anchor, positive, negative))`` of the batch."""
        distances = pairwise_distances(embeddings)
        return distances, MINERS[self.mining](distances, labels)

    def forward(self, embeddings: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """The loss of ``(B, D)`` embeddings with ``(B,)`` labels."""
        distances, (anchor, positive,
                    negative) = self.mine(embeddings, labels.view(-1))
        if not len(anchor):
            return embeddings.sum() * 0.0
        hinge = distances[anchor, positive] - distances[anchor, negative] \
            + self.margin
        return self.loss_weight * hinge.clamp(min=0).mean()
