"""What ``tools/train.py`` and ``tools/test.py`` do with a classification
config (``default_scope = 'mmpretrain'``): the same flags as for detection,
run in mmpretrain's scope."""
import argparse
import sys

from mmengine.runner import Runner

from landmark.classification.apis.model_budget import ModelBudgetError
from landmark.classification.apis.runner_setup import (prediction_writer,
                                                       prepare_test_config,
                                                       prepare_train_config)
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.runner import finish_distributed

_USER_ERRORS = (ModelBudgetError, PretrainedWeightsError, FileNotFoundError,
                KeyError, ValueError)


def _refuse(err: Exception) -> int:
    print(f'error: {err.args[0] if err.args else err}', file=sys.stderr)
    return 2


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s parsed flags; 2 on a bad input."""
    if getattr(args, 'max_pixels', None) or getattr(args, 'max_long_side',
                                                    None):
        return _refuse(
            ValueError(
                '--max-pixels/--max-long-side are detection flags; a '
                'classification config sets its image size in its pipelines'))
    try:
        cfg = prepare_train_config(
            args.config,
            work_dir=args.work_dir,
            resume=args.resume,
            amp=args.amp,
            auto_scale_lr=args.auto_scale_lr,
            cfg_options=args.cfg_options,
            launcher=args.launcher,
            data_root=args.data_root,
            from_scratch=args.from_scratch)
    except _USER_ERRORS as err:
        return _refuse(err)
    Runner.from_cfg(cfg).train()
    finish_distributed()
    return 0


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s parsed flags (``--out`` takes a .csv
    (``image,label,score``) or a .pkl); 2 on a bad input."""
    if args.show or args.show_dir:
        return _refuse(
            ValueError('--show/--show-dir draw boxes; a '
                       'classification test has none to draw'))
    try:
        writer = prediction_writer(args.out) if args.out else None
        cfg = prepare_test_config(
            args.config,
            args.checkpoint,
            work_dir=args.work_dir,
            cfg_options=args.cfg_options,
            launcher=args.launcher,
            data_root=args.data_root,
            tta=args.tta)
    except _USER_ERRORS as err:
        return _refuse(err)
    runner = Runner.from_cfg(cfg)
    if writer is not None:
        runner.test_evaluator.metrics.append(writer)
        writer.dataset_meta = runner.test_evaluator.dataset_meta
    runner.test()
    finish_distributed()
    return 0
