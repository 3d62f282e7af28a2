"""Fuse the boxes of several views (or models) of one image.

The fusers come from the ``ensemble-boxes`` package, which expects boxes
normalised to ``[0, 1]``: every view is normalised with its *own* image shape
(``(height, width)``), fused, and the result mapped back to pixels of the
output shape (by default the first view's).

``ensemble-boxes`` prints warnings, or even calls ``exit()``, on inputs it
does not like (mismatched lengths, boxes outside ``[0, 1]``, zero-area
boxes); :func:`fuse_boxes` checks lengths itself, clips boxes to the image and
drops zero-area boxes first, so the package sees clean input.
"""
from typing import List, Optional, Sequence, Tuple

import numpy as np

FUSION_METHODS = ('wbf', 'nmw', 'soft_nms', 'nms')
CONF_TYPES = ('avg', 'max', 'box_and_model_avg', 'absent_model_aware_avg')

FusedBoxes = Tuple[np.ndarray, np.ndarray, np.ndarray]


def empty_fused_boxes() -> FusedBoxes:
    """Boxes ``(0, 4)``, scores ``(0,)`` and labels ``(0,)`` of no object."""
    return (np.zeros((0, 4), dtype=np.float64), np.zeros(0, dtype=np.float64),
            np.zeros(0, dtype=np.int64))


def normalize_boxes(boxes: np.ndarray,
                    image_shape: Sequence[int]) -> np.ndarray:
    """Divide pixel ``xyxy`` boxes by the image width / height, clip to 1.

    Args:
        boxes (np.ndarray): ``(N, 4)`` boxes in pixels.
        image_shape (Sequence[int]): ``(height, width)`` of their image.

    Returns:
        np.ndarray: ``(N, 4)`` boxes in ``[0, 1]``.
    """
    height, width = image_shape[:2]
    scale = np.array([width, height, width, height], dtype=np.float64)
    return np.clip(np.asarray(boxes, dtype=np.float64) / scale, 0.0, 1.0)


def denormalize_boxes(boxes: np.ndarray,
                      image_shape: Sequence[int]) -> np.ndarray:
    """Map ``[0, 1]`` boxes to pixels of an image of ``(height, width)``."""
    height, width = image_shape[:2]
    scale = np.array([width, height, width, height], dtype=np.float64)
    return np.asarray(boxes, dtype=np.float64).reshape(-1, 4) * scale


def _check_view(index: int, boxes: np.ndarray, scores: np.ndarray,
                labels: np.ndarray) -> None:
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f'view {index}: boxes have shape {boxes.shape}; '
                         'expected (N, 4) xyxy boxes')
    if not len(boxes) == len(scores) == len(labels):
        raise ValueError(
            f'view {index}: {len(boxes)} boxes, {len(scores)} scores and '
            f'{len(labels)} labels; expected one score and label per box')


def check_fusion_args(method: str, conf_type: str, iou_thr: float) -> None:
    """Refuse a fusion method, WBF score or IoU threshold that
    :func:`fuse_boxes` cannot use.

    Raises:
        ValueError: Names the bad value and the accepted ones.
    """
    if method not in FUSION_METHODS:
        raise ValueError(f'unknown fusion method {method!r}; expected one of '
                         f'{", ".join(FUSION_METHODS)}')
    if conf_type not in CONF_TYPES:
        raise ValueError(f'unknown conf_type {conf_type!r}; expected one of '
                         f'{", ".join(CONF_TYPES)}')
    if not 0.0 <= iou_thr <= 1.0:
        raise ValueError(f'iou_thr={iou_thr}; expected a value in [0, 1]')


def fuse_boxes(boxes_list: Sequence[np.ndarray],
               scores_list: Sequence[np.ndarray],
               labels_list: Sequence[np.ndarray],
               image_shapes: Sequence[Sequence[int]],
               method: str = 'wbf',
               weights: Optional[Sequence[float]] = None,
               iou_thr: float = 0.55,
               skip_box_thr: float = 0.0,
               conf_type: str = 'avg',
               sigma: float = 0.5,
               soft_nms_thr: float = 0.001,
               out_shape: Optional[Sequence[int]] = None) -> FusedBoxes:
    """Fuse the boxes of several views of one image into one set of boxes.

    Args:
        boxes_list (Sequence[np.ndarray]): ``(N_i, 4)`` pixel ``xyxy`` boxes
            of each view, already in the original image's orientation.
        scores_list (Sequence[np.ndarray]): ``(N_i,)`` scores of each view.
        labels_list (Sequence[np.ndarray]): ``(N_i,)`` class indices.
        image_shapes (Sequence[Sequence[int]]): ``(height, width)`` each view's
            boxes are measured in.
        method (str): ``'wbf'`` (weighted boxes fusion), ``'nmw'``
            (non-maximum weighted), ``'soft_nms'`` or ``'nms'``.
            Defaults to ``'wbf'``.
        weights (Sequence[float], optional): One weight per view. Defaults to
            1 for each.
        iou_thr (float): IoU above which boxes are the same object.
            Defaults to 0.55.
        skip_box_thr (float): Boxes scoring below it are dropped first.
            Defaults to 0.0.
        conf_type (str): How WBF scores a cluster (``'avg'``, ``'max'``,
            ``'box_and_model_avg'``, ``'absent_model_aware_avg'``).
            Defaults to ``'avg'``.
        sigma (float): Gaussian soft-NMS sigma. Defaults to 0.5.
        soft_nms_thr (float): Soft-NMS drops boxes whose decayed score falls
            below it. Note that ``ensemble-boxes`` returns the kept boxes with
            their weighted input scores, not the decayed ones.
            Defaults to 0.001.
        out_shape (Sequence[int], optional): ``(height, width)`` of the
            returned pixel boxes. Defaults to ``image_shapes[0]``.

    Returns:
        tuple[np.ndarray]: Pixel boxes ``(M, 4)``, scores ``(M,)`` and int64
        labels ``(M,)``, best score first.

    Examples:
        >>> box = np.array([[10., 20., 50., 60.]])
        >>> fused, scores, labels = fuse_boxes(
        ...     [box, box + 2], [np.array([.9]), np.array([.9])],
        ...     [np.array([0]), np.array([0])], [(100, 100), (100, 100)])
        >>> fused.round(3).tolist()  # the mean of the two boxes
        [[11.0, 21.0, 51.0, 61.0]]
    """
    check_fusion_args(method, conf_type, iou_thr)
    num_views = len(boxes_list)
    if not num_views == len(scores_list) == len(labels_list) == len(
            image_shapes):
        raise ValueError(
            f'{len(boxes_list)} box arrays, {len(scores_list)} score arrays, '
            f'{len(labels_list)} label arrays and {len(image_shapes)} image '
            'shapes; expected one of each per view')
    if weights is None:
        weights = [1.0] * num_views
    if len(weights) != num_views:
        raise ValueError(f'{len(weights)} weights for {num_views} views; '
                         'expected one weight per view')
    out_shape = image_shapes[0] if out_shape is None else out_shape

    views: List[tuple] = []
    for index in range(num_views):
        boxes = np.asarray(boxes_list[index], dtype=np.float64).reshape(-1, 4)
        scores = np.asarray(scores_list[index], dtype=np.float64).reshape(-1)
        labels = np.asarray(labels_list[index]).reshape(-1).astype(np.int64)
        _check_view(index, boxes, scores, labels)
        boxes = normalize_boxes(boxes, image_shapes[index])
        keep = ((boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
                & (scores >= skip_box_thr))
        # An empty view stays in: its weight still counts, so a box that
        # only some views found scores lower (WBF 'avg', NMS).
        views.append(
            (boxes[keep], scores[keep], labels[keep], float(weights[index])))
    if not any(len(view[1]) for view in views):
        return empty_fused_boxes()

    boxes_in, scores_in, labels_in, view_weights = (
        list(x) for x in zip(*views))
    # Local import: ensemble_boxes pulls in numba, which is slow to load.
    import ensemble_boxes
    # each fuser and the options only it takes
    fuser, options = {
        'wbf': (ensemble_boxes.weighted_boxes_fusion,
                dict(skip_box_thr=skip_box_thr, conf_type=conf_type)),
        'nmw': (ensemble_boxes.non_maximum_weighted,
                dict(skip_box_thr=skip_box_thr)),
        'soft_nms': (ensemble_boxes.soft_nms,
                     dict(sigma=sigma, thresh=soft_nms_thr)),
        'nms': (ensemble_boxes.nms, {}),
    }[method]
    fused = fuser(
        boxes_in,
        scores_in,
        labels_in,
        weights=view_weights,
        iou_thr=iou_thr,
        **options)
    boxes, scores, labels = (np.asarray(x) for x in fused)
    order = np.argsort(-scores, kind='stable')
    return (denormalize_boxes(boxes[order], out_shape),
            scores[order].astype(np.float64), labels[order].astype(np.int64))


def vote_single_object_label(scores_list: Sequence[np.ndarray],
                             labels_list: Sequence[np.ndarray],
                             weights: Optional[Sequence[float]] = None,
                             skip_box_thr: float = 0.0) -> Optional[int]:
    """The class of a single-object scene: largest summed weighted score.

    Each view votes for every class it predicts with its best score of that
    class times the view's weight; the votes of a class are summed over the
    views. With weights ``(2, 1)``, a first view saying tower 0.6 and a second
    saying dome 0.9 give tower ``2 * 0.6 = 1.2`` against dome ``0.9``: tower.

    Args:
        scores_list (Sequence[np.ndarray]): Scores of each view.
        labels_list (Sequence[np.ndarray]): Labels of each view.
        weights (Sequence[float], optional): One weight per view; 1 each by
            default.
        skip_box_thr (float): Boxes scoring below it do not vote.
            Defaults to 0.0.

    Returns:
        int or None: The winning class, None if no view has a box.
    """
    weights = [1.0] * len(scores_list) if weights is None else weights
    votes = {}
    for scores, labels, weight in zip(scores_list, labels_list, weights):
        best = {}
        for score, label in zip(
                np.asarray(scores).reshape(-1),
                np.asarray(labels).reshape(-1)):
            if score >= skip_box_thr:
                best[int(label)] = max(best.get(int(label), 0.0), float(score))
        for label, score in best.items():
            votes[label] = votes.get(label, 0.0) + weight * score
    if not votes:
        return None
    # Ties go to the smaller class index, so the result never depends on the
    # order of the views.
    return min(votes, key=lambda label: (-votes[label], label))


def keep_single_object(fused: FusedBoxes, label: Optional[int]) -> FusedBoxes:
    """Keep the best fused box of ``label`` (the best box if it has none).

    Args:
        fused (tuple[np.ndarray]): Boxes, scores and labels, best first, as
            :func:`fuse_boxes` returns them.
        label (int, optional): The class of the object, e.g. from
            :func:`vote_single_object_label`.

    Returns:
        tuple[np.ndarray]: At most one box, its score and label.
    """
    boxes, scores, labels = fused
    if len(scores) == 0:
        return empty_fused_boxes()
    matches = np.flatnonzero(labels == label) if label is not None else []
    index = int(matches[0]) if len(matches) else 0
    return boxes[index:index + 1], scores[index:index +
                                          1], labels[index:index + 1]
