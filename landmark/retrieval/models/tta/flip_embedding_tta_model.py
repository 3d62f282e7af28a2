"""Flip TTA of embeddings: the weighted mean of the original and the
mirrored view's embeddings, L2-normalized again."""
from typing import List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from landmark.core.tta import ViewWeightedTTAModel, weighted_view_mean


def fuse_view_embeddings(views: Sequence[torch.Tensor],
                         weights: Optional[Sequence[float]] = None,
                         owner: str = 'FlipEmbeddingTTAModel') -> torch.Tensor:
    """``normalize(sum_i w_i e_i / sum_i w_i)`` of the views' embeddings.

    Examples:
        >>> fuse_view_embeddings([torch.tensor([[1., 0.]]),
        ...                       torch.tensor([[0., 1.]])], (2., 1.))
        tensor([[0.8944, 0.4472]])
    """
    return F.normalize(weighted_view_mean(views, weights, owner), dim=-1)


@MODELS.register_module()
class FlipEmbeddingTTAModel(ViewWeightedTTAModel):
    """Embeds each image and its horizontal flip and fuses them with
    :func:`fuse_view_embeddings` (view weights of the shared TTA base,
    original first).

    ``embed(inputs)`` does both views of a normalized batch at once (what
    ``tools/retrieve.py --flip`` uses); ``merge_preds`` fuses data samples
    holding an ``embedding`` field, for a TTA pipeline.

    Examples:
        >>> tta_model = dict(type='FlipEmbeddingTTAModel',
        ...                  view_weights=(2.0, 1.0))
    """

    registry = MODELS

    def embed(self, inputs: torch.Tensor) -> torch.Tensor:
        """``(B, D)`` fused embeddings of preprocessed ``(B, 3, H, W)``."""
        both = self.module.extract_feat(torch.cat([inputs,
                                                   inputs.flip(-1)]))[-1]
        original, flipped = both.split(inputs.shape[0])
        return fuse_view_embeddings([original, flipped], self.weights_for(2))

    def merge_preds(
            self,
            data_samples_list: List[List[DataSample]]) -> List[DataSample]:
        merged = []
        for views in data_samples_list:
            fused = fuse_view_embeddings([v.embedding for v in views],
                                         self.weights_for(len(views)))
            sample = views[0].clone()
            sample.set_field(fused, 'embedding')
            merged.append(sample)
        return merged
