"""Predicted and ground-truth boxes on a photo at its full resolution."""
from typing import Optional, Sequence

import numpy as np

from landmark.detection.visualization.box_drawing import Color, draw_boxes

# BGR; ground truth green under predictions red, as in most detection demos
GT_COLOR: Color = (0, 255, 0)
PRED_COLOR: Color = (0, 0, 255)


def draw_predictions(image: np.ndarray,
                     bboxes: np.ndarray,
                     scores: np.ndarray,
                     labels: np.ndarray,
                     class_names: Sequence[str],
                     score_thr: float = 0.3,
                     max_boxes: Optional[int] = None,
                     gt_bboxes: Optional[np.ndarray] = None,
                     gt_labels: Optional[np.ndarray] = None,
                     pred_color: Color = PRED_COLOR,
                     gt_color: Color = GT_COLOR,
                     line_width: Optional[int] = None) -> np.ndarray:
    """Draw predictions (``'tower 0.93'``) and ground truth (``'GT
    tower'``) in two colours on a copy of ``image``, same size.

    Args:
        image (np.ndarray): BGR photo (H, W, 3).
        bboxes (np.ndarray): (N, 4) predicted ``x1, y1, x2, y2`` in pixels.
        scores (np.ndarray): (N,) scores.
        labels (np.ndarray): (N,) 0-based class indices.
        class_names (Sequence[str]): Name of each class index.
        score_thr (float): Predictions scored below are not drawn.
            Defaults to 0.3.
        max_boxes (int, optional): Draw only the best-scored ones (1 for a
            single-object task). Defaults to all.
        gt_bboxes (np.ndarray, optional): (M, 4) ground-truth boxes.
        gt_labels (np.ndarray, optional): (M,) their class indices.
        pred_color (tuple): BGR of predictions. Defaults to red.
        gt_color (tuple): BGR of ground truth. Defaults to green.
        line_width (int, optional): Defaults to one scaled to the image.

    Returns:
        np.ndarray: The drawn copy.
    """
    canvas = image
    if gt_bboxes is not None and len(gt_bboxes):
        gt_labels = np.zeros(len(gt_bboxes), int) if gt_labels is None \
            else gt_labels
        captions = [f'GT {_name(class_names, lb)}' for lb in gt_labels]
        canvas = draw_boxes(canvas, np.asarray(gt_bboxes), captions,
                            [gt_color] * len(captions), line_width)
    scores = np.asarray(scores).reshape(-1)
    order = [
        i for i in np.argsort(-scores, kind='stable') if scores[i] >= score_thr
    ][:max_boxes]
    # the best box is drawn last, so it stays on top
    order = order[::-1]
    captions = [
        f'{_name(class_names, labels[i])} {scores[i]:.2f}' for i in order
    ]
    boxes = np.asarray(bboxes).reshape(-1, 4)[order]
    canvas = draw_boxes(canvas, boxes, captions, [pred_color] * len(order),
                        line_width)
    return canvas if canvas is not image else image.copy()


def _name(class_names: Sequence[str], label) -> str:
    label = int(label)
    return class_names[label] if 0 <= label < len(class_names) \
        else f'class {label}'
