"""Ensembles of classifiers: the weighted mean of their class
probabilities, image by image (epochs kept by ``KeepLastEpochsHook`` or
different models), from the ``.pkl`` files of ``tools/test.py --out``."""
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from landmark.classification.evaluation.metrics.classification_report import \
    report_from_confusion
from landmark.core.arrays import to_numpy
from landmark.core.prediction_pickles import load_prediction_items
from landmark.core.tta import weighted_view_mean


def is_class_score_pickle(path: str) -> bool:
    """Whether ``path`` holds classification predictions (``pred_score``
    per image) rather than detection ones."""
    try:
        return 'pred_score' in load_prediction_items(path)[0]
    except (ValueError, IndexError, KeyError, TypeError):
        return False


def load_class_scores(path: str) -> List[Dict]:
    """Per image ``img_path``, ``pred_score`` (C,) and ``gt_label`` (or
    None) from a ``tools/test.py --out x.pkl`` file of a classifier."""
    records = []
    for i, item in enumerate(load_prediction_items(path)):
        if not isinstance(item, dict) or 'pred_score' not in item:
            raise ValueError(f'{path}: item {i} has no pred_score; expected '
                             'the .pkl of tools/test.py --out on a '
                             'classification config')
        gt = item.get('gt_label')
        records.append(
            dict(
                img_path=item.get('img_path', str(i)),
                pred_score=to_numpy(item['pred_score']).astype(np.float64),
                gt_label=None if gt is None else int(to_numpy(gt).ravel()[0])))
    return records


def fuse_class_scores(members: Sequence[List[Dict]],
                      weights: Optional[Sequence[float]] = None,
                      names: Optional[Sequence[str]] = None) -> List[Dict]:
    """The weighted mean of the members' scores, image by image; the
    members must list the same images in the same order."""
    names = names or [f'member {i}' for i in range(len(members))]
    first = members[0]
    for member, name in zip(members[1:], names[1:]):
        if [r['img_path'] for r in member] != [r['img_path'] for r in first]:
            raise ValueError(f'{name} does not list the images of '
                             f'{names[0]} in the same order; expected '
                             'predictions of one test set')
    fused = []
    for i, record in enumerate(first):
        score = weighted_view_mean(
            [torch.as_tensor(m[i]['pred_score']) for m in members], weights,
            'ensemble')
        fused.append(dict(record, pred_score=score.numpy()))
    return fused


def score_report(records: Sequence[Dict],
                 class_names: Sequence[str]) -> Dict[str, float]:
    """Accuracy and macro-F1 (%) of records with ``gt_label``."""
    matrix = np.zeros((len(class_names), ) * 2, dtype=np.int64)
    for r in records:
        matrix[r['gt_label'], int(np.argmax(r['pred_score']))] += 1
    report = report_from_confusion(torch.as_tensor(matrix), class_names)
    return dict(accuracy=report['accuracy'], macro_f1=report['macro_f1'])
