"""A Dice loss that leaves ignored pixels out entirely."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmseg.registry import MODELS
from torch import nn


def masked_dice_loss(seg_logits: torch.Tensor,
                     labels: torch.Tensor,
                     ignore_index: int = 255,
                     smooth: float = 1.0,
                     exponent: int = 2) -> torch.Tensor:
    """``1 - mean_c Dice_c`` over the pixels whose label is not ignored.

    Probabilities and one-hot targets are both zeroed at ignored pixels, so
    those pixels are in neither the numerator nor the denominator (mmseg
    1.2.2's ``DiceLoss`` keeps the predicted probabilities of ignored pixels
    in its denominator).

    Args:
        seg_logits (torch.Tensor): ``(N, C, H, W)`` logits; ``C == 1`` is
            binary (sigmoid), otherwise softmax over the classes.
        labels (torch.Tensor): ``(N, H, W)`` class indices.
        ignore_index (int): Label of pixels to leave out. Defaults to 255.
        smooth (float): Added to numerator and denominator. Defaults to 1.
        exponent (int): Power of the denominator's terms (2: V-Net, 1:
            plain Dice). Defaults to 2.

    Returns:
        torch.Tensor: The scalar loss, averaged over classes and images.
    """
    valid = (labels != ignore_index).unsqueeze(1).float()
    safe_labels = torch.where(labels == ignore_index, torch.zeros_like(labels),
                              labels).long()
    if seg_logits.shape[1] == 1:
        probs = seg_logits.sigmoid()
        targets = safe_labels.unsqueeze(1).float()
    else:
        probs = seg_logits.softmax(dim=1)
        targets = F.one_hot(safe_labels, seg_logits.shape[1])
        targets = targets.permute(0, 3, 1, 2).float()
    probs = probs * valid
    targets = targets * valid
    dims = (2, 3)
    numerator = 2 * (probs * targets).sum(dims) + smooth
    denominator = (
        probs.pow(exponent).sum(dims) + targets.pow(exponent).sum(dims) +
        smooth)
    return (1 - numerator / denominator).mean()


@MODELS.register_module()
class MaskedDiceLoss(nn.Module):
    """Dice loss with ignored pixels masked out (see
    :func:`masked_dice_loss`).

    Args:
        ignore_index (int): Label to leave out. Defaults to 255.
        smooth (float): Smoothing term. Defaults to 1.
        exponent (int): Denominator power. Defaults to 2.
        loss_weight (float): Multiplier of the loss. Defaults to 1.
        loss_name (str): Name in the log; must start with ``loss_`` to be
            back-propagated. Defaults to ``'loss_dice'``.

    Examples:
        >>> decode_head = dict(loss_decode=[
        ...     dict(type='CrossEntropyLoss', loss_weight=1.0),
        ...     dict(type='MaskedDiceLoss', loss_weight=1.0)])
    """

    def __init__(self,
                 ignore_index: int = 255,
                 smooth: float = 1.0,
                 exponent: int = 2,
                 loss_weight: float = 1.0,
                 loss_name: str = 'loss_dice'):
        super().__init__()
        self.ignore_index = ignore_index
        self.smooth = smooth
        self.exponent = exponent
        self.loss_weight = loss_weight
        self._loss_name = loss_name

    def forward(self,
                seg_logits: torch.Tensor,
                labels: torch.Tensor,
                weight: Optional[torch.Tensor] = None,
                ignore_index: Optional[int] = None,
                **kwargs) -> torch.Tensor:
        """The weighted loss; ``ignore_index`` from the decode head wins."""
        ignore = self.ignore_index if ignore_index is None else ignore_index
        return self.loss_weight * masked_dice_loss(seg_logits, labels, ignore,
                                                   self.smooth, self.exponent)

    @property
    def loss_name(self) -> str:
        return self._loss_name
