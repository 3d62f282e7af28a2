from landmark.detection.evaluation.ensemble.fusion_search import (
    candidate_weights, format_search_table, search_fusion,
    write_fusion_snippet)
from landmark.detection.evaluation.ensemble.prediction_evaluation import \
    evaluate_predictions
from landmark.detection.evaluation.ensemble.prediction_fusion import (
    fuse_prediction_sets, image_key)

__all__ = [
    'candidate_weights', 'format_search_table', 'search_fusion',
    'write_fusion_snippet', 'evaluate_predictions', 'fuse_prediction_sets',
    'image_key'
]
