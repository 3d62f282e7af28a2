from landmark.segmentation.models.tta.weighted_flip_seg_tta_model import (
    WeightedFlipSegTTAModel, class_probabilities, probabilities_to_labels,
    probabilities_to_logits)

__all__ = [
    'WeightedFlipSegTTAModel', 'class_probabilities',
    'probabilities_to_labels', 'probabilities_to_logits'
]
