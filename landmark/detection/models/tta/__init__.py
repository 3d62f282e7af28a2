from landmark.detection.models.tta.box_fuser import BoxFuser
from landmark.detection.models.tta.ensemble_boxes_wrapper import (
    FUSION_METHODS, check_fusion_args, fuse_boxes, keep_single_object,
    vote_single_object_label)
from landmark.detection.models.tta.flip_pipeline import flip_tta_pipeline
from landmark.detection.models.tta.fusion_tta_model import (FusionTTAModel,
                                                            unflip_boxes)
from landmark.detection.models.tta.tta_defaults import (FLIP_FUSER,
                                                        FLIP_SINGLE_OBJECT,
                                                        FLIP_VIEW_WEIGHTS)

__all__ = [
    'BoxFuser', 'FUSION_METHODS', 'check_fusion_args', 'fuse_boxes',
    'keep_single_object', 'vote_single_object_label', 'flip_tta_pipeline',
    'FusionTTAModel', 'unflip_boxes', 'FLIP_FUSER', 'FLIP_SINGLE_OBJECT',
    'FLIP_VIEW_WEIGHTS'
]
