"""``ClassCsvWriter``: ``tools/test.py`` writes ``image,label,score``."""
from typing import Dict, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpretrain.registry import METRICS

from landmark.classification.evaluation.rank_decoding import (DECODERS,
                                                              decode_labels)
from landmark.classification.evaluation.writers.class_scores_csv import \
    write_class_csv
from landmark.core.arrays import to_numpy


@METRICS.register_module()
class ClassCsvWriter(BaseMetric):
    """Write each test image's label and score to a CSV, as an evaluator
    metric (as MMDetection's ``DumpDetResults``): ``process()`` keeps the
    scores on the CPU, ``compute_metrics()`` writes the file atomically and
    returns no metric.

    Args:
        out_file (str): Destination ``.csv``.
        top_k (int): Labels (and scores) per row. Defaults to 1.
        decoder (str): ``'argmax'``, or, with ``proportions``, ``'greedy'``,
            ``'hungarian'`` or ``'expected_rank'`` (see
            :mod:`~landmark.classification.evaluation.rank_decoding`).
        proportions (Sequence[float], optional): Known share of each class
            in the test set.
        class_names (Sequence[str], optional): Overrides the dataset's.

    Examples:
        >>> test_evaluator = [dict(type='Accuracy'),
        ...                   dict(type='ClassCsvWriter', top_k=3,
        ...                        out_file='work_dirs/test.csv')]
    """
    default_prefix: Optional[str] = 'csv'

    def __init__(self,
                 out_file: str,
                 top_k: int = 1,
                 decoder: str = 'argmax',
                 proportions: Optional[Sequence[float]] = None,
                 class_names: Optional[Sequence[str]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not str(out_file).lower().endswith('.csv'):
            raise ValueError(f'ClassCsvWriter.out_file={out_file!r}; '
                             'expected a name ending in .csv')
        # fail before a whole test run, not after it
        if decoder not in DECODERS:
            raise ValueError(f'ClassCsvWriter: decoder={decoder!r}; '
                             f'expected one of {DECODERS}')
        if decoder != 'argmax' and proportions is None:
            raise ValueError(f'ClassCsvWriter: decoder={decoder!r} needs '
                             'proportions (the share of each class)')
        self.out_file = out_file
        self.top_k = top_k
        self.decoder = decoder
        self.proportions = proportions
        self.class_names = class_names

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(
                dict(
                    img_path=sample.get('img_path', ''),
                    pred_score=to_numpy(sample['pred_score'])))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        names = self.class_names or (self.dataset_meta or {}).get('classes')
        if names is None:
            raise ValueError('ClassCsvWriter: neither class_names nor the '
                             'dataset metainfo gives the class names')
        if self.decoder != 'argmax':
            labels = decode_labels(
                np.stack([r['pred_score'] for r in results]), self.decoder,
                self.proportions)
            results = [dict(r, label=lb) for r, lb in zip(results, labels)]
        rows = write_class_csv(results, self.out_file, names, self.top_k)
        MMLogger.get_current_instance().info(
            f'Wrote {rows} row(s) to {self.out_file}')
        return {}
