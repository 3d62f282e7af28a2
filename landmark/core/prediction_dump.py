"""``tools/test.py --out preds.pkl`` of the classification (and any task
that uses MMEngine's ``DumpResults``), written atomically.

MMEngine's ``DumpResults`` pickles the predictions with
``mmengine.fileio.dump``, which opens the destination and writes into it: a
full disk or a kill mid-write leaves a partial pickle under the final name
and the previous file gone. :class:`AtomicDumpResults` writes the same
pickle through :func:`landmark.core.atomic_io.write_bytes_atomic` (a
temporary file renamed once complete), so a full disk leaves the previous
file whole and ends the tool with one line naming the file and "no space
left", exit 2 (:mod:`landmark.core.full_disk`).
"""
import pickle
from typing import Any, Iterable, List

from mmengine.evaluator import DumpResults
from mmengine.logging import print_log
from mmengine.registry import METRICS

from landmark.core.atomic_io import write_bytes_atomic


def dump_predictions_atomic(results: List[Any], path: str) -> None:
    """Pickle ``results`` to ``path`` as MMEngine's pickle handler does
    (protocol 2), through a temporary file renamed once complete, and log
    it as ``DumpResults`` does."""
    write_bytes_atomic(pickle.dumps(results, protocol=2), path)
    print_log(f'Results has been saved to {path}.', logger='current')


@METRICS.register_module()
class AtomicDumpResults(DumpResults):
    """:class:`DumpResults` whose ``.pkl`` is written atomically; the file
    is the same pickle (protocol 2, as MMEngine's pickle handler writes).

    Args:
        out_file_path (str): The ``.pkl`` or ``.pickle`` to write.
        collect_device (str): As ``DumpResults``. Defaults to ``'cpu'``.
        collect_dir (str, optional): As ``DumpResults``.

    Examples:
        >>> test_evaluator = [
        ...     dict(type='Accuracy', topk=1),
        ...     dict(type='AtomicDumpResults', out_file_path='preds.pkl')]
    """

    def compute_metrics(self, results: List[Any]) -> dict:
        """Write the predictions; no metric."""
        dump_predictions_atomic(results, self.out_file_path)
        return {}


def atomic_prediction_dumps(metrics: Iterable) -> List:
    """``metrics`` with each plain MMEngine ``DumpResults`` replaced by an
    :class:`AtomicDumpResults` writing the same file (others unchanged).

    Examples:
        >>> metrics = atomic_prediction_dumps(
        ...     [DumpResults(out_file_path='preds.pkl')])
        >>> type(metrics[0]).__name__
        'AtomicDumpResults'
    """
    return [
        AtomicDumpResults(
            out_file_path=metric.out_file_path,
            collect_device=metric.collect_device,
            collect_dir=metric.collect_dir)
        if type(metric) is DumpResults else metric for metric in metrics
    ]
