"""What the training pipeline feeds the model, drawn: to catch augmentation
bugs (a flip that forgets the box, a crop that cuts the landmark out)."""
from typing import Sequence

import numpy as np

from landmark.detection.visualization.box_drawing import draw_boxes
from landmark.detection.visualization.prediction_drawing import GT_COLOR


def packed_image(packed: dict) -> np.ndarray:
    """The image of a ``PackDetInputs`` output as a BGR uint8 array.

    The pipeline keeps the loader's channel order (BGR); the data
    preprocessor, which runs later on the batch, converts it.
    """
    inputs = packed['inputs']
    array = inputs.detach().cpu().numpy() if hasattr(inputs, 'detach') \
        else np.asarray(inputs)
    image = np.ascontiguousarray(array.transpose(1, 2, 0))
    if image.dtype != np.uint8:
        image = image.clip(0, 255).astype(np.uint8)
    if image.shape[2] == 1:
        image = np.repeat(image, 3, axis=2)
    return image


def draw_packed_sample(packed: dict, class_names: Sequence[str]) -> np.ndarray:
    """Draw the boxes of a ``PackDetInputs`` output on its image.

    Args:
        packed (dict): ``inputs`` (C, H, W) tensor and ``data_samples``
            (a ``DetDataSample`` with ``gt_instances``).
        class_names (Sequence[str]): Class name of each label.

    Returns:
        np.ndarray: The BGR image as the model sees it, boxes in green.
    """
    image = packed_image(packed)
    gt = packed['data_samples'].gt_instances
    boxes = gt.bboxes
    boxes = getattr(boxes, 'tensor', boxes)  # HorizontalBoxes or a tensor
    boxes = np.asarray(
        boxes.detach().cpu() if hasattr(boxes, 'detach') else boxes).reshape(
            -1, 4)
    labels = np.asarray(gt.labels.cpu() if hasattr(gt.labels, 'cpu') else gt.
                        labels).reshape(-1)
    captions = [
        class_names[int(lb)] if 0 <= lb < len(class_names) else str(int(lb))
        for lb in labels
    ]
    return draw_boxes(image, boxes, captions, [GT_COLOR] * len(captions))
