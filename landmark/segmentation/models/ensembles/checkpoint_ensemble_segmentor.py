"""Average the class probabilities of several checkpoints of one model."""
import copy
from typing import List, Optional, Sequence, Union

import torch
from mmengine.model import BaseModel
from mmengine.runner.checkpoint import load_checkpoint
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from torch import nn

from landmark.core.tta import check_view_weights
from landmark.segmentation.models.tta.weighted_flip_seg_tta_model import (
    class_probabilities, probabilities_to_labels, probabilities_to_logits)


@MODELS.register_module()
class CheckpointEnsembleSegmentor(BaseModel):
    """One segmentor config, several checkpoints (e.g. the last K epochs
    kept by ``KeepLastEpochsHook``): the weighted mean of their class
    probabilities.

    Its ``seg_logits`` are the mean probabilities as logits (see
    :func:`probabilities_to_logits`), so :class:`WeightedFlipSegTTAModel`
    can wrap it (flip TTA of an epoch ensemble).

    Args:
        model (dict): The segmentor config.
        checkpoints (Sequence[str]): Checkpoint files, one member each.
        weights (Sequence[float], optional): One per checkpoint; None
            weighs them equally.

    Examples:
        >>> model = dict(type='CheckpointEnsembleSegmentor', model=model,
        ...              checkpoints=['epoch_weights/epoch_6.pth',
        ...                           'epoch_weights/epoch_7.pth',
        ...                           'epoch_weights/epoch_8.pth'])
    """

    def __init__(self,
                 model: dict,
                 checkpoints: Sequence[str],
                 weights: Optional[Sequence[float]] = None,
                 data_preprocessor: Union[dict, nn.Module, None] = None):
        if not checkpoints:
            raise ValueError('CheckpointEnsembleSegmentor: no checkpoints; '
                             'expected at least one checkpoint file')
        model = copy.deepcopy(dict(model))
        data_preprocessor = data_preprocessor or model.pop(
            'data_preprocessor', None)
        model.pop('pretrained', None)
        super().__init__(data_preprocessor=data_preprocessor)
        self.weights = check_view_weights(weights, len(checkpoints),
                                          type(self).__name__)
        self.members = nn.ModuleList()
        for path in checkpoints:
            member = MODELS.build(model)
            load_checkpoint(member, path, map_location='cpu', strict=True)
            self.members.append(member)

    @property
    def decode_head(self) -> nn.Module:
        """The first member's head (its ``threshold`` is used)."""
        return self.members[0].decode_head

    def predict(self, inputs: torch.Tensor, data_samples: List) -> List:
        """Each member's probabilities, averaged with the weights."""
        weights = self.weights or [1.0] * len(self.members)
        total = None
        for weight, member in zip(weights, self.members):
            samples = member.predict(inputs, copy.deepcopy(data_samples))
            probs = [class_probabilities(s.seg_logits.data) for s in samples]
            total = [weight * p for p in probs] if total is None else [
                t + weight * p for t, p in zip(total, probs)
            ]
        threshold = getattr(self.decode_head, 'threshold', None) or 0.5
        for sample, summed in zip(samples, total):
            mean = summed / sum(weights)
            sample.set_data({
                'seg_logits':
                PixelData(data=probabilities_to_logits(mean)),
                'pred_sem_seg':
                PixelData(data=probabilities_to_labels(mean, threshold))
            })
        return samples

    def forward(self, inputs, data_samples=None, mode: str = 'predict'):
        if mode != 'predict':
            raise ValueError(f'{type(self).__name__} only predicts; got '
                             f'mode={mode!r}')
        return self.predict(inputs, data_samples)
