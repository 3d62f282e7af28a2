"""Top-1 metrics for scenes that hold one object."""
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmdet.evaluation.functional import bbox_overlaps
from mmdet.registry import METRICS
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from terminaltables import AsciiTable

from landmark.core.arrays import to_numpy
from landmark.detection.datasets.coco_ground_truth import \
    read_coco_ground_truth


def score_top1(pred_box: Optional[np.ndarray], pred_label: Optional[int],
               gt_boxes: np.ndarray, gt_labels: np.ndarray,
               iou_thr: float) -> dict:
    """Judge one image's top-1 prediction against its ground truth.

    Args:
        pred_box (np.ndarray, optional): The top-1 box, ``x1, y1, x2, y2``;
            None when the model predicted nothing.
        pred_label (int, optional): Its class index (None with no box).
        gt_boxes (np.ndarray): Ground-truth boxes, Nx4.
        gt_labels (np.ndarray): Their class indices, N.
        iou_thr (float): IoU needed for a right localization.

    Returns:
        dict: ``classified`` (the class is one of the image's), ``iou`` (the
        best IoU with a ground-truth box, any class), ``localized`` (right
        class AND IoU >= ``iou_thr`` with a box of that class: the ImageNet
        localization rule).
    """
    if pred_box is None or len(gt_boxes) == 0:
        return dict(classified=False, iou=0.0, localized=False)
    ious = bbox_overlaps(
        np.asarray(pred_box, np.float64).reshape(1, 4),
        np.asarray(gt_boxes, np.float64).reshape(-1, 4))[0]
    same_class = gt_labels == pred_label
    return dict(
        classified=bool(same_class.any()),
        iou=float(ious.max()),
        localized=bool((ious[same_class] >= iou_thr).any()))


@METRICS.register_module()
class SingleObjectMetric(BaseMetric):
    """Localization and classification accuracy of the top-1 prediction.

    Each image holds one object, so only the highest-scoring prediction
    counts. Per image it is judged by :func:`score_top1`; the metric reports

    - ``loc_acc``: top-1 localization accuracy, the share of images whose
      top-1 has the right class AND IoU >= ``iou_thr`` (ImageNet rule);
    - ``cls_acc``: the share whose top-1 class is right;
    - ``mean_iou``: the mean IoU of the top-1 box with the ground truth;
    - ``num_images`` and ``num_no_prediction`` (counted as wrong, IoU 0);
    - ``loc_acc_<class>`` per ground-truth class, also logged as a table.

    The ground truth is read from ``ann_file`` (every non-crowd box of the
    image counts, as in the ImageNet rule) when it is given, as
    MMDetection's ``CocoMetric`` does; otherwise it comes from the data
    samples, which then need ``LoadAnnotations`` placed AFTER the resize in
    the test pipeline (MMDetection's convention), so that the boxes stay in
    original pixels like the predictions.

    Args:
        ann_file (str, optional): COCO annotation file of the evaluated
            images. Defaults to None (use the data samples).
        iou_thr (float): IoU for a right localization. Defaults to 0.5.
        classwise (bool): Add ``loc_acc_<class>`` keys to the results.
            Defaults to True.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str): Prefix of the result keys. Defaults to
            ``'single_object'``.

    Examples:
        >>> val_evaluator = [
        ...     dict(type='CocoMetric', ann_file=..., metric='bbox'),
        ...     dict(type='SingleObjectMetric', ann_file=...)]
    """
    default_prefix: Optional[str] = 'single_object'

    def __init__(self,
                 ann_file: Optional[str] = None,
                 iou_thr: float = 0.5,
                 classwise: bool = True,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not 0.0 < iou_thr <= 1.0:
            raise ValueError(
                'SingleObjectMetric: iou_thr must be in (0, 1], got '
                f'{iou_thr}')
        self.iou_thr = iou_thr
        self.classwise = classwise
        self.ann_file = ann_file
        self._gt_by_image: Optional[Dict[int, dict]] = None
        self._file_classes: Tuple[str, ...] = ()
        if ann_file is not None:
            self._load_ground_truth(ann_file)

    def _load_ground_truth(self, ann_file: str) -> None:
        try:
            self._gt_by_image, self._file_classes = read_coco_ground_truth(
                ann_file)
        except (OSError, ValueError, KeyError) as err:
            raise ValueError(
                'SingleObjectMetric: cannot read the COCO annotation file '
                f'{ann_file!r} ({err!r})') from err

    def _ground_truth_from_file(self, img_id) -> Tuple[np.ndarray, np.ndarray]:
        """Boxes (xyxy) and class indices of an image from ``ann_file``.

        The file's classes map to the data set's by name (the file's own
        order when the data set names none)."""
        classes = list((self.dataset_meta or {}).get('classes') or ())
        if not classes:  # class index = rank of the category id
            classes = list(self._file_classes)
        gt = self._gt_by_image.get(img_id)
        if gt is None:
            return np.zeros((0, 4), np.float64), np.zeros(0, int)
        labels = []
        for file_label in gt['labels']:
            name = self._file_classes[file_label]
            if name not in classes:
                raise KeyError(
                    f'SingleObjectMetric: {self.ann_file}: category '
                    f'{name!r} of image {img_id} is not one of the data set '
                    f'classes {classes}')
            labels.append(classes.index(name))
        return gt['bboxes'], np.array(labels, dtype=int)

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Keep, per image, the top-1 prediction and the ground truth."""
        for sample in data_samples:
            pred = sample['pred_instances']
            scores = to_numpy(pred['scores']).reshape(-1)
            if self._gt_by_image is not None:
                gt_boxes, gt_labels = self._ground_truth_from_file(
                    sample.get('img_id'))
            else:
                gt = sample.get('gt_instances')
                if gt is None or 'bboxes' not in gt:
                    raise KeyError(
                        'SingleObjectMetric needs the ground truth of image '
                        f"{sample.get('img_path', sample.get('img_id'))!r}: "
                        'give it ann_file, or add dict(type=\'LoadAnnotations'
                        "', with_bbox=True) to the test pipeline")
                gt_boxes = to_numpy(gt['bboxes']).reshape(-1,
                                                          4).astype(np.float64)
                gt_labels = to_numpy(gt['labels']).reshape(-1).astype(int)
            result = dict(
                img_id=sample.get('img_id'),
                gt_boxes=gt_boxes,
                gt_labels=gt_labels,
                pred_box=None,
                pred_label=None,
                pred_score=None)
            if scores.size:
                best = int(scores.argmax())
                result['pred_box'] = to_numpy(pred['bboxes']).reshape(
                    -1, 4)[best].astype(np.float64)
                result['pred_label'] = int(to_numpy(pred['labels'])[best])
                result['pred_score'] = float(scores[best])
            self.results.append(result)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Aggregate the per-image judgements (see the class docstring)."""
        classes = (self.dataset_meta or {}).get('classes') or ()
        judged = [
            score_top1(r['pred_box'], r['pred_label'], r['gt_boxes'],
                       r['gt_labels'], self.iou_thr) for r in results
        ]
        num = len(judged)
        metrics: Dict[str, float] = OrderedDict()
        metrics['loc_acc'] = _mean([j['localized'] for j in judged])
        metrics['cls_acc'] = _mean([j['classified'] for j in judged])
        metrics['mean_iou'] = _mean([j['iou'] for j in judged])
        metrics['num_images'] = num
        metrics['num_no_prediction'] = sum(r['pred_box'] is None
                                           for r in results)
        rows = [['class', 'images', 'loc_acc', 'cls_acc', 'mean_iou']]
        labels = sorted({int(lab) for r in results for lab in r['gt_labels']})
        for label in labels:
            name = classes[label] if label < len(classes) else str(label)
            mine = [
                j for j, r in zip(judged, results) if label in r['gt_labels']
            ]
            loc = _mean([j['localized'] for j in mine])
            cls = _mean([j['classified'] for j in mine])
            iou = _mean([j['iou'] for j in mine])
            rows.append(
                [name,
                 len(mine), f'{loc:.3f}', f'{cls:.3f}', f'{iou:.3f}'])
            if self.classwise:
                metrics[f'loc_acc_{name}'] = loc
        rows.append([
            'all', num, f"{metrics['loc_acc']:.3f}",
            f"{metrics['cls_acc']:.3f}", f"{metrics['mean_iou']:.3f}"
        ])
        table = AsciiTable(
            rows, title=f'Top-1 per class (IoU>={self.iou_thr})')
        MMLogger.get_current_instance().info('\n' + table.table)
        return metrics


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values)) if len(values) else 0.0
