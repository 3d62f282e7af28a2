from landmark.classification.datasets.class_csv_dataset import ClassCsvDataset
from landmark.classification.datasets.class_folder_dataset import \
    ClassFolderDataset
from landmark.classification.datasets.class_splits import (long_tailed_counts,
                                                           long_tailed_cut,
                                                           stratified_split)
from landmark.classification.datasets.labelled_image_dataset import \
    LabelledImageDataset
from landmark.classification.datasets.transforms import LoadImageOrSkip

__all__ = [
    'ClassCsvDataset', 'ClassFolderDataset', 'LabelledImageDataset',
    'LoadImageOrSkip', 'long_tailed_counts', 'long_tailed_cut',
    'stratified_split'
]
