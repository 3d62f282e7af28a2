from landmark.detection.visualization.box_drawing import (draw_boxes,
                                                          font_scale_for,
                                                          line_width_for)
from landmark.detection.visualization.error_analysis import (
    ErrorCase, load_ground_truth, make_error_sheet, match_to_ground_truth,
    rank_worst)
from landmark.detection.visualization.pipeline_browsing import (
    draw_packed_sample, packed_image)
from landmark.detection.visualization.prediction_drawing import (
    GT_COLOR, PRED_COLOR, draw_predictions)

__all__ = [
    'draw_boxes', 'font_scale_for', 'line_width_for', 'ErrorCase',
    'load_ground_truth', 'make_error_sheet', 'match_to_ground_truth',
    'rank_worst', 'draw_packed_sample', 'packed_image', 'GT_COLOR',
    'PRED_COLOR', 'draw_predictions'
]
