"""Classification: accuracy, macro-F1 and per-class recall/precision of a
prediction file (the project's ``report_from_confusion``), its confusion
matrix, and each image judged for the gallery."""
from typing import Dict, List

import numpy as np
import torch

from landmark.classification.evaluation.metrics.classification_report \
    import report_from_confusion
from landmark.report.ground_truth import LabelledImages
from landmark.report.report_data import (RIGHT, GalleryItem, RunMetrics,
                                         ScoredRun, ThumbnailSpec,
                                         left_out_predictions)

SUMMARY_KEYS = (('accuracy (%)', 'accuracy'), ('macro-F1 (%)', 'macro_f1'),
                ('macro precision (%)',
                 'macro_precision'), ('macro recall (%)', 'macro_recall'))
PER_CLASS_COLUMNS = ['images', 'recall (%)', 'precision (%)']


def confusion_counts(true: List[int], predicted: List[int],
                     num_classes: int) -> np.ndarray:
    """``(C, C)`` counts, rows the true class, columns the predicted."""
    matrix = np.zeros((num_classes, num_classes), np.int64)
    np.add.at(matrix, (np.asarray(true, int), np.asarray(predicted, int)), 1)
    return matrix


def class_error(right: bool, score: float) -> float:
    """Wrong answers first, the most confident first (``1 + score``), then
    the right ones least sure first (``1 - score``)."""
    return 1.0 - score if right else 1.0 + score


def score_classification_run(records: List[dict], truth: LabelledImages,
                             name: str, source: str) -> ScoredRun:
    """Metrics and judged images of one classification prediction file;
    predictions of photos the test set does not have are named in the
    problems and left out."""
    names = truth.class_names
    unknown = []
    items: Dict[str, GalleryItem] = {}
    true, predicted = [], []
    for record in records:
        known = truth.find(record['name'])
        if known is None:
            unknown.append(record['name'])
            continue
        path, gt = known
        label, score = record['label'], float(record['score'])
        true.append(gt)
        predicted.append(label)
        kind = RIGHT if label == gt else 'wrong'
        items[record['name']] = GalleryItem(
            key=record['name'],
            classes=[names[gt]],
            predicted=names[label],
            kind=kind,
            error=class_error(kind == RIGHT, score),
            caption=f'GT {names[gt]} · {names[label]} {score:.2f}',
            spec=ThumbnailSpec(
                'label', path, kind != RIGHT,
                dict(
                    caption=f'{names[label]} {score:.2f}',
                    truth=f'GT {names[gt]}')))
    if not items:
        raise ValueError(f'{source}: none of its {len(records)} rows names a '
                         'photo of the config\'s test set; expected '
                         'predictions of that set')
    matrix = confusion_counts(true, predicted, len(names))
    report = report_from_confusion(torch.as_tensor(matrix), names)
    summary = {label: report[key] for label, key in SUMMARY_KEYS}
    summary['images'] = float(len(items))
    per_class = {
        c: {
            'images': int(matrix[i].sum()),
            'recall (%)': report[f'recall/{c}'],
            'precision (%)': report[f'precision/{c}']
        }
        for i, c in enumerate(names)
    }
    return ScoredRun(
        RunMetrics(name, source, summary, per_class, PER_CLASS_COLUMNS,
                   matrix), items, left_out_predictions(source, unknown))
