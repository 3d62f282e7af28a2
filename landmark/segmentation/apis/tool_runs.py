"""What ``tools/train.py`` and ``tools/test.py`` do with a segmentation
config (``default_scope = 'mmseg'``), through the task-neutral runner steps
of :mod:`landmark.core.runner`."""
import argparse

from mmengine.config import Config

from landmark.core import runner as core_runner
from landmark.core.config_paths import innermost_dataset
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.segmentation.apis.segmentation_testing import \
    configure_segmentation_test

_USER_ERRORS = (PretrainedWeightsError, FileNotFoundError, KeyError,
                ValueError)


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every data loader's dataset at ``data_root`` (same layout)."""
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(key):
            innermost_dataset(cfg[key])['data_root'] = data_root


def _unsupported(args: argparse.Namespace, names) -> None:
    for name in names:
        if getattr(args, name, None):
            flag = '--' + name.replace('_', '-')
            raise ValueError(f'{flag} is a detection flag; a segmentation '
                             'config sets its sizes in its pipelines')


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s flags; 2 on a bad input."""
    try:
        _unsupported(args, ('max_pixels', 'max_long_side'))
        cfg = core_runner.load_config(args.config, args.cfg_options,
                                      args.launcher, args.work_dir,
                                      args.data_root, set_data_root)
        if args.amp:
            core_runner.apply_amp(cfg)
        if args.auto_scale_lr:
            core_runner.apply_auto_scale_lr(cfg, args.config)
        core_runner.apply_resume(cfg, args.resume)
        core_runner.apply_pretrained_weights(cfg, args.from_scratch)
        core_runner.prepare_cpu_distributed(cfg)
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    return core_runner.run_training(cfg)


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s flags: ``--tta`` is view-weighted flip
    TTA; several checkpoints (comma-separated) are an ensemble of their
    probabilities; ``--out`` ending in ``.csv`` writes the run-length CSV.
    2 on a bad input."""
    try:
        _unsupported(args, ('max_pixels', 'max_long_side', 'show'))
        cfg = core_runner.load_config(args.config, args.cfg_options,
                                      args.launcher, args.work_dir,
                                      args.data_root, set_data_root)
        cfg = configure_segmentation_test(cfg, args.checkpoint.split(','),
                                          args.tta)
        if args.show_dir:
            cfg.default_hooks.visualization = dict(
                type='SegVisualizationHook', draw=True, interval=1)
            cfg.visualizer['save_dir'] = args.show_dir
        if args.out is not None:
            if not args.out.endswith('.csv'):
                raise ValueError(f'--out {args.out!r}: a segmentation test '
                                 'writes a run-length .csv')
            metrics = cfg.test_evaluator
            metrics = list(metrics) if isinstance(metrics,
                                                  (list,
                                                   tuple)) else [metrics]
            cfg.test_evaluator = metrics + [
                dict(type='RLECSVWriter', out_file=args.out)
            ]
        core_runner.prepare_cpu_distributed(cfg)
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    return core_runner.run_testing(cfg)
