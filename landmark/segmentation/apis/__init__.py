from landmark.segmentation.apis.data_settings import apply_data_settings
from landmark.segmentation.apis.num_classes import (ClassCountError,
                                                    check_checkpoint_classes,
                                                    match_num_classes)
from landmark.segmentation.apis.pixel_budget import apply_pixel_budget
from landmark.segmentation.apis.segmentation_testing import (
    configure_segmentation_test, flip_tta_pipeline)

__all__ = [
    'ClassCountError', 'apply_data_settings', 'apply_pixel_budget',
    'check_checkpoint_classes', 'configure_segmentation_test',
    'flip_tta_pipeline', 'match_num_classes'
]
