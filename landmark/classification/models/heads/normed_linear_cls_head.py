"""A linear head on cosine similarities, the head LDAM's scale expects."""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmpretrain.models.heads import LinearClsHead
from mmpretrain.registry import MODELS


@MODELS.register_module()
class NormedLinearClsHead(LinearClsHead):
    """:class:`LinearClsHead` whose scores are cosines in [-1, 1]: features
    and class weights are L2-normalised (LDAM's ``NormedLinear``), so the
    loss's ``scale`` sets the logit range.

    Examples:
        >>> head = dict(type='NormedLinearClsHead', num_classes=6,
        ...             in_channels=512,
        ...             loss=dict(type='LDAMLoss', max_m=0.5, scale=30))
    """

    def forward(self, feats: Tuple[torch.Tensor]) -> torch.Tensor:
        pre_logits = self.pre_logits(feats)
        return F.linear(
            F.normalize(pre_logits, dim=1), F.normalize(self.fc.weight, dim=1))
