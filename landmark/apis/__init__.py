"""Entry points behind the tools: config preparation for ``tools/train.py``
and ``tools/test.py``, batched inference on image files for
``tools/infer.py``."""
from .batch_inference import predict_images
from .detector_loading import inference_pipeline_cfg, load_detector
from .image_inputs import read_image_list, resolve_image_inputs
from .prediction_files import (dump_predictions_json, load_predictions,
                               predictions_to_json)
from .pretrained_weights import (PretrainedWeightsError,
                                 check_pretrained_weights,
                                 drop_pretrained_weights,
                                 find_pretrained_weights)
from .runner_setup import (apply_single_object_top1, apply_tta,
                           ensure_tta_settings, finish_distributed,
                           innermost_dataset, load_config,
                           prepare_test_config, prepare_train_config,
                           set_data_root, sync_num_classes)

__all__ = [
    'predict_images', 'inference_pipeline_cfg', 'load_detector',
    'read_image_list', 'resolve_image_inputs', 'dump_predictions_json',
    'load_predictions', 'predictions_to_json', 'PretrainedWeightsError',
    'check_pretrained_weights', 'drop_pretrained_weights',
    'find_pretrained_weights', 'apply_single_object_top1', 'apply_tta',
    'ensure_tta_settings', 'finish_distributed',
    'innermost_dataset', 'load_config', 'prepare_test_config',
    'prepare_train_config', 'set_data_root', 'sync_num_classes'
]
