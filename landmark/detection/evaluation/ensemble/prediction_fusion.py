"""Fuse the saved predictions of several models or epochs image by image."""
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from landmark.core.prediction_pickles import prediction_record
from landmark.detection.models.tta import BoxFuser

Record = Dict[str, Any]


def image_key(record: Record) -> Any:
    """How one image is recognised across prediction files: its path, or its
    id when the file has no paths."""
    return record.get('img_path') or record.get('img_id')


def fuse_prediction_sets(
        prediction_sets: Sequence[Sequence[Record]],
        fuser: BoxFuser,
        weights: Optional[Sequence[float]] = None,
        names: Optional[Sequence[str]] = None
) -> Tuple[List[Record], List[str]]:
    """Fuse several models' (or epochs') predictions of the same images.

    Images are matched by path (id if there is none). An image that a member
    lacks is fused as if that member found nothing there (its weight still
    counts) and reported; nothing else is lost.

    Args:
        prediction_sets (Sequence[Sequence[dict]]): One list of records per
            member, as :func:`load_prediction_pickle` returns them.
        fuser (BoxFuser): How to fuse one image's boxes.
        weights (Sequence[float], optional): One weight per member; 1 each
            by default.
        names (Sequence[str], optional): Member names for the report
            (e.g. the file names).

    Returns:
        tuple[list[dict], list[str]]: Fused records in the order of the first
        member (then images only later members have), and one line per image
        some member lacked.
    """
    if not prediction_sets:
        raise ValueError('no prediction sets to fuse; expected at least one')
    if weights is not None and len(weights) != len(prediction_sets):
        raise ValueError(f'{len(weights)} weights for '
                         f'{len(prediction_sets)} prediction files; expected '
                         'one weight per file')
    names = names or [f'member {i}' for i in range(len(prediction_sets))]
    indexed = []
    order: List[Any] = []
    seen = set()
    for records in prediction_sets:
        by_key = {}
        for record in records:
            key = image_key(record)
            by_key[key] = record
            if key not in seen:
                seen.add(key)
                order.append(key)
        indexed.append(by_key)

    fused_records, problems = [], []
    empty = dict(
        bboxes=np.zeros((0, 4)),
        scores=np.zeros(0),
        labels=np.zeros(0, np.int64))
    for key in order:
        present = [by_key[key] for by_key in indexed if key in by_key]
        lacking = [n for n, by_key in zip(names, indexed) if key not in by_key]
        if lacking:
            problems.append(f'{key}: no prediction in {", ".join(lacking)}; '
                            'fused as if those found nothing')
        first = present[0]
        preds = [
            by_key[key]['pred_instances'] if key in by_key else empty
            for by_key in indexed
        ]
        shapes = [
            by_key[key]['ori_shape'] if key in by_key else first['ori_shape']
            for by_key in indexed
        ]
        boxes, scores, labels = fuser([p['bboxes'] for p in preds],
                                      [p['scores'] for p in preds],
                                      [p['labels'] for p in preds],
                                      shapes,
                                      weights=weights,
                                      out_shape=first['ori_shape'])
        fused_records.append(prediction_record(first, boxes, scores, labels))
    return fused_records, problems
