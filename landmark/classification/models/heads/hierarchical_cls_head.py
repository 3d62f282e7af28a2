"""One classification head per label level (coarse, mid, fine ...)."""
from typing import Any, Dict, List, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample
from torch import nn

IGNORE_INDEX = -1


@MODELS.register_module()
class HierarchicalClsHead(BaseModule):
    """A linear classifier per level; losses summed with per-level weights.

    Labels come in each data sample's ``gt_levels`` (one id per level,
    ``-1`` = no label at this level; pack them with
    ``dict(type='PackInputs', algorithm_keys=['gt_levels'])``). Rows without
    a label at a level do not count in that level's loss. Predictions carry
    every level: ``pred_levels`` (ids) and ``pred_level_scores``; the last
    level also fills ``pred_score`` / ``pred_label`` so the usual
    single-label metrics and writers see the finest level.

    Args:
        num_classes (Sequence[int]): Classes of each level, coarse first.
        in_channels (int): Feature channels.
        level_weights (Sequence[float], optional): Loss weight per level;
            None weighs each 1.0.
        loss (dict): Loss of every level; it must take ``ignore_index``
            rows out itself or be given only labelled rows (done here).
            Defaults to ``CrossEntropyLoss``.
        init_cfg (dict, optional): Defaults to a normal init of the layers.

    Examples:
        >>> head = dict(type='HierarchicalClsHead', num_classes=[3, 8, 20],
        ...             in_channels=512, level_weights=[0.5, 0.5, 1.0])
    """

    def __init__(self,
                 num_classes: Sequence[int],
                 in_channels: int,
                 level_weights: Optional[Sequence[float]] = None,
                 loss: dict = dict(type='CrossEntropyLoss', loss_weight=1.0),
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer='Linear', std=0.01)):
        super().__init__(init_cfg=init_cfg)
        self.num_classes = [int(n) for n in num_classes]
        if not self.num_classes or min(self.num_classes) < 1:
            raise ValueError(f'HierarchicalClsHead: num_classes='
                             f'{list(num_classes)}; expected a positive '
                             'class count per level')
        level_weights = level_weights or [1.0] * len(self.num_classes)
        if len(level_weights) != len(self.num_classes):
            raise ValueError(f'HierarchicalClsHead: {len(level_weights)} '
                             f'level_weights for {len(self.num_classes)} '
                             'levels; expected one weight per level')
        self.level_weights = [float(w) for w in level_weights]
        self.fcs = nn.ModuleList(
            nn.Linear(in_channels, n) for n in self.num_classes)
        self.loss_module = MODELS.build(loss)

    def forward(self, feats: Tuple[torch.Tensor]) -> List[torch.Tensor]:
        """Scores of each level, ``[(N, C_0), (N, C_1), ...]``."""
        x = feats[-1]
        return [fc(x) for fc in self.fcs]

    def loss(self, feats: Tuple[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> Dict[str, Any]:
        scores = self(feats)
        labels = torch.stack([
            torch.as_tensor(s.gt_levels).long().view(-1) for s in data_samples
        ]).to(scores[0].device)
        if labels.size(1) != len(scores):
            raise ValueError(f'HierarchicalClsHead has {len(scores)} levels '
                             f'but gt_levels has {labels.size(1)}; expected '
                             'one label (or -1) per level')
        losses = {}
        total = scores[0].new_zeros(())
        for level, (score,
                    weight) in enumerate(zip(scores, self.level_weights)):
            keep = labels[:, level] != IGNORE_INDEX
            if keep.any():
                level_loss = self.loss_module(
                    score[keep],
                    labels[keep, level],
                    avg_factor=int(keep.sum()),
                    **kwargs)
            else:  # keeps every parameter in the graph (DDP)
                level_loss = score.sum() * 0
            losses[f'loss_level{level}'] = level_loss.detach()
            total = total + weight * level_loss
        losses['loss'] = total
        return losses

    def predict(
            self,
            feats: Tuple[torch.Tensor],
            data_samples: Optional[List[DataSample]] = None
    ) -> List[DataSample]:
        scores = [s.softmax(dim=1).detach() for s in self(feats)]
        num = scores[0].size(0)
        data_samples = data_samples or [None] * num
        out = []
        for i, sample in enumerate(data_samples):
            sample = sample if sample is not None else DataSample()
            level_scores = [s[i] for s in scores]
            sample.set_field(
                level_scores, 'pred_level_scores', field_type='data')
            sample.set_field(
                torch.stack([s.argmax() for s in level_scores]),
                'pred_levels',
                field_type='data')
            sample.set_pred_score(level_scores[-1]).set_pred_label(
                level_scores[-1].argmax(keepdim=True))
            out.append(sample)
        return out
