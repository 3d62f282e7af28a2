"""LDAM loss with deferred re-weighting (Cao et al., NeurIPS 2019)."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS
from torch import nn

from landmark.classification.class_weights import effective_number_weights


def ldam_margins(class_counts: Sequence[int], max_m: float) -> torch.Tensor:
    """``m_c = C / n_c^(1/4)``, scaled so the largest margin is ``max_m``
    (the constant ``C`` cancels).

    Examples:
        >>> ldam_margins([16, 1], max_m=0.5)  # 1/2, 1/1 scaled by 0.5
        tensor([0.2500, 0.5000])
    """
    counts = torch.as_tensor(class_counts, dtype=torch.float64)
    if counts.ndim != 1 or (counts <= 0).any():
        raise ValueError(f'LDAMLoss: class_counts={list(class_counts)}; '
                         'expected one positive count per class')
    margins = counts.pow(-0.25)
    return (margins * (max_m / margins.max())).float()


@MODELS.register_module()
class LDAMLoss(nn.Module):
    """Label-distribution-aware margin loss with deferred re-weighting.

    The target logit is lowered by its class margin before a softmax
    cross-entropy of the ``scale``-d logits: rare classes must win by more.
    After :meth:`enable_reweighting` (called by
    :class:`DeferredReweightingHook` at its epoch) each sample is weighted by
    its class's effective-number weight (:func:`effective_number_weights`).
    Soft targets (MixUp / CutMix) lower each logit by ``target * margin``.

    Args:
        class_counts (Sequence[int], optional): Training images per class;
            None until :meth:`set_class_counts` (the hook fills it in from
            the dataset). Defaults to None.
        max_m (float): The largest margin. Defaults to 0.5.
        scale (float): ``s``, the logit scale; 30 with cosine logits
            (``NormedLinearClsHead``) as in the paper. Defaults to 30.
        beta (float): Effective-number ``beta`` of the re-weighting.
            Defaults to 0.9999.
        reweight (bool): Start with re-weighting on. Defaults to False.
        loss_weight (float): Defaults to 1.0.

    Examples:
        >>> loss = dict(type='LDAMLoss', max_m=0.5, scale=30)
        >>> custom_hooks = [dict(type='DeferredReweightingHook',
        ...                      start_epoch=160)]
    """

    def __init__(self,
                 class_counts: Optional[Sequence[int]] = None,
                 max_m: float = 0.5,
                 scale: float = 30.0,
                 beta: float = 0.9999,
                 reweight: bool = False,
                 loss_weight: float = 1.0):
        super().__init__()
        if max_m <= 0 or scale <= 0:
            raise ValueError(f'LDAMLoss: max_m={max_m}, scale={scale}; '
                             'expected positive values')
        self.max_m = max_m
        self.scale = scale
        self.beta = beta
        self.loss_weight = loss_weight
        self.class_counts = None
        self.register_buffer('margins', torch.zeros(0), persistent=False)
        self.register_buffer('class_weight', torch.zeros(0), persistent=False)
        self.reweighting = False
        if class_counts is not None:
            self.set_class_counts(class_counts)
        if reweight:
            self.enable_reweighting()

    def set_class_counts(self, class_counts: Sequence[int]) -> None:
        """Set the margins (and weights, when on) from the counts."""
        self.class_counts = [int(n) for n in class_counts]
        self.margins = ldam_margins(self.class_counts,
                                    self.max_m).to(self.margins.device)
        if self.reweighting:
            self.enable_reweighting()

    def enable_reweighting(self) -> None:
        """Switch on the class-balanced (effective-number) weights."""
        if self.class_counts is None:
            raise RuntimeError('LDAMLoss: re-weighting needs the class '
                               'counts; set class_counts or add '
                               'DeferredReweightingHook')
        weights = effective_number_weights(self.class_counts, self.beta)
        self.class_weight = torch.tensor(
            weights, dtype=torch.float32, device=self.margins.device)
        self.reweighting = True

    def forward(self,
                cls_score: torch.Tensor,
                label: torch.Tensor,
                weight: Optional[torch.Tensor] = None,
                avg_factor: Optional[float] = None,
                reduction_override: Optional[str] = None,
                **kwargs) -> torch.Tensor:
        """Mean loss of ``cls_score`` (N, C) against hard (N,) or soft
        (N, C) ``label``."""
        num_classes = cls_score.size(1)
        if len(self.margins) != num_classes:
            raise ValueError(
                f'LDAMLoss has {len(self.margins)} class margins for '
                f'{num_classes} classes; expected class_counts with one '
                'count per class (or DeferredReweightingHook to set them)')
        if label.dim() == 1:
            target = F.one_hot(label.long(), num_classes).to(cls_score)
        else:
            target = label.to(cls_score)
        logits = self.scale * (cls_score - target * self.margins)
        per_class = -target * F.log_softmax(logits, dim=1)
        if self.reweighting:
            per_class = per_class * self.class_weight
        loss = per_class.sum(1)
        if weight is not None:
            loss = loss * weight.float()
        reduction = reduction_override or 'mean'
        if reduction == 'none':
            return self.loss_weight * loss
        if reduction == 'sum':
            return self.loss_weight * loss.sum()
        if self.reweighting:
            # F.cross_entropy(weight=w) averages by the summed sample
            # weights, as the LDAM-DRW reference code does
            denominator = (target * self.class_weight).sum()
        else:
            denominator = loss.new_tensor(float(loss.numel()))
        return self.loss_weight * loss.sum() / denominator
