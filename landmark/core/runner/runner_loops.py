"""Run a prepared config's training or test loop the way every task's
tools do: build the ``Runner``, run, turn an unsafe, empty or truncated
checkpoint into one line (exit 2), tear a distributed run down, and exit 1
with a summary line when the run had to skip photos."""
import sys
from typing import Callable, Iterable

from mmengine.config import Config
from mmengine.runner import Runner

from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.data_problems import (NoUsablePhotosError,
                                         no_usable_photo_line)
from landmark.core.prediction_dump import atomic_prediction_dumps
from landmark.core.runner.distributed import finish_distributed
from landmark.core.runner.exact_resume import apply_exact_resume
from landmark.core.skipped_images import skipped_photos_summary
from landmark.core.tool_guards import guarded_tool_run, is_main_process


def report_user_error(err: BaseException) -> int:
    """Print a bad input as one ``error:`` line on stderr and return the
    tools' exit code for it (2)."""
    print(f'error: {err.args[0] if err.args else err}', file=sys.stderr)
    return 2


def report_skipped_photos(runner: Runner) -> int:
    """After a finished run: 1, with one line on stderr, when it skipped
    or left out photos (named in its log); else 0."""
    summary = skipped_photos_summary(runner)
    if not summary:
        return 0
    print(f'warning: finished, but {summary}', file=sys.stderr)
    return 1


def run_training(cfg: Config) -> int:
    """``runner.train()`` on ``cfg``; 0 when done, 1 when done without some
    unreadable photos (:func:`report_skipped_photos`), 2 (one line) when a
    checkpoint it loads is unsafe, empty or truncated, when no photo of a
    data set can be used, when another live run holds the work dir, or
    when a checkpoint cannot be saved for want of space (training stops
    there).

    The run holds ``cfg.work_dir`` (:mod:`landmark.core.run_lock`) and
    resumes exactly (:func:`apply_exact_resume`).
    """
    apply_exact_resume(cfg)
    folder = cfg.work_dir if is_main_process() else None
    return guarded_tool_run(
        _run_loop, cfg, Runner.train, folder=folder, tool='train.py')


def run_testing(cfg: Config, extra_metrics: Iterable = ()) -> int:
    """``runner.test()`` on ``cfg`` with ``extra_metrics`` (writers of
    predictions, e.g. ``DumpResults``) appended to its test evaluator;
    0 when done, 1 when done without some unreadable photos, 2 (one line)
    on an unsafe, empty or truncated checkpoint or when a file cannot be
    written for want of space.
    """

    def test(runner: Runner) -> None:
        # --out .pkl: MMEngine's DumpResults writes in place; ours atomically
        for metric in atomic_prediction_dumps(extra_metrics):
            runner.test_evaluator.metrics.append(metric)
            metric.dataset_meta = runner.test_evaluator.dataset_meta
        runner.test()

    return guarded_tool_run(_run_loop, cfg, test)


def _run_loop(cfg: Config, loop: Callable[[Runner], object]) -> int:
    """Build the runner and run ``loop(runner)``; the exit code."""
    runner = Runner.from_cfg(cfg)
    try:
        loop(runner)
    except CHECKPOINT_ERRORS as err:
        return report_user_error(err)
    except NoUsablePhotosError as err:
        print(f'error: {no_usable_photo_line(err)}', file=sys.stderr)
        return 2
    code = report_skipped_photos(runner)
    stop_data_loader_workers(runner)
    del runner  # freed by finish_distributed, before the process group
    finish_distributed()
    return code


def stop_data_loader_workers(runner: Runner) -> None:
    """Stop the data-loader workers of the loops a finished run used.

    A runner and its loops refer to each other, so Python's cycle collector
    frees them later, at a moment of its choosing; PyTorch then waits 5 s
    for each (persistent) worker that can no longer hear its stop message
    (seen: 20 s for 4 workers in the next run of the same process). The
    private loop attributes are read, not the properties, which would
    build a loop the run never used.
    """
    for name in ('_train_loop', '_val_loop', '_test_loop'):
        dataloader = getattr(getattr(runner, name, None), 'dataloader', None)
        iterator = getattr(dataloader, '_iterator', None)
        if iterator is not None and hasattr(iterator, '_shutdown_workers'):
            iterator._shutdown_workers()
