from landmark.classification.datasets.transforms.image_size import \
    apply_image_size
from landmark.classification.datasets.transforms.load_image_or_skip import \
    LoadImageOrSkip

__all__ = ['LoadImageOrSkip', 'apply_image_size']
