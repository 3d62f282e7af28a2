"""Report plain and flip-TTA validation metrics side by side in training."""
import copy
from typing import Dict, Optional, Sequence

import torch
from mmdet.registry import HOOKS, MODELS
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from landmark.core.config_paths import innermost_dataset
from landmark.detection.models.tta import flip_tta_pipeline

# FusionTTAModel's defaults are the project's flip-TTA settings
# (landmark/detection/models/tta/tta_defaults.py).
DEFAULT_TTA_MODEL = dict(type='FusionTTAModel')


@HOOKS.register_module()
class TTAComparisonHook(Hook):
    """After each validation, validate again with flip TTA and log both.

    The TTA model wraps the model being trained (no copy), the data are the
    validation set through the TTA pipeline, and the metrics are those of
    ``val_evaluator``. The TTA results join the validation metrics under
    ``tta/`` (``tta/coco/bbox_mAP`` ...), so they are logged, plotted, and
    usable as ``CheckpointHook(save_best='tta/coco/bbox_mAP')``; a table of
    plain, TTA and their difference goes to the log.

    Args:
        interval (int): Compare every ``interval`` validations. Defaults to 1.
        tta_model (dict, optional): TTA model config without ``module``;
            defaults to the config's ``tta_model``, else
            ``FusionTTAModel`` with its defaults (flip + WBF). Unless
            given here, its ``single_object`` follows the config's
            ``single_object_top1`` when there is one, so that plain and TTA
            keep the same number of boxes.
        tta_pipeline (list[dict], optional): Data pipeline of the TTA views;
            defaults to the validation pipeline with a flip ``TestTimeAug``
            (:func:`flip_tta_pipeline`), so both runs see the same
            resolution.
        metric_keys (Sequence[str], optional): Metrics in the table; all by
            default.

    Examples:
        >>> custom_hooks = [dict(type='TTAComparisonHook', interval=1)]
    """

    priority = 'NORMAL'  # after RuntimeInfoHook, before LoggerHook

    def __init__(self,
                 interval: int = 1,
                 tta_model: Optional[dict] = None,
                 tta_pipeline: Optional[list] = None,
                 metric_keys: Optional[Sequence[str]] = None):
        if interval < 1:
            raise ValueError(f'TTAComparisonHook: interval={interval}; '
                             'expected a positive number of validations')
        self.interval = interval
        self.tta_model_cfg = tta_model
        self.tta_pipeline = tta_pipeline
        self.metric_keys = metric_keys
        self._num_vals = 0
        self._dataloader = None
        self._evaluator = None

    def _build(self, runner) -> None:
        cfg = runner.cfg
        loader_cfg = copy.deepcopy(cfg.val_dataloader)
        dataset = innermost_dataset(loader_cfg)
        pipeline = self.tta_pipeline or flip_tta_pipeline(dataset['pipeline'])
        dataset['pipeline'] = pipeline
        self._dataloader = runner.build_dataloader(loader_cfg)
        self._evaluator = runner.build_evaluator(
            copy.deepcopy(cfg.val_evaluator))
        self._evaluator.dataset_meta = getattr(self._dataloader.dataset,
                                               'metainfo', None)

    def _tta_model(self, runner) -> torch.nn.Module:
        cfg = copy.deepcopy(
            dict(
                self.tta_model_cfg or runner.cfg.get('tta_model')
                or DEFAULT_TTA_MODEL))
        if 'single_object_top1' in runner.cfg and not self.tta_model_cfg:
            # Compare like with like: top-1 only if the plain run is top-1
            # too (mAP rewards extra boxes).
            cfg['single_object'] = bool(runner.cfg.single_object_top1)
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        return MODELS.build(dict(cfg, module=model))

    def after_val_epoch(self,
                        runner,
                        metrics: Optional[Dict[str, float]] = None) -> None:
        """Validate with TTA and log plain / TTA metrics side by side."""
        self._num_vals += 1
        if metrics is None or self._num_vals % self.interval:
            return
        if self._dataloader is None:
            self._build(runner)
        tta_metrics = self.evaluate_tta(runner)
        for key, value in tta_metrics.items():
            metrics[f'tta/{key}'] = value
            if isinstance(value, (int, float)):
                runner.message_hub.update_scalar(f'val/tta/{key}', value)
        runner.logger.info('\n' + self.format_table(metrics, tta_metrics))

    def evaluate_tta(self, runner) -> Dict[str, float]:
        """Run the TTA model over the validation set; its metrics."""
        tta_model = self._tta_model(runner)
        was_training = tta_model.module.training
        tta_model.eval()
        try:
            with torch.no_grad():
                for data_batch in self._dataloader:
                    outputs = tta_model.test_step(data_batch)
                    self._evaluator.process(outputs, data_batch)
            return self._evaluator.evaluate(len(self._dataloader.dataset))
        finally:
            tta_model.module.train(was_training)

    def format_table(self, plain: Dict[str, float], tta: Dict[str,
                                                              float]) -> str:
        """Rows ``metric | plain | flip TTA | TTA - plain``."""
        keys = self.metric_keys or [
            k for k, v in tta.items()
            if isinstance(v, (int, float)) and k in plain
        ]
        width = max([len(k) for k in keys] + [6])
        lines = [
            f'{"metric":<{width}} {"plain":>9} {"flip TTA":>9} '
            f'{"TTA-plain":>10}'
        ]
        for key in keys:
            if key in plain and key in tta:
                gain = tta[key] - plain[key]
                lines.append(f'{key:<{width}} {plain[key]:>9.4f} '
                             f'{tta[key]:>9.4f} {gain:>+10.4f}')
        return '\n'.join(lines)
