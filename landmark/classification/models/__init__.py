from landmark.classification.models.classifiers import RSGImageClassifier
from landmark.classification.models.heads import (HierarchicalClsHead,
                                                  NormedLinearClsHead)
from landmark.classification.models.losses import LDAMLoss, ldam_margins
from landmark.classification.models.necks import RSGModule, head_class_mask
from landmark.classification.models.tta import FlipClsTTAModel

__all__ = [
    'FlipClsTTAModel', 'HierarchicalClsHead', 'LDAMLoss',
    'NormedLinearClsHead', 'RSGImageClassifier', 'RSGModule',
    'head_class_mask', 'ldam_margins'
]
