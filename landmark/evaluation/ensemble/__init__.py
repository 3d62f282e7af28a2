from .fusion_search import (candidate_weights, format_search_table,
                            search_fusion, write_fusion_snippet)
from .prediction_evaluation import evaluate_predictions, read_ground_truth
from .prediction_fusion import fuse_prediction_sets, image_key
from .prediction_pickles import (SafePredictionUnpickler,
                                 UnsafePredictionFileError,
                                 dump_prediction_pickle,
                                 load_prediction_pickle)

__all__ = [
    'candidate_weights', 'format_search_table', 'search_fusion',
    'write_fusion_snippet', 'evaluate_predictions', 'read_ground_truth',
    'fuse_prediction_sets', 'image_key', 'SafePredictionUnpickler',
    'UnsafePredictionFileError', 'dump_prediction_pickle',
    'load_prediction_pickle'
]
