"""Batched inference on image files (``tools/infer.py``)."""
from .batch_inference import predict_images
from .detector_loading import inference_pipeline_cfg, load_detector
from .image_inputs import read_image_list, resolve_image_inputs
from .prediction_files import (dump_predictions_json, load_predictions,
                               predictions_to_json)

__all__ = [
    'predict_images', 'inference_pipeline_cfg', 'load_detector',
    'read_image_list', 'resolve_image_inputs', 'dump_predictions_json',
    'load_predictions', 'predictions_to_json'
]
