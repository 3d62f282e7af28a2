"""Prediction files: the JSON ``tools/infer.py`` writes, and reading it or
the ``.pkl`` of ``tools/test.py --out`` back for drawing and analysis."""
import json
import os.path as osp
from typing import List, Optional, Sequence, Tuple

import numpy as np

from landmark.core import ProblemLog, load_prediction_pickle
from landmark.core.atomic_io import dump_json_atomic


def predictions_to_json(predictions: Sequence[dict],
                        class_names: Sequence[str],
                        problems: Optional[ProblemLog] = None) -> dict:
    """A readable JSON document of per-image predictions.

    Returns:
        dict: ``classes``, ``images`` (``image_path``, ``width``,
        ``height``, ``predictions`` sorted by score: ``label``,
        ``label_id``, ``score``, ``bbox_xyxy``) and ``skipped`` (``path``,
        ``kind``, ``reason``).
    """
    images = []
    for pred in predictions:
        inst = pred['pred_instances']
        order = np.argsort(-np.asarray(inst['scores']), kind='stable')
        height, width = pred['ori_shape'][:2]
        images.append(
            dict(
                image_path=pred['img_path'],
                width=int(width),
                height=int(height),
                predictions=[
                    dict(
                        label=class_names[int(inst['labels'][i])],
                        label_id=int(inst['labels'][i]),
                        score=round(float(inst['scores'][i]), 6),
                        bbox_xyxy=[
                            round(float(v), 2) for v in inst['bboxes'][i]
                        ]) for i in order
                ]))
    skipped = [
        dict(path=p.source, kind=p.kind, reason=p.message)
        for p in (problems.problems if problems else []) if p.skipped
    ]
    return dict(classes=list(class_names), images=images, skipped=skipped)


def dump_predictions_json(predictions: Sequence[dict],
                          path: str,
                          class_names: Sequence[str],
                          problems: Optional[ProblemLog] = None) -> None:
    """Write :func:`predictions_to_json` atomically."""
    dump_json_atomic(
        predictions_to_json(predictions, class_names, problems),
        path,
        indent=1)


def _from_json(path: str) -> Tuple[List[dict], List[str]]:
    try:
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f'{path} is not JSON ({err}); expected the '
                         'predictions.json of tools/infer.py') from None
    if not isinstance(doc, dict) or 'images' not in doc:
        raise ValueError(f'{path}: expected the JSON of tools/infer.py with '
                         '"classes" and "images"')
    records = []
    for index, image in enumerate(doc['images']):
        try:
            records.append(_record_from_json(image))
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(
                f'{path}, images[{index}]: {type(err).__name__} {err}; '
                'expected image_path, width, height and predictions of '
                'label_id, score and a 4-number bbox_xyxy') from None
    return records, list(doc.get('classes') or [])


def _record_from_json(image: dict) -> dict:
    preds = image['predictions']
    bboxes = np.array([p['bbox_xyxy'] for p in preds], dtype=np.float64)
    scores = np.array([p['score'] for p in preds], dtype=np.float64)
    if not (np.isfinite(bboxes).all() and np.isfinite(scores).all()):
        raise ValueError('a box or score is not a finite number')
    return dict(
        img_id=None,  # a JSON line is matched to its image by file name
        img_path=image['image_path'],
        ori_shape=(int(image['height']), int(image['width'])),
        pred_instances=dict(
            bboxes=bboxes.reshape(-1, 4),
            scores=scores,
            labels=np.array([p['label_id'] for p in preds], dtype=np.int64)))


def load_predictions(path: str) -> Tuple[List[dict], Optional[List[str]]]:
    """Per-image predictions from a ``.json`` of ``tools/infer.py`` or a
    ``.pkl`` of ``tools/test.py --out``.

    Returns:
        tuple[list[dict], list[str] | None]: The records (format of
        :func:`~landmark.detection.apis.predict_images`) and the class
        names when the file holds them (the ``.pkl`` does not).
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'prediction file {path!r} does not exist')
    ext = osp.splitext(path)[1].lower()
    if ext == '.json':
        return _from_json(path)
    if ext in ('.pkl', '.pickle'):
        # a restricted unpickler: a pickle can run code, this one cannot
        return load_prediction_pickle(path), None
    raise ValueError(f'{path}: unknown prediction file type {ext!r}; '
                     'expected .json (tools/infer.py) or .pkl (tools/test.py '
                     '--out)')
