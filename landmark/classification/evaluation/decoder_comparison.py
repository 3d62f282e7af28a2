"""Argmax and the rank decoders side by side on scores with known labels:
accuracy, macro-F1 and, for ordered classes, the mean absolute class
error."""
from typing import Dict, Optional, Sequence

import numpy as np

from landmark.classification.evaluation.metrics.classification_report import \
    report_from_confusion
from landmark.classification.evaluation.rank_decoding import (DECODERS,
                                                              decode_labels)


def decoded_label_report(labels: np.ndarray, predicted: np.ndarray,
                         class_names: Sequence[str]) -> Dict[str, float]:
    """``accuracy`` and ``macro_f1`` (%) and ``mean_abs_error`` (mean
    ``|predicted - label|`` in class steps, meaningful when the classes are
    ordered) of integer ``predicted`` labels against ``labels``.

    Examples:
        >>> r = decoded_label_report(np.array([0, 1, 2]), np.array([0, 2, 0]),
        ...                          ['a', 'b', 'c'])
        >>> r['accuracy'], r['mean_abs_error']  # 1 of 3; (0 + 1 + 2) / 3
        (33.33333333333333, 1.0)
    """
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    matrix = np.zeros((len(class_names), ) * 2, dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    report = report_from_confusion(matrix, class_names)
    return dict(
        accuracy=report['accuracy'],
        macro_f1=report['macro_f1'],
        mean_abs_error=float(np.abs(predicted - labels).mean()))


def compare_decoders(
        scores: np.ndarray,
        labels: np.ndarray,
        class_names: Sequence[str],
        proportions: Optional[Sequence[float]] = None,
        decoders: Sequence[str] = DECODERS) -> Dict[str, Dict[str, float]]:
    """Each decoder's :func:`decoded_label_report` on ``scores`` (N, C).

    Args:
        scores (np.ndarray): Class probabilities, one row per image.
        labels (np.ndarray): The true class of each image.
        class_names (Sequence[str]): One name per class.
        proportions (Sequence[float], optional): The class shares given to
            the rank decoders. Defaults to the true shares of ``labels``
            (the case where the test set's shares are known exactly).
        decoders (Sequence[str]): Names of
            :data:`~landmark.classification.evaluation.rank_decoding.DECODERS`.

    Returns:
        dict: ``{decoder: dict(accuracy, macro_f1, mean_abs_error)}``.
    """
    labels = np.asarray(labels)
    if proportions is None:
        proportions = np.bincount(
            labels, minlength=len(class_names)) / len(labels)
    return {
        decoder:
        decoded_label_report(
            labels, np.array(decode_labels(scores, decoder, proportions)),
            class_names)
        for decoder in decoders
    }
