"""Entry points behind the tools: config preparation for ``tools/train.py``
and ``tools/test.py``, batched inference on image files for
``tools/infer.py``, the steps of ``tools/demo.py``."""
from landmark.detection.apis.batch_inference import predict_images
from landmark.detection.apis.data_root import annotation_file, set_data_root
from landmark.detection.apis.demo import (DEMO_CONFIG, DEMO_STEPS,
                                          check_demo_data,
                                          compare_with_trivial,
                                          draw_annotated_samples,
                                          draw_validation_predictions,
                                          evaluate_demo_detector,
                                          fit_to_screen, make_demo_data,
                                          train_demo_detector)
from landmark.detection.apis.detector_loading import (inference_pipeline_cfg,
                                                      load_detector)
from landmark.detection.apis.drawing_names import (drawing_clash_notes,
                                                   drawing_extension,
                                                   drawing_names)
from landmark.detection.apis.num_classes_sync import sync_num_classes
from landmark.detection.apis.prediction_files import (dump_predictions_json,
                                                      load_predictions,
                                                      predictions_to_json)
from landmark.detection.apis.prediction_journal import (PredictionJournal,
                                                        journal_path)
from landmark.detection.apis.runner_setup import (load_config,
                                                  prepare_test_config,
                                                  prepare_train_config)
from landmark.detection.apis.single_object_top1 import apply_single_object_top1
from landmark.detection.apis.tta_wrapping import apply_tta, ensure_tta_settings

__all__ = [
    'predict_images', 'drawing_clash_notes', 'drawing_extension',
    'drawing_names', 'PredictionJournal', 'journal_path', 'DEMO_CONFIG',
    'DEMO_STEPS',
    'check_demo_data', 'compare_with_trivial', 'draw_annotated_samples',
    'draw_validation_predictions', 'evaluate_demo_detector', 'fit_to_screen',
    'make_demo_data', 'train_demo_detector', 'inference_pipeline_cfg',
    'load_detector', 'dump_predictions_json', 'load_predictions',
    'predictions_to_json', 'annotation_file', 'set_data_root',
    'sync_num_classes', 'load_config', 'prepare_test_config',
    'prepare_train_config', 'apply_single_object_top1', 'apply_tta',
    'ensure_tta_settings'
]
