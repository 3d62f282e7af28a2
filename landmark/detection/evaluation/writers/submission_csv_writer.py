"""``SubmissionCSVWriter``: ``tools/test.py`` writes a submission CSV."""
from typing import Dict, Optional, Sequence

from mmdet.registry import METRICS
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from landmark.core.arrays import to_numpy
from landmark.detection.evaluation.writers.submission_format import \
    SubmissionFormat
from landmark.detection.evaluation.writers.submission_rows import \
    write_submission_csv


@METRICS.register_module()
class SubmissionCSVWriter(BaseMetric):
    """Write the predictions of a test run to a submission CSV.

    Like MMDetection's ``DumpDetResults`` it is an evaluator "metric" that
    needs no ground truth: ``process()`` moves each image's predictions to
    the CPU, ``compute_metrics()`` (on rank 0, after all ranks' results
    are gathered) writes the file to a temporary name and renames it, so a
    crash never leaves half a file. It returns no metric.

    Args:
        out_file (str): Destination ``.csv``.
        class_names (Sequence[str], optional): Overrides the data set's
            ``classes`` for the label column.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Metric prefix. Defaults to ``'submission'``.
        **format_options: The options of
            :class:`~landmark.detection.evaluation.writers.SubmissionFormat`
            (``box_format``, ``normalized``, ``label_as``, ``with_score``,
            ``fields``, ``column_names``, ``image_id_from``,
            ``single_object``, ``no_prediction``, ``default_prediction``,
            ``score_thr``, ``decimals``).

    Examples:
        Export a test set without ground truth: list the photos in a COCO
        file (``tools/dataset_converters/images_to_coco.py photos/ --out
        test.json --classes-from train.json``), then run ``tools/test.py
        submit.py CKPT`` with a config ``submit.py`` such as:

        >>> _base_ = ['configs/dino/dino-4scale_swin-t_1xb2-native-res-'
        ...           '12e_landmark.py']
        >>> test_dataloader = dict(dataset=dict(
        ...     data_root='data/test/', ann_file='test.json'))
        >>> test_evaluator = dict(
        ...     _delete_=True,  # replaces the list of COCO metrics
        ...     type='SubmissionCSVWriter',
        ...     out_file='work_dirs/submission.csv',
        ...     box_format='xywh',
        ...     label_as='name',
        ...     column_names=dict(image_id='ImageID', label='LandmarkName'),
        ...     no_prediction='blank')

        With ground truth, add it beside the metrics of the config:

        >>> test_evaluator = [
        ...     dict(type='CocoMetric', ann_file=..., metric='bbox'),
        ...     dict(type='SingleObjectMetric', iou_thr=0.5),
        ...     dict(type='SubmissionCSVWriter', out_file='val.csv')]
    """
    default_prefix: Optional[str] = 'submission'

    def __init__(self,
                 out_file: str,
                 class_names: Optional[Sequence[str]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 **format_options) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if not str(out_file).lower().endswith('.csv'):
            raise ValueError(f'SubmissionCSVWriter.out_file must end with '
                             f'.csv, got {out_file!r}')
        self.out_file = out_file
        self.class_names = class_names
        self.format = SubmissionFormat(**format_options)

    def process(self, data_batch: dict, data_samples: Sequence) -> None:
        """Keep each image's id, path, size and predictions, on the CPU."""
        for sample in data_samples:
            if hasattr(sample, 'to_dict'):
                sample = sample.to_dict()
            pred = sample['pred_instances']
            self.results.append(
                dict(
                    img_id=sample.get('img_id'),
                    img_path=sample.get('img_path'),
                    ori_shape=tuple(sample['ori_shape'][:2]),
                    pred_instances={
                        key: to_numpy(pred[key])
                        for key in ('bboxes', 'scores', 'labels')
                    }))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Write the CSV; returns no metric."""
        class_names = self.class_names or (self.dataset_meta
                                           or {}).get('classes')
        if class_names is None and self.format.label_as == 'name':
            raise ValueError(
                'SubmissionCSVWriter writes class names but neither '
                'class_names nor the data set metainfo gives them')
        num_rows = write_submission_csv(results, self.out_file, self.format,
                                        class_names or ())
        MMLogger.get_current_instance().info(
            f'Wrote {num_rows} row(s) for {len(results)} image(s) to '
            f'{self.out_file}')
        return {}
