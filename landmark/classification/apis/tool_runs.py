"""What ``tools/train.py`` and ``tools/test.py`` do with a classification
config (``default_scope = 'mmpretrain'``): the same flags as for detection,
run in mmpretrain's scope."""
import argparse
from typing import Callable

from landmark.classification.apis.model_budget import ModelBudgetError
from landmark.classification.apis.runner_setup import (
    check_ensemble_config_budget, prediction_writer, prepare_test_config,
    prepare_train_config)
from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.runner import report_user_error, run_testing, run_training
from landmark.core.tool_args import test_flags, train_flags

# ValueError holds the data's problems and ClassCountError
_USER_ERRORS = (ModelBudgetError, PretrainedWeightsError, FileNotFoundError,
                KeyError, ValueError) + CHECKPOINT_ERRORS


def refuse_pixel_budget(args: argparse.Namespace, task: str) -> None:
    """Refuse ``--max-pixels``/``--max-long-side`` for an mmpretrain task
    (classification, retrieval), whose config sizes its photos with
    ``image_size``.

    Raises:
        ValueError: One of them is given.
    """
    if getattr(args, 'max_pixels', None) or getattr(args, 'max_long_side',
                                                    None):
        raise ValueError('--max-pixels/--max-long-side are detection flags; '
                         f'a {task} config sets image_size instead')


def run_train_with(args: argparse.Namespace,
                   prepare_train_config: Callable,
                   task: str,
                   user_errors: tuple = _USER_ERRORS) -> int:
    """Train an mmpretrain task from ``tools/train.py``'s parsed flags,
    its config prepared by the task's ``prepare_train_config``; 2 on a bad
    input (one of ``user_errors``)."""
    try:
        refuse_pixel_budget(args, task)
        cfg = prepare_train_config(args.config, **train_flags(args))
    except user_errors as err:
        return report_user_error(err)
    return run_training(cfg)


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s parsed flags; 2 on a bad input."""
    return run_train_with(args, prepare_train_config, 'classification')


def rank_decoding_metrics(cfg) -> list:
    """With ``rank_decoding = dict(decoder=..., proportions=...)`` in the
    config (or ``--cfg-options rank_decoding.decoder=hungarian``), the
    test's extra metric that reports argmax and the decoder side by side;
    else none."""
    options = dict(cfg.get('rank_decoding') or {})
    if not options or options.get('decoder', 'argmax') == 'argmax':
        return []
    from landmark.classification.evaluation import RankDecodingReport
    unknown = sorted(set(options) - {'decoder', 'proportions'})
    if unknown:
        raise ValueError(f'rank_decoding keys {unknown}; expected decoder '
                         'and proportions')
    return [RankDecodingReport(**options)]


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s parsed flags (``--out`` takes a .csv
    (``image,label,score``, labels by the config's ``rank_decoding`` when
    set) or a .pkl); 2 on a bad input."""
    if args.show or args.show_dir:
        return report_user_error(
            ValueError('--show/--show-dir draw boxes; a '
                       'classification test has none to draw'))
    try:
        if args.out:
            prediction_writer(args.out)  # a wrong --out before the run
        cfg = prepare_test_config(args.config, args.checkpoint,
                                  **test_flags(args))
        metrics = rank_decoding_metrics(cfg)
        if args.out:
            metrics.append(
                prediction_writer(args.out, rank_decoding=cfg.get(
                    'rank_decoding')))
    except _USER_ERRORS as err:
        return report_user_error(err)
    return run_testing(cfg, metrics)


def check_ensemble_args_budget(args: argparse.Namespace) -> None:
    """``tools/ensemble.py --configs ... [--max-gflops G] [--max-params-m
    P]``: refuse an ensemble above its cap (see
    :func:`check_ensemble_config_budget`) and print its figures."""
    capped = args.max_gflops is not None or args.max_params_m is not None
    if not args.configs:
        if capped:
            raise ValueError('--max-gflops/--max-params-m need --configs, '
                             'one member config per prediction file')
        return
    if len(args.configs) != len(args.predictions):
        raise ValueError(f'{len(args.configs)} --configs for '
                         f'{len(args.predictions)} prediction files; '
                         'expected one config per file')
    figures = check_ensemble_config_budget(args.configs, args.max_gflops,
                                           args.max_params_m)
    print(f"ensemble of {len(args.configs)} models: "
          f"{figures['gflops']:.3f} GFLOPs, {figures['params_m']:.2f} M "
          'parameters, within the cap')


def run_ensemble(args: argparse.Namespace) -> int:
    """``tools/ensemble.py`` on classification predictions: the weighted
    mean of the members' probabilities (``--weights``), each member's and
    the ensemble's accuracy and macro-F1 when the files hold the labels,
    the fused ``.pkl`` (``--out``) and an ``image,label,score`` CSV
    (``--csv``, class names from ``--classes``)."""
    import pickle

    import torch

    from landmark.classification.evaluation.score_ensemble import (
        fuse_class_scores, load_class_scores, score_report)
    from landmark.classification.evaluation.writers import write_class_csv
    from landmark.core.atomic_io import write_bytes_atomic
    weights = args.weights
    if weights is not None and len(weights) != len(args.predictions):
        return report_user_error(
            ValueError(f'{len(weights)} weights for {len(args.predictions)} '
                       'prediction files; expected one weight per file'))
    try:
        check_ensemble_args_budget(args)
        members = [load_class_scores(p) for p in args.predictions]
        fused = fuse_class_scores(members, weights, args.predictions)
    except (OSError, ValueError) as err:  # ModelBudgetError included
        return report_user_error(err)
    num_classes = len(fused[0]['pred_score'])
    names = args.classes or [str(c) for c in range(num_classes)]
    if len(names) != num_classes:
        return report_user_error(
            ValueError(f'{len(names)} --classes for '
                       f'{num_classes} class scores'))
    print(f'averaging the probabilities of {len(members)} prediction files, '
          f'weights {weights or [1.0] * len(members)}')
    if all(r['gt_label'] is not None for r in fused):
        print(f"{'member':<60} accuracy  macro-F1")
        for name, records in list(zip(args.predictions,
                                      members)) + [('ENSEMBLE', fused)]:
            report = score_report(records, names)
            print(f"{name[-60:]:<60} {report['accuracy']:8.2f}  "
                  f"{report['macro_f1']:8.2f}")
    if args.out:
        items = [
            dict(
                img_path=r['img_path'],
                pred_score=torch.as_tensor(r['pred_score']),
                gt_label=None
                if r['gt_label'] is None else torch.tensor([r['gt_label']]))
            for r in fused
        ]
        write_bytes_atomic(pickle.dumps(items), args.out)
        print(f'wrote {len(items)} fused predictions to {args.out}')
    if args.csv:
        rows = write_class_csv(fused, args.csv, names)
        print(f'wrote {rows} rows to {args.csv}')
    return 0


def run_infer(args: argparse.Namespace) -> int:
    """``tools/infer.py`` on a classification config, predicted by
    :class:`~landmark.inference.Inferencer`: ``predictions.csv``
    (``image,label,score``) in ``--out-dir``, labels by argmax or by the
    config's ``rank_decoding``; unreadable images are named, skipped, and
    make the exit code 1; 2 on a bad input."""
    import os.path as osp
    import time

    from landmark.classification.evaluation.writers import write_class_csv
    from landmark.core import ProblemLog, resolve_image_inputs
    from landmark.inference import Inferencer
    if args.show_dir or args.max_pixels or args.max_long_side:
        return report_user_error(
            ValueError(
                '--show-dir/--max-pixels/--max-long-side are detection flags'))
    try:
        paths = resolve_image_inputs(args.input, recursive=args.recursive)
        inferencer = Inferencer.from_args(args)
    except (FileNotFoundError, KeyError, ValueError) + CHECKPOINT_ERRORS \
            as err:
        return report_user_error(err)
    problems = ProblemLog()
    start = time.perf_counter()
    results = [r for _, r in inferencer.predict_files(paths, problems)]
    seconds = time.perf_counter() - start
    csv_path = osp.join(args.out_dir, 'predictions.csv')
    rows = write_class_csv([r.record() for r in results], csv_path,
                           inferencer.class_names)
    print(f'Classified {len(results)} of {len(paths)} image(s) in '
          f'{seconds:.1f} s{" with flip TTA" if args.tta else ""}; wrote '
          f'{csv_path} ({rows} rows)')
    return problems.report_skipped()
