"""``tools/test.py --out``: MMDetection's pickle of predictions, written
atomically."""
import pickle
from typing import Any, List

from mmdet.evaluation import DumpDetResults
from mmdet.registry import METRICS
from mmengine.logging import print_log

from landmark.core.atomic_io import write_bytes_atomic


@METRICS.register_module()
class AtomicDumpDetResults(DumpDetResults):
    """:class:`DumpDetResults` writing its ``.pkl`` through
    :func:`landmark.core.atomic_io.write_bytes_atomic`: a crash or a full
    disk leaves the previous file whole and no partial one under its name
    (MMEngine's ``dump`` writes in place). The file is the same pickle.

    Examples:
        >>> test_evaluator = [
        ...     dict(type='CocoMetric', ann_file='val.json'),
        ...     dict(type='AtomicDumpDetResults', out_file_path='preds.pkl')]
    """

    def compute_metrics(self, results: List[Any]) -> dict:
        """Write the predictions; no metric."""
        # protocol 2, as MMEngine's pickle handler writes it
        write_bytes_atomic(pickle.dumps(results, protocol=2),
                           self.out_file_path)
        print_log(f'Results has been saved to {self.out_file_path}.',
                  logger='current')
        return {}
