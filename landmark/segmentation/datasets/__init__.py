from landmark.segmentation.datasets.mask_folder_dataset import \
    MaskFolderDataset
from landmark.segmentation.datasets.synthetic_masks import (
    generate_landmark_mask_dataset, landmark_mask_metainfo)
from landmark.segmentation.datasets.transforms import SemanticCopyPaste

__all__ = [
    'MaskFolderDataset', 'SemanticCopyPaste', 'generate_landmark_mask_dataset',
    'landmark_mask_metainfo'
]
