"""Backbone feature map -> GeM pooling -> linear projection -> L2 norm."""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmpretrain.models.necks import GeneralizedMeanPooling
from mmpretrain.registry import MODELS
from torch import nn


@MODELS.register_module()
class GeMProjectionNeck(nn.Module):
    """The embedding of a retrieval model: generalized-mean pooling of the
    last feature map (mmpretrain's ``GeneralizedMeanPooling``,
    ``(mean x^p)^(1/p)``, p learnt), a linear projection to
    ``embed_dims``, batch norm, and L2 normalization, so that inner
    product is cosine similarity.

    Args:
        in_channels (int): Channels of the backbone's last stage.
        embed_dims (int): Embedding size. Defaults to 512.
        p (float): Initial GeM exponent. Defaults to 3.
        p_trainable (bool): Learn p. Defaults to True.
        normalize (bool): L2-normalize the output. Defaults to True.

    Examples:
        >>> neck = dict(type='GeMProjectionNeck', in_channels=512,
        ...             embed_dims=128)
    """

    def __init__(self,
                 in_channels: int,
                 embed_dims: int = 512,
                 p: float = 3.,
                 p_trainable: bool = True,
                 normalize: bool = True):
        super().__init__()
        self.pool = GeneralizedMeanPooling(p=p, p_trainable=p_trainable)
        self.projection = nn.Linear(in_channels, embed_dims, bias=False)
        self.bn = nn.BatchNorm1d(embed_dims)
        self.normalize = normalize

    def init_weights(self) -> None:
        nn.init.xavier_uniform_(self.projection.weight)

    def forward(self, inputs: Tuple[torch.Tensor]) -> Tuple[torch.Tensor]:
        feat = inputs[-1] if isinstance(inputs, (tuple, list)) else inputs
        pooled = self.pool(feat)
        embedding = self.bn(self.projection(pooled))
        if self.normalize:
            embedding = F.normalize(embedding, dim=-1)
        return (embedding, )
