"""Accuracy, macro-F1, per-class recall/precision and a confusion matrix."""
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpretrain.evaluation import ConfusionMatrix
from mmpretrain.registry import METRICS

from landmark.classification.visualization.confusion_matrix_plot import \
    save_confusion_matrix_png


def report_from_confusion(matrix: torch.Tensor,
                          class_names: Sequence[str]) -> Dict[str, float]:
    """Accuracy, macro precision/recall/F1 and per-class recall and
    precision (in %) of a confusion matrix (rows true, columns predicted).
    A class never predicted has precision 0, as scikit-learn's
    ``zero_division=0``. The macro averages run over the classes present
    in the labels or the predictions (scikit-learn's default): a class
    that neither the data nor the model has does not pull them down.

    Examples:
        >>> m = torch.tensor([[2, 0], [1, 1]])  # 3 of 4 right
        >>> report_from_confusion(m, ['a', 'b'])['accuracy']
        75.0
    """
    matrix = torch.as_tensor(matrix, dtype=torch.float64)
    true_pos = matrix.diag()
    per_gt = matrix.sum(1)
    per_pred = matrix.sum(0)
    recall = torch.where(per_gt > 0, true_pos / per_gt.clamp(min=1), 0.)
    precision = torch.where(per_pred > 0, true_pos / per_pred.clamp(min=1), 0.)
    f1 = torch.where(
        precision + recall > 0,
        2 * precision * recall / (precision + recall).clamp(min=1e-12), 0.)
    present = (per_gt > 0) | (per_pred > 0)
    if not present.any():
        present = torch.ones_like(present)
    report = {
        'accuracy': float(true_pos.sum() / matrix.sum().clamp(min=1) * 100),
        'macro_precision': float(precision[present].mean() * 100),
        'macro_recall': float(recall[present].mean() * 100),
        'macro_f1': float(f1[present].mean() * 100),
    }
    for name, r, p in zip(class_names, recall, precision):
        report[f'recall/{name}'] = float(r * 100)
        report[f'precision/{name}'] = float(p * 100)
    return report


@METRICS.register_module()
class ClassificationReport(BaseMetric):
    """Accuracy, macro-F1 (and macro precision/recall), and recall and
    precision of every class, in %, from one confusion matrix
    (mmpretrain's ``ConfusionMatrix.calculate``); optionally the matrix
    drawn to a PNG.

    Args:
        confusion_png (str, optional): Where to draw the matrix.
        collect_device (str): Defaults to ``'cpu'``.
        prefix (str, optional): Defaults to ``'report'``.

    Examples:
        >>> val_evaluator = dict(type='ClassificationReport',
        ...                      confusion_png='work_dirs/confusion.png')
    """
    default_prefix: Optional[str] = 'report'

    def __init__(self,
                 confusion_png: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.confusion_png = confusion_png

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(
                dict(
                    pred=int(sample['pred_label'].view(-1)[0]),
                    gt=int(sample['gt_label'].view(-1)[0]),
                    num_classes=int(sample['pred_score'].numel())))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        num_classes = results[0]['num_classes']
        names = (self.dataset_meta
                 or {}).get('classes') or [str(i) for i in range(num_classes)]
        if len(names) != num_classes:
            raise ValueError(
                f'ClassificationReport: the model scores {num_classes} '
                f'classes but the data set has {len(names)} '
                f'({", ".join(names)}); expected the same number (the '
                'tools set the head from the data)')
        matrix = ConfusionMatrix.calculate(
            torch.tensor([r['pred'] for r in results]),
            torch.tensor([r['gt'] for r in results]),
            num_classes=num_classes)
        if self.confusion_png:
            save_confusion_matrix_png(matrix, names, self.confusion_png)
            MMLogger.get_current_instance().info(
                f'Confusion matrix drawn to {self.confusion_png}')
        return report_from_confusion(matrix, names)
