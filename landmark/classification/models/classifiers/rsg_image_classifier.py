"""An image classifier with RSG before the last backbone stage."""
from typing import List

import torch
from mmpretrain.models.classifiers import ImageClassifier
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class RSGImageClassifier(ImageClassifier):
    """:class:`ImageClassifier` whose training loss runs an
    :class:`RSGModule` between the last two stages of a ResNet-style
    backbone (one with ``res_layers``), adding generated rare-class samples
    to the batch, and adds RSG's vector losses (``loss_rsg_norm``,
    ``loss_rsg_direction``) when its ``vector_loss_weight`` is set.
    Prediction and :meth:`extract_feat` never call RSG, so test-time
    features are the plain backbone's.

    Args:
        rsg (dict): The :class:`RSGModule` config (``in_channels`` = the
            channels entering the last stage, 256 for ResNet-18).
        **kwargs: As :class:`ImageClassifier`.

    Examples:
        >>> model = dict(type='RSGImageClassifier',
        ...              rsg=dict(type='RSGModule', num_classes=6,
        ...                       in_channels=256),
        ...              backbone=dict(type='ResNet', depth=18), ...)
    """

    def __init__(self, rsg: dict, **kwargs):
        super().__init__(**kwargs)
        if not hasattr(self.backbone, 'res_layers'):
            raise ValueError(
                f'RSGImageClassifier: backbone {type(self.backbone).__name__}'
                ' has no res_layers; expected a ResNet-style backbone')
        self.rsg = MODELS.build(rsg)

    def _stem(self, inputs: torch.Tensor) -> torch.Tensor:
        backbone = self.backbone
        if backbone.deep_stem:
            x = backbone.stem(inputs)
        else:
            x = backbone.relu(backbone.norm1(backbone.conv1(inputs)))
        return backbone.maxpool(x)

    def loss(self, inputs: torch.Tensor,
             data_samples: List[DataSample]) -> dict:
        if 'gt_score' in data_samples[0]:
            raise ValueError('RSGImageClassifier needs hard labels; batch '
                             'augments (MixUp/CutMix) give soft ones: use '
                             'one or the other')
        layers = [getattr(self.backbone, n) for n in self.backbone.res_layers]
        x = self._stem(inputs)
        for layer in layers[:-1]:
            x = layer(x)
        labels = torch.cat([s.gt_label for s in data_samples]).to(x.device)
        x, labels, rsg_losses = self.rsg(x, labels)
        feats = (layers[-1](x), )
        if self.with_neck:
            feats = self.neck(feats)
        generated = [
            DataSample().set_gt_label(label)
            for label in labels[len(data_samples):]
        ]
        losses = self.head.loss(feats, list(data_samples) + generated)
        losses.update(rsg_losses)  # the vector losses, when weighted
        return losses
