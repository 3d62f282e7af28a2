"""A head that trains the embedding itself with a mined triplet loss."""
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class TripletEmbeddingHead(BaseModule):
    """No classifier: the loss is a triplet loss (``MinedTripletLoss`` by
    default) on the L2-normalized embedding (the last of ``feats``) with
    the batch's landmark ids (``gt_label``).

    mmpretrain's heads all end in a classifier (``ArcFaceClsHead``
    included); this one has no weights, so the embedding does not depend on
    the number of landmarks and new landmarks need no retraining. Use it as
    the ``head`` of mmpretrain's ``ImageToImageRetriever`` (which only calls
    ``head.loss``) or of an ``ImageClassifier`` (``predict`` then stores
    the embedding in each sample's ``embedding`` field).

    Besides ``loss`` it logs ``triplet_active``: the share of the mined
    triplets that still violate the margin.

    Args:
        loss (dict): The loss. Defaults to
            ``dict(type='MinedTripletLoss', margin=0.3,
            mining='batch_hard')``.
        init_cfg (dict, optional): Defaults to None.

    Examples:
        >>> head = dict(type='TripletEmbeddingHead',
        ...             loss=dict(type='MinedTripletLoss', margin=0.3,
        ...                       mining='semi_hard'))
    """

    def __init__(self,
                 loss: dict = dict(
                     type='MinedTripletLoss', margin=0.3, mining='batch_hard'),
                 init_cfg: Optional[dict] = None):
        super().__init__(init_cfg=init_cfg)
        self.loss_module = MODELS.build(loss) \
            if isinstance(loss, dict) else loss

    def forward(self, feats: Tuple[torch.Tensor]) -> torch.Tensor:
        """The L2-normalized ``(B, D)`` embedding."""
        return F.normalize(feats[-1], dim=-1)

    def loss(self, feats: Tuple[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> dict:
        """``dict(loss=..., triplet_active=...)`` of the batch."""
        embeddings = self(feats)
        labels = torch.cat([s.gt_label
                            for s in data_samples]).to(embeddings.device)
        loss = self.loss_module(embeddings, labels, **kwargs)
        with torch.no_grad():
            distances, (a, p, n) = self.loss_module.mine(embeddings, labels)
            hinge = distances[a, p] - distances[a, n] + self.loss_module.margin
            active = (hinge > 0).float().mean() if len(a) else \
                hinge.new_zeros(())
        return dict(loss=loss, triplet_active=active)

    def predict(
        self,
        feats: Tuple[torch.Tensor],
        data_samples: Optional[List[Optional[DataSample]]] = None
    ) -> List[DataSample]:
        """Each sample with its ``embedding``."""
        embeddings = self(feats)
        if data_samples is None:
            data_samples = [DataSample() for _ in range(len(embeddings))]
        for sample, embedding in zip(data_samples, embeddings):
            sample.set_field(embedding, 'embedding')
        return data_samples
