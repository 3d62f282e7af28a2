"""What ``tools/train.py``, ``tools/test.py`` and ``tools/infer.py`` do with
a retrieval config (``default_scope = 'mmpretrain'``, ``custom_imports``
of ``landmark.retrieval``): the classification tools' flags, with the
gallery and the training head's classes set from the data; ``infer.py``
writes each photo's embedding."""
import argparse

from landmark.classification.apis.runner_setup import prediction_writer
from landmark.classification.apis.tool_runs import (refuse_pixel_budget,
                                                    run_train_with)
from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.runner import report_user_error, run_testing
from landmark.core.tool_args import test_flags
from landmark.retrieval.apis.runner_setup import (prepare_test_config,
                                                  prepare_train_config)

TASK = 'retrieval'
EMBEDDINGS_CSV = 'embeddings.csv'
_USER_ERRORS = (PretrainedWeightsError, FileNotFoundError, KeyError,
                ValueError)


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s parsed flags; 2 on a bad input."""
    return run_train_with(args, prepare_train_config, TASK, _USER_ERRORS)


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s parsed flags: mAP@100 and recall@k of
    the test queries against their gallery; ``--out x.pkl`` keeps each
    query's similarity to every gallery photo (``pred_score``, gallery
    order)."""
    if args.show or args.show_dir:
        return report_user_error(
            ValueError('--show/--show-dir draw boxes; tools/retrieve.py '
                       '--show-dir draws the queries and their results'))
    try:
        refuse_pixel_budget(args, TASK)
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


def run_infer(args: argparse.Namespace) -> int:
    """``tools/infer.py`` on a retrieval config: each photo's L2-normalized
    embedding, computed by :class:`~landmark.inference.Inferencer` (the
    embedding ``tools/retrieve.py`` searches with; ``--tta``: its flip
    views), streamed to ``embeddings.csv`` in ``--out-dir``
    (``image,e0,...,e<D-1>``: the path as listed, then the vector; the
    writer of ``Results.to_csv``). Unreadable photos are named, skipped,
    and make the exit code 1; 2 on a bad input. Searching a gallery is
    ``tools/retrieve.py``'s."""
    import os.path as osp
    import time

    from landmark.core import ProblemLog, resolve_image_inputs
    from landmark.inference import Inferencer
    from landmark.inference.results import write_embeddings_csv
    try:
        for flag in ('show_dir', 'resume'):
            if getattr(args, flag, None):
                raise ValueError(
                    f'--{flag.replace("_", "-")} is not a retrieval flag of '
                    'infer.py (tools/retrieve.py --show-dir draws queries '
                    'with their results)')
        refuse_pixel_budget(args, TASK)
        paths = resolve_image_inputs(args.input, recursive=args.recursive)
        inferencer = Inferencer.from_args(args)
    except _USER_ERRORS + CHECKPOINT_ERRORS as err:
        return report_user_error(err)
    problems = ProblemLog()
    csv_path = osp.join(args.out_dir, EMBEDDINGS_CSV)
    start = time.perf_counter()
    results = (r for _, r in inferencer.predict_files(paths, problems))
    done = write_embeddings_csv(results, csv_path)
    seconds = time.perf_counter() - start
    print(f'Embedded {done} of {len(paths)} image(s) in {seconds:.1f} s'
          f'{" with flip TTA" if args.tta else ""}; wrote {csv_path} '
          f'({done} rows); tools/retrieve.py searches a gallery with them')
    return problems.report_skipped()
