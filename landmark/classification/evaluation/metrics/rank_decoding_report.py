"""Argmax and a rank decoder side by side in ``tools/test.py``."""
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmpretrain.registry import METRICS

from landmark.classification.evaluation.rank_decoding import DECODERS
from landmark.core.arrays import to_numpy


@METRICS.register_module()
class RankDecodingReport(BaseMetric):
    """Accuracy and macro-F1 (%) of the argmax labels and of the labels a
    rank decoder gives when the class shares of the test set are known
    (``rank_decoding`` in the config, as ``tools/infer.py`` reads it).
    Keys ``argmax/accuracy``, ``<decoder>/accuracy``, ``.../macro_f1``.

    Args:
        decoder (str): ``'greedy'``, ``'hungarian'`` or ``'expected_rank'``.
        proportions (Sequence[float], optional): Share of each class in the
            test set; None takes the test labels' own shares (an upper
            bound: the shares are rarely known exactly).

    Examples:
        >>> # tools/test.py CONFIG CKPT --cfg-options \\
        >>> #     rank_decoding.decoder=hungarian \\
        >>> #     rank_decoding.proportions=[0.2,0.2,0.2,0.2,0.1,0.1]
        >>> test_evaluator = dict(type='RankDecodingReport',
        ...                       decoder='hungarian')
    """
    default_prefix: Optional[str] = 'decoding'

    def __init__(self,
                 decoder: str = 'hungarian',
                 proportions: Optional[Sequence[float]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if decoder not in DECODERS or decoder == 'argmax':
            raise ValueError(f'rank_decoding.decoder={decoder!r}; expected '
                             f'one of {[d for d in DECODERS[1:]]}')
        self.decoder = decoder
        self.proportions = proportions

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            self.results.append(
                dict(
                    score=to_numpy(sample['pred_score']),
                    gt=int(to_numpy(sample['gt_label']).reshape(-1)[0])))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        # imported here: decoder_comparison imports this package's
        # classification_report, so a module-level import is circular
        from landmark.classification.evaluation.decoder_comparison import \
            compare_decoders
        scores = np.stack([r['score'] for r in results])
        labels = np.array([r['gt'] for r in results])
        names = (self.dataset_meta or {}).get('classes') or [
            str(i) for i in range(scores.shape[1])
        ]
        if self.proportions is not None and \
                len(self.proportions) != scores.shape[1]:
            raise ValueError(
                f'rank_decoding.proportions has {len(self.proportions)} '
                f'shares for {scores.shape[1]} classes; expected one per '
                'class')
        report = compare_decoders(scores, labels, names, self.proportions,
                                  ('argmax', self.decoder))
        shares = 'the test labels\' own shares' if self.proportions is None \
            else f'proportions {list(self.proportions)}'
        lines = [f'rank decoding ({shares}):',
                 f"{'decoder':<14} accuracy  macro-F1"]
        lines += [
            f"{name:<14} {r['accuracy']:8.2f}  {r['macro_f1']:8.2f}"
            for name, r in report.items()
        ]
        MMLogger.get_current_instance().info('\n'.join(lines))
        return {
            f'{name}/{key}': value
            for name, r in report.items()
            for key, value in r.items() if key in ('accuracy', 'macro_f1')
        }
