"""mAP@k and recall@k of a retrieval model during training and testing."""
from typing import List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmpretrain.registry import METRICS

from landmark.retrieval.evaluation.metrics.retrieval_scores import (
    mean_average_precision, recall_of_relevance)
from landmark.retrieval.search.exact_search import top_k_in_gallery_order


@METRICS.register_module()
class RetrievalMAPMetric(BaseMetric):
    """The Google Landmarks retrieval score, mAP@k (``k = 100``), and
    recall@1/5/10, of each query's similarities to the gallery.

    Each data sample needs ``pred_score``, the ``(G,)`` similarity of the
    query to every gallery image, as mmpretrain's ``ImageToImageRetriever``
    predicts them (the gallery, its ``prototype``, embedded once per
    evaluation by ``PrepareProtoBeforeValLoopHook``), and ``gt_label``, the
    indices of the query's relevant gallery images (``QueryCsvDataset``).
    Only each query's top ``max(k, recall ks)`` results are kept between
    batches.

    Unlike mmpretrain's ``RetrievalAveragePrecision`` (``AP = sum P(i)
    rel(i) / m``, in percent, NaN for a query without relevant images),
    AP@k divides by ``min(m, k)`` and queries without relevant images are
    left out, as Kaggle's metric does; the two agree when every query has
    at most ``k`` relevant images. Scores are fractions in [0, 1].

    Args:
        topk (int): ``k`` of mAP@k. Defaults to 100.
        recall_ks (Sequence[int]): Defaults to (1, 5, 10).
        collect_device (str): Defaults to 'cpu'.
        prefix (str, optional): Defaults to ``'retrieval'``.

    Examples:
        >>> val_evaluator = dict(type='RetrievalMAPMetric', topk=100)
    """
    default_prefix = 'retrieval'

    def __init__(self,
                 topk: int = 100,
                 recall_ks: Sequence[int] = (1, 5, 10),
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if topk < 1 or any(k < 1 for k in recall_ks):
            raise ValueError(f'RetrievalMAPMetric: topk={topk}, recall_ks='
                             f'{tuple(recall_ks)}; expected positive ints')
        self.topk = topk
        self.recall_ks = tuple(recall_ks)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        depth = max((self.topk, ) + self.recall_ks)
        for sample in data_samples:
            if 'pred_score' not in sample or 'gt_label' not in sample:
                raise KeyError(
                    'RetrievalMAPMetric: a sample without pred_score or '
                    'gt_label; expected gallery similarities '
                    '(ImageToImageRetriever) and the relevant gallery '
                    'indices (QueryCsvDataset)')
            scores = torch.as_tensor(sample['pred_score']).float().cpu()
            relevant = torch.as_tensor(sample['gt_label']).long().cpu()
            _, top = top_k_in_gallery_order(scores[None],
                                            min(depth, len(scores)))
            top = top[0]
            hits = torch.isin(top, relevant).numpy()
            ranked = np.zeros(depth, bool)
            ranked[:len(hits)] = hits
            self.results.append((ranked, int(relevant.numel())))

    def compute_metrics(self, results: List) -> dict:
        relevance = np.stack([r for r, _ in results])
        num_relevant = np.array([m for _, m in results])
        metrics = {
            f'mAP@{self.topk}':
            mean_average_precision(relevance, num_relevant, self.topk)
        }
        for k, value in recall_of_relevance(relevance, num_relevant,
                                            self.recall_ks).items():
            metrics[f'recall@{k}'] = value
        return metrics
