"""What ``tools/train.py``, ``tools/test.py`` and ``tools/infer.py``
(:func:`~landmark.detection.apis.infer_run.run_infer`) do with a detection
config (``default_scope = 'mmdet'``), given their parsed flags."""
import argparse

from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.runner.runner_loops import (report_user_error, run_testing,
                                               run_training)
from landmark.core.tool_args import test_flags, train_flags
from landmark.detection.apis.infer_run import run_infer  # noqa: F401
from landmark.detection.apis.runner_setup import (prepare_test_config,
                                                  prepare_train_config)
from landmark.detection.evaluation.writers import AtomicDumpDetResults

_USER_ERRORS = (PretrainedWeightsError, FileNotFoundError, KeyError,
                ValueError)


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s flags; 2 on a bad input."""
    from mmdet.utils import setup_cache_size_limit_of_dynamo
    setup_cache_size_limit_of_dynamo()
    try:
        cfg = prepare_train_config(
            args.config,
            **train_flags(args),
            max_pixels=args.max_pixels,
            max_long_side=args.max_long_side)
    except _USER_ERRORS as err:
        return report_user_error(err)
    return run_training(cfg)


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s flags (``--out`` dumps a .pkl with
    MMDetection's ``DumpDetResults``, written atomically); 2 on a bad
    input."""
    from mmdet.utils import setup_cache_size_limit_of_dynamo
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        return report_user_error(
            ValueError(f'--out {args.out!r} must end with .pkl or .pickle'))
    setup_cache_size_limit_of_dynamo()
    try:
        cfg = prepare_test_config(
            args.config,
            args.checkpoint,
            **test_flags(args),
            show_dir=args.show_dir,
            show=args.show,
            wait_time=args.wait_time,
            max_pixels=args.max_pixels,
            max_long_side=args.max_long_side)
    except _USER_ERRORS as err:
        return report_user_error(err)
    writers = [] if args.out is None else [
        AtomicDumpDetResults(out_file_path=args.out)
    ]
    return run_testing(cfg, writers)
