"""Writes predicted masks as a run-length CSV, as an evaluator metric."""
import os.path as osp
from typing import Dict, Optional, Sequence

from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger
from mmseg.registry import METRICS

from landmark.core.submission import UniqueImageIds
from landmark.segmentation.evaluation.rle_csv import (RLECSVError, rle_rows,
                                                      sort_rle_rows,
                                                      write_rle_csv)
from landmark.segmentation.evaluation.run_length import RLE_ORDERS


@METRICS.register_module()
class RLECSVWriter(BaseMetric):
    """One row per image and class (``image_id,class_name,height,width,
    rle``) of the predicted mask, written atomically to ``out_file``.

    ``image_id`` is the image's file name without extension (as
    ``tools/infer.py`` names it); two images with one name (``a/0.jpg`` and
    ``b/0.jpg``) are refused, naming both, before anything is written. Add
    it beside the metrics to write while testing; read the file back with
    :func:`~landmark.segmentation.evaluation.read_rle_csv` and check it with
    :func:`~landmark.segmentation.evaluation.check_rle_csv` (same
    ``order`` / ``one_based``).

    Args:
        out_file (str): The CSV to write.
        order (str): ``'row-major'`` or ``'column-major'``. Defaults to
            ``'row-major'``.
        one_based (bool): Starts counted from 1. Defaults to True.
        class_ids (Sequence[int], optional): Classes to write; defaults to
            every class but 0 (background).

    Examples:
        >>> test_evaluator = [
        ...     dict(type='IoUDiceMetric'),
        ...     dict(type='RLECSVWriter', out_file='work_dirs/rle.csv',
        ...          order='column-major', one_based=True)]
    """

    default_prefix = 'rle'

    def __init__(self,
                 out_file: str,
                 order: str = 'row-major',
                 one_based: bool = True,
                 class_ids: Optional[Sequence[int]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        if order not in RLE_ORDERS:
            raise ValueError(f'RLECSVWriter: order={order!r}; expected one '
                             f'of {", ".join(RLE_ORDERS)}')
        self.out_file = out_file
        self.order = order
        self.one_based = one_based
        self.class_ids = None if class_ids is None else list(class_ids)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Encode each prediction on the CPU (strings, not masks, are
        kept)."""
        for sample in data_samples:
            labels = sample['pred_sem_seg']['data'].squeeze(0).cpu().numpy()
            image_id = osp.splitext(osp.basename(sample['img_path']))[0]
            # one result per image: mmengine cuts results to the data size
            rows = rle_rows(image_id, labels, self.dataset_meta['classes'],
                            self.class_ids, self.order, self.one_based)
            self.results.append((sample['img_path'], rows))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Write the rows; the number of rows is the reported value.

        Raises:
            RLECSVError: Two images have one ``image_id``; names both.
        """
        ids = UniqueImageIds('the CSV names images by file name without '
                             'extension; rename one of them')
        for img_path, image_rows in results:
            try:
                ids.add(osp.splitext(osp.basename(img_path))[0], img_path)
            except ValueError as err:
                raise RLECSVError(f'{self.out_file}: {err}') from None
        rows = sort_rle_rows(row for _, image_rows in results
                             for row in image_rows)
        write_rle_csv(self.out_file, rows)
        MMLogger.get_current_instance().info(
            f'RLECSVWriter: {len(rows)} rows ({self.order}, '
            f'{"1" if self.one_based else "0"}-based) -> {self.out_file}')
        return dict(rows=len(rows))
