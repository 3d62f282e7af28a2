"""Read the prediction files the tools write, one reader per task, into
plain per-image records for the report's metrics.

* detection: the ``.pkl`` of ``tools/test.py --out`` or the
  ``predictions.json`` of ``tools/infer.py``;
* classification: the ``.pkl`` of ``tools/test.py --out`` (scores of every
  class) or an ``image,label,score`` CSV (``tools/test.py --out x.csv``,
  ``tools/infer.py``, ``tools/ensemble.py --csv``);
* segmentation: the run-length CSV (``tools/test.py --out``,
  ``tools/infer.py``) or a folder of index masks ``<image id>.png``;
* retrieval: the ``id,images`` CSV of ``tools/retrieve.py --out``.
"""
import json
import os.path as osp
from typing import Dict, List, Sequence, Tuple

import numpy as np

from landmark.core.image_files import list_image_files


def read_detection_predictions(path: str) -> List[dict]:
    """Per-image records (``img_path``, ``ori_shape``, ``pred_instances``
    with numpy ``bboxes``/``scores``/``labels``), matched to the ground
    truth by file name: the JSON numbers its images 0, 1... which are not
    the COCO file's ids, so its ids are dropped."""
    from landmark.detection.apis.prediction_files import load_predictions
    records, _ = load_predictions(path)
    if path.lower().endswith('.json'):
        records = [dict(r, img_id=None) for r in records]
    return records


def read_skipped_photos(path: str) -> List[Tuple[str, str]]:
    """``(photo, reason)`` of the photos ``tools/infer.py`` skipped (the
    ``skipped`` list of its ``predictions.json``); none for other files."""
    if not path.lower().endswith('.json'):
        return []
    with open(path, encoding='utf-8') as f:
        skipped = json.load(f).get('skipped') or []
    return [(str(s.get('path')), f'skipped by tools/infer.py: '
             f'{s.get("reason")}') for s in skipped if isinstance(s, dict)]


def read_classification_predictions(path: str,
                                    class_names: Sequence[str]) -> List[dict]:
    """Per image ``name`` (as the tools' CSVs name it), ``label`` (top
    class index), ``score`` (its score) and, from a ``.pkl``, ``scores``
    (every class) and ``gt_label`` (or None)."""
    ext = osp.splitext(path)[1].lower()
    if ext in ('.pkl', '.pickle'):
        from landmark.classification.evaluation.score_ensemble import \
            load_class_scores
        from landmark.classification.evaluation.writers.class_scores_csv \
            import image_names
        records = []
        loaded = list(load_class_scores(path))
        # named as the tools' CSVs name them: the file name, or the path
        # under the common folder where file names repeat
        names = image_names([r['img_path'] for r in loaded])
        for r, name in zip(loaded, names):
            scores = np.asarray(r['pred_score'], np.float64).reshape(-1)
            if len(scores) != len(class_names):
                raise ValueError(
                    f'{path}: {name} has '
                    f'{len(scores)} class scores; expected '
                    f'{len(class_names)}, one per class of the config')
            label = int(scores.argmax())
            records.append(
                dict(
                    name=name,
                    label=label,
                    score=float(scores[label]),
                    scores=scores,
                    gt_label=r['gt_label']))
        return records
    if ext == '.csv':
        from landmark.classification.evaluation.writers.class_scores_csv \
            import read_class_csv
        index = {name: i for i, name in enumerate(class_names)}
        return [
            dict(
                name=row['image'],
                label=index[row['labels'][0]],
                score=row['scores'][0],
                scores=None,
                gt_label=None) for row in read_class_csv(path, class_names)
        ]
    raise ValueError(f'{path}: unknown classification prediction file '
                     f'{ext!r}; expected .pkl (tools/test.py --out) or an '
                     'image,label,score .csv')


def read_segmentation_predictions(
        path: str, class_names: Sequence[str]) -> Dict[str, np.ndarray]:
    """``{image id: (H, W) class index per pixel}`` from a run-length CSV
    (pixels of no row are class 0) or a folder of index masks named
    ``<image id>.png``."""
    if osp.isdir(path):
        return _index_mask_folder(path, len(class_names))
    if not path.lower().endswith('.csv'):
        raise ValueError(f'{path}: expected a run-length .csv (tools/test.py '
                         '--out, tools/infer.py) or a folder of index masks')
    from landmark.segmentation.evaluation.rle_csv import read_rle_csv
    index = {name: i for i, name in enumerate(class_names)}
    labels: Dict[str, np.ndarray] = {}
    for (image_id, class_name), mask in read_rle_csv(
            path, classes=class_names).items():
        image = labels.get(image_id)
        if image is None:
            image = labels[image_id] = np.zeros(mask.shape, np.uint8)
        if image.shape != mask.shape:
            raise ValueError(f'{path}: image {image_id!r} has rows of '
                             f'{image.shape[1]}x{image.shape[0]} and '
                             f'{mask.shape[1]}x{mask.shape[0]} pixels; '
                             'expected one size per image')
        image[mask.astype(bool)] = index[class_name]
    return labels


def _index_mask_folder(folder: str, num_classes: int) -> Dict[str, np.ndarray]:
    from PIL import Image
    labels = {}
    for path in list_image_files(folder):
        try:
            with Image.open(path) as img:
                mask = np.asarray(img)
        except OSError as err:
            raise ValueError(f'{path}: cannot be read as a mask ({err}); '
                             'expected an index mask (one class per '
                             'pixel)') from None
        if mask.ndim != 2 or mask.max(initial=0) >= num_classes:
            raise ValueError(f'{path}: expected a one-channel index mask '
                             f'with values below {num_classes} (the '
                             'classes of the config)')
        labels[osp.splitext(osp.basename(path))[0]] = mask
    if not labels:
        raise ValueError(f'{folder}: no mask images; expected '
                         '<image id>.png index masks')
    return labels


def read_retrieval_predictions(path: str) -> Dict[str, List[str]]:
    """``{query id: [gallery id, ...]}`` of a ``tools/retrieve.py --out``
    CSV, checked by the project's reader."""
    from landmark.retrieval.evaluation import read_retrieval_csv
    return read_retrieval_csv(path)
