"""Accuracy of each label level of a hierarchical classifier."""
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmpretrain.registry import METRICS

from landmark.classification.models.heads.hierarchical_cls_head import \
    IGNORE_INDEX


@METRICS.register_module()
class HierarchicalAccuracy(BaseMetric):
    """Accuracy (%) of each level, counting only images labelled at that
    level (``gt_levels`` != -1); keys ``level<i>_accuracy`` or the level
    names of the dataset (``<name>_accuracy``).

    Examples:
        >>> val_evaluator = dict(type='HierarchicalAccuracy')
    """
    default_prefix: Optional[str] = 'hierarchy'

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(
                (torch.as_tensor(sample['gt_levels']).view(-1).cpu(),
                 torch.as_tensor(sample['pred_levels']).view(-1).cpu()))

    def compute_metrics(self, results: List[tuple]) -> Dict[str, float]:
        gt = torch.stack([r[0] for r in results])
        pred = torch.stack([r[1] for r in results])
        names = (self.dataset_meta or {}).get('level_names') or [
            f'level{i}' for i in range(gt.size(1))
        ]
        metrics = {}
        for level, name in enumerate(names):
            labelled = gt[:, level] != IGNORE_INDEX
            if labelled.any():
                right = pred[labelled, level] == gt[labelled, level]
                metrics[f'{name}_accuracy'] = float(right.float().mean() * 100)
        return metrics
