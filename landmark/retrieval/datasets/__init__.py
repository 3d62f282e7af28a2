from landmark.retrieval.datasets.landmark_images import (CSV_COLUMNS,
                                                         LandmarkImage,
                                                         read_landmark_csv,
                                                         read_landmark_folder,
                                                         read_landmark_images)
from landmark.retrieval.datasets.query_csv_dataset import QueryCsvDataset
from landmark.retrieval.datasets.retrieval_splits import (VAL_SPLIT_MODES,
                                                          split_query_gallery,
                                                          validation_split)
from landmark.retrieval.datasets.samplers import ClassGroupedSampler
from landmark.retrieval.datasets.synthetic_retrieval import (
    SYNTHETIC_CLASSES, generate_retrieval_dataset)

__all__ = [
    'CSV_COLUMNS', 'LandmarkImage', 'read_landmark_csv',
    'read_landmark_folder', 'read_landmark_images', 'QueryCsvDataset',
    'ClassGroupedSampler', 'VAL_SPLIT_MODES', 'split_query_gallery',
    'validation_split', 'SYNTHETIC_CLASSES', 'generate_retrieval_dataset'
]
