from landmark.segmentation.models.ensembles import CheckpointEnsembleSegmentor
from landmark.segmentation.models.losses import MaskedDiceLoss
from landmark.segmentation.models.segmentors import (
    GaussianSlideEncoderDecoder, gaussian_slide_inference)
from landmark.segmentation.models.tta import WeightedFlipSegTTAModel

__all__ = [
    'CheckpointEnsembleSegmentor', 'MaskedDiceLoss',
    'GaussianSlideEncoderDecoder', 'gaussian_slide_inference',
    'WeightedFlipSegTTAModel'
]
