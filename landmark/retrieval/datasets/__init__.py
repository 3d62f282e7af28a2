from landmark.retrieval.datasets.landmark_images import (
    CSV_COLUMNS, ID_COLUMN, IMAGE_ID_MODES, LandmarkImage, check_query_ids,
    check_two_photos_per_id, check_unique_image_ids, describe_landmark_ids,
    folders_without_photos, folders_without_photos_lines, image_id_of,
    label_of, read_landmark_csv, read_landmark_folder, read_landmark_images,
    single_photo_ids, split_folder_ids_line)
from landmark.retrieval.datasets.query_csv_dataset import QueryCsvDataset
from landmark.retrieval.datasets.retrieval_splits import (
    SPLIT_FILES, retrieval_splits, split_query_gallery,
    write_retrieval_splits)
from landmark.retrieval.datasets.samplers import ClassGroupedSampler
from landmark.retrieval.datasets.synthetic_retrieval import (
    SYNTHETIC_CLASSES, generate_retrieval_dataset)

__all__ = [
    'CSV_COLUMNS', 'ID_COLUMN', 'IMAGE_ID_MODES', 'LandmarkImage',
    'check_query_ids', 'check_two_photos_per_id', 'check_unique_image_ids',
    'describe_landmark_ids', 'folders_without_photos',
    'folders_without_photos_lines', 'image_id_of', 'label_of',
    'read_landmark_csv', 'read_landmark_folder', 'read_landmark_images',
    'single_photo_ids', 'split_folder_ids_line', 'QueryCsvDataset',
    'ClassGroupedSampler', 'SPLIT_FILES', 'retrieval_splits',
    'split_query_gallery', 'write_retrieval_splits', 'SYNTHETIC_CLASSES',
    'generate_retrieval_dataset'
]
