"""Flip TTA for segmentation with the original view weighted higher."""
from typing import List

import torch
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.utils import SampleList

from landmark.core.tta import ViewWeightedTTAModel, weighted_view_mean


def class_probabilities(seg_logits: torch.Tensor) -> torch.Tensor:
    """Softmax over classes (``(C, H, W)``), or sigmoid for one channel."""
    if seg_logits.shape[0] == 1:
        return seg_logits.sigmoid()
    return seg_logits.softmax(dim=0)


def probabilities_to_logits(probs: torch.Tensor) -> torch.Tensor:
    """Logits whose :func:`class_probabilities` are ``probs`` again:
    ``log p`` for softmax, ``log(p / (1 - p))`` for one channel."""
    probs = probs.clamp(1e-12, 1 - 1e-7)
    if probs.shape[0] == 1:
        return probs.log() - (1 - probs).log()
    return probs.log()


def probabilities_to_labels(probs: torch.Tensor,
                            threshold: float = 0.5) -> torch.Tensor:
    """``(1, H, W)`` labels: argmax, or ``probs > threshold`` for one
    channel."""
    if probs.shape[0] == 1:
        return (probs > threshold).long()
    return probs.argmax(dim=0, keepdim=True)


@MODELS.register_module()
class WeightedFlipSegTTAModel(ViewWeightedTTAModel):
    """Segmentation TTA: the weighted mean of the views' class
    probabilities (mmseg's ``SegTTAModel`` weighs views equally).

    The segmentor already maps each view's logits back to the original
    orientation (``postprocess_result`` un-flips them), so merging is the
    weighted mean of :func:`class_probabilities` by
    :func:`~landmark.core.tta.weighted_view_mean`. The merged probabilities
    are kept as ``seg_logits`` by :func:`probabilities_to_logits` (their
    softmax is ``p`` again), so an ensemble or a second TTA can take them in.

    Args:
        module (dict): The segmentor.
        view_weights (Sequence[float], optional): One weight per view, in
            the order of ``tta_pipeline``; defaults to ``(2.0, 1.0)``
            (original, flipped).

    Examples:
        >>> tta_model = dict(type='WeightedFlipSegTTAModel',
        ...                  view_weights=(2.0, 1.0))
        >>> tta_pipeline = [
        ...     dict(type='LoadImageFromFile'),
        ...     dict(type='TestTimeAug', transforms=[
        ...         [dict(type='RandomFlip', prob=0.),
        ...          dict(type='RandomFlip', prob=1.,
        ...               direction='horizontal')],
        ...         [dict(type='LoadAnnotations')],
        ...         [dict(type='PackSegInputs')]])]
    """

    registry = MODELS

    def merge_preds(self, data_samples_list: List[SampleList]) -> SampleList:
        """One prediction per image from its views."""
        threshold = getattr(
            getattr(self.module, 'decode_head', None), 'threshold', None)
        threshold = 0.5 if threshold is None else threshold
        merged = []
        for views in data_samples_list:
            weights = self.weights_for(len(views))
            probs = weighted_view_mean(
                [class_probabilities(v.seg_logits.data) for v in views],
                weights,
                type(self).__name__)
            sample = views[0].clone()
            sample.set_data({
                'seg_logits':
                PixelData(data=probabilities_to_logits(probs)),
                'pred_sem_seg':
                PixelData(data=probabilities_to_labels(probs, threshold))
            })
            merged.append(sample)
        return merged
