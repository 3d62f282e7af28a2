from landmark.segmentation.datasets.mask_folder_dataset import (
    MaskDatasetError, MaskFolderDataset)
from landmark.segmentation.datasets.synthetic_masks import \
    generate_landmark_mask_dataset
from landmark.segmentation.datasets.transforms import SemanticCopyPaste

__all__ = [
    'MaskDatasetError', 'MaskFolderDataset', 'SemanticCopyPaste',
    'generate_landmark_mask_dataset'
]
