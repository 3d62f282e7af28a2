from landmark.segmentation.datasets.mask_folder_dataset import \
    MaskFolderDataset

__all__ = ['MaskFolderDataset']
