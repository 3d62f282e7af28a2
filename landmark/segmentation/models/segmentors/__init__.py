from landmark.segmentation.models.segmentors.gaussian_slide_encoder_decoder import (  # noqa: E501 isort: skip
    GaussianSlideEncoderDecoder)
from landmark.segmentation.models.segmentors.gaussian_sliding_window import (
    gaussian_importance_map, gaussian_slide_inference, window_starts)

__all__ = [
    'GaussianSlideEncoderDecoder', 'gaussian_importance_map',
    'gaussian_slide_inference', 'window_starts'
]
