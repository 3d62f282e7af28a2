"""What ``tools/train.py`` and ``tools/test.py`` do with a retrieval config
(``default_scope = 'mmpretrain'``, ``custom_imports`` of
``landmark.retrieval``): the classification tools' flags, with the
gallery and the training head's classes set from the data."""
import argparse

from landmark.classification.apis.runner_setup import prediction_writer
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.runner import report_user_error, run_testing, run_training
from landmark.core.tool_args import test_flags, train_flags
from landmark.retrieval.apis.runner_setup import (prepare_test_config,
                                                  prepare_train_config)

_USER_ERRORS = (PretrainedWeightsError, FileNotFoundError, KeyError,
                ValueError)


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s parsed flags; 2 on a bad input."""
    if getattr(args, 'max_pixels', None) or getattr(args, 'max_long_side',
                                                    None):
        return report_user_error(
            ValueError('--max-pixels/--max-long-side are detection flags; a '
                       'retrieval config sets image_size instead'))
    try:
        cfg = prepare_train_config(args.config, **train_flags(args))
    except _USER_ERRORS as err:
        return report_user_error(err)
    return run_training(cfg)


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s parsed flags: mAP@100 and recall@k of
    the test queries against their gallery; ``--out x.pkl`` keeps each
    query's similarity to every gallery photo (``pred_score``, gallery
    order)."""
    if args.show or args.show_dir:
        return report_user_error(
            ValueError('--show/--show-dir draw boxes; tools/retrieve.py '
                       '--show-dir draws the queries and their results'))
    if getattr(args, 'max_pixels', None) or getattr(args, 'max_long_side',
                                                    None):
        return report_user_error(
            ValueError('--max-pixels/--max-long-side are detection flags; a '
                       'retrieval config sets image_size instead'))
    try:
        if args.out and not args.out.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--out {args.out!r}; a retrieval test writes '
                             'a .pkl (tools/retrieve.py --out writes the '
                             'id,images CSV)')
        writer = prediction_writer(args.out) if args.out else None
        cfg = prepare_test_config(args.config, args.checkpoint,
                                  **test_flags(args))
    except _USER_ERRORS as err:
        return report_user_error(err)
    return run_testing(cfg, [] if writer is None else [writer])
