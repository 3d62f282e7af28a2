from . import transforms  # noqa: F401 (registers transforms)
from .coco_builder import BOX_OUTSIDE_POLICIES, CocoBuilder, validate_box
from .converters import (CSV_COLUMNS, SPLIT_MODES,
                         convert_csv_to_coco, convert_image_folder_to_coco,
                         convert_voc_to_coco, read_coco_class_names,
                         split_coco)
from .data_problems import (PROBLEM_KINDS, DataProblem, DataProblemError,
                            ProblemLog)
from .dataset_checks import DatasetSummary, check_coco_dataset
from .image_files import (ImageReadError, decode_image, find_image_file,
                          list_image_files, read_image_size)
from .landmark_dataset import LandmarkDataset, make_palette
from .single_object_policy import (SINGLE_OBJECT_POLICIES,
                                   apply_single_object_policy)
from .synthetic_landmarks import (LANDMARK_CLASSES, PHOTO_SIZES,
                                  draw_landmark_photo,
                                  generate_landmark_dataset)
from .transforms import *  # noqa: F401,F403

__all__ = [
    'BOX_OUTSIDE_POLICIES', 'CocoBuilder', 'validate_box', 'CSV_COLUMNS',
    'SPLIT_MODES', 'convert_csv_to_coco', 'convert_image_folder_to_coco',
    'convert_voc_to_coco', 'read_coco_class_names', 'split_coco',
    'PROBLEM_KINDS', 'DataProblem', 'DataProblemError', 'ProblemLog',
    'DatasetSummary', 'check_coco_dataset', 'ImageReadError', 'decode_image',
    'find_image_file', 'list_image_files', 'read_image_size',
    'LandmarkDataset', 'make_palette', 'SINGLE_OBJECT_POLICIES',
    'apply_single_object_policy', 'LANDMARK_CLASSES', 'PHOTO_SIZES',
    'draw_landmark_photo', 'generate_landmark_dataset'
]
