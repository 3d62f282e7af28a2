"""``tools/test.py --out``: MMDetection's pickle of predictions, written
atomically."""
from typing import Any, List

from mmdet.evaluation import DumpDetResults
from mmdet.registry import METRICS

from landmark.core.prediction_dump import dump_predictions_atomic


@METRICS.register_module()
class AtomicDumpDetResults(DumpDetResults):
    """:class:`DumpDetResults` writing its ``.pkl`` through
    :func:`landmark.core.prediction_dump.dump_predictions_atomic`: a crash
    or a full disk leaves the previous file whole and no partial one under
    its name (MMEngine's ``dump`` writes in place). The file is the same
    pickle.

    Examples:
        >>> test_evaluator = [
        ...     dict(type='CocoMetric', ann_file='val.json'),
        ...     dict(type='AtomicDumpDetResults', out_file_path='preds.pkl')]
    """

    def compute_metrics(self, results: List[Any]) -> dict:
        """Write the predictions; no metric."""
        dump_predictions_atomic(results, self.out_file_path)
        return {}
