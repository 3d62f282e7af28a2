from landmark.detection.datasets import \
    transforms  # noqa: F401 (registers transforms)
from landmark.detection.datasets.coco_builder import (BOX_OUTSIDE_POLICIES,
                                                      CocoBuilder,
                                                      validate_box)
from landmark.detection.datasets.coco_ground_truth import (
    GroundTruth, match_image_ids, read_coco_class_names, read_coco_file,
    read_coco_ground_truth)
from landmark.detection.datasets.converters import (
    CSV_COLUMNS, SPLIT_MODES, convert_csv_to_coco,
    convert_image_folder_to_coco, convert_voc_to_coco, split_coco)
from landmark.detection.datasets.dataset_checks import (DatasetSummary,
                                                        check_coco_dataset,
                                                        drop_skipped_items)
from landmark.detection.datasets.landmark_dataset import (LandmarkDataset,
                                                          make_palette)
from landmark.detection.datasets.single_object_policy import (
    SINGLE_OBJECT_POLICIES, apply_single_object_policy)
from landmark.detection.datasets.synthetic_landmarks import (
    LANDMARK_CLASSES, PHOTO_SIZES, draw_landmark_photo,
    generate_landmark_dataset)
from landmark.detection.datasets.transforms import *  # noqa: F401,F403

__all__ = [
    'GroundTruth', 'read_coco_class_names', 'read_coco_file',
    'read_coco_ground_truth', 'match_image_ids', 'drop_skipped_items',
    'BOX_OUTSIDE_POLICIES',
    'CocoBuilder', 'validate_box', 'CSV_COLUMNS', 'SPLIT_MODES',
    'convert_csv_to_coco', 'convert_image_folder_to_coco',
    'convert_voc_to_coco', 'read_coco_class_names', 'split_coco',
    'DatasetSummary', 'check_coco_dataset', 'LandmarkDataset', 'make_palette',
    'SINGLE_OBJECT_POLICIES', 'apply_single_object_policy', 'LANDMARK_CLASSES',
    'PHOTO_SIZES', 'draw_landmark_photo', 'generate_landmark_dataset'
]
