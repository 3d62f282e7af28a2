"""What ``tools/train.py`` and ``tools/test.py`` do with a segmentation
config (``default_scope = 'mmseg'``), through the task-neutral runner steps
of :mod:`landmark.core.runner`."""
import argparse
import os
import os.path as osp
from functools import partial

from mmengine.config import Config

from landmark.core import runner as core_runner
from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.config_paths import innermost_dataset
from landmark.core.data_problems import DataProblemError
from landmark.core.pretrained_weights import PretrainedWeightsError
from landmark.core.tool_args import train_flags
from landmark.segmentation.apis.data_settings import apply_data_settings
from landmark.segmentation.apis.num_classes import (ClassCountError,
                                                    match_num_classes)
from landmark.segmentation.apis.pixel_budget import apply_pixel_budget
from landmark.segmentation.apis.segmentation_testing import \
    configure_segmentation_test
from landmark.segmentation.datasets.mask_folder_dataset import \
    MaskDatasetError
from landmark.segmentation.evaluation.rle_csv import RLECSVError

_USER_ERRORS = (PretrainedWeightsError, FileNotFoundError, KeyError,
                ValueError, *CHECKPOINT_ERRORS)
# bad data found when the runner builds the data sets, before training
_DATA_ERRORS = (MaskDatasetError, DataProblemError, RLECSVError)


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every data loader's dataset, and the config's top-level
    ``data_root``, at ``data_root`` (same layout)."""
    cfg.data_root = data_root
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(key):
            innermost_dataset(cfg[key])['data_root'] = data_root


def check_test_image_ids(cfg: Config) -> None:
    """Refuse, before testing, two test photos with one file name in
    different folders (``a/0.jpg``, ``b/0.jpg``): the run-length CSV names
    images by file name without extension, as ``tools/infer.py`` does.
    Photos listed by an ``ann_file`` are checked by the writer instead.

    Raises:
        ValueError: Naming both photos.
    """
    from landmark.segmentation.apis.image_segmentation import \
        check_unique_stems
    dataset = innermost_dataset(cfg.test_dataloader)
    suffix = dataset.get('img_suffix')
    prefix = dataset.get('data_prefix') or {}
    img_dir = osp.join(
        dataset.get('data_root') or '', prefix.get('img_path', ''))
    if dataset.get('ann_file') or not suffix or not osp.isdir(img_dir):
        return
    check_unique_stems(
        sorted(
            osp.join(root, name) for root, _, names in os.walk(img_dir)
            for name in names if name.endswith(suffix)))


def _unsupported(args: argparse.Namespace, names) -> None:
    for name in names:
        if getattr(args, name, None):
            flag = '--' + name.replace('_', '-')
            raise ValueError(f'{flag} is not a segmentation flag')


def _tool_config(args: argparse.Namespace) -> Config:
    """The config of ``tools/train.py`` / ``tools/test.py``, with their
    work dir, data root, launcher, ``--cfg-options`` and pixel budget."""
    cfg = core_runner.load_config(args.config, args.cfg_options, args.launcher,
                                  args.work_dir, args.data_root, set_data_root)
    apply_data_settings(cfg)
    apply_pixel_budget(cfg, args.max_pixels, args.max_long_side)
    return cfg


def _run_reporting_bad_data(run, cfg: Config) -> int:
    """``run(cfg)`` on the CPU or the launcher's devices; bad data found
    when the runner builds the data sets is one line (exit 2)."""
    try:
        core_runner.prepare_cpu_distributed(cfg)
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    try:
        return run(cfg)
    except _DATA_ERRORS as err:
        return core_runner.report_user_error(err)


def run_train(args: argparse.Namespace) -> int:
    """Train from ``tools/train.py``'s flags (the steps every task takes,
    :func:`landmark.core.runner.prepare_train_config`, with the pixel
    budget and the data's class count first); 2 on a bad input."""
    try:
        cfg = core_runner.prepare_train_config(
            args.config,
            **train_flags(args),
            set_data_root=set_data_root,
            before_flags=(apply_data_settings,
                          partial(
                              apply_pixel_budget,
                              max_pixels=args.max_pixels,
                              max_long_side=args.max_long_side),
                          match_num_classes))
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    return _run_reporting_bad_data(core_runner.run_training, cfg)


def run_test(args: argparse.Namespace) -> int:
    """Test from ``tools/test.py``'s flags: ``--tta`` is view-weighted flip
    TTA; several checkpoints (comma-separated) are an ensemble of their
    probabilities; ``--out`` ending in ``.csv`` writes the run-length CSV.
    2 on a bad input."""
    try:
        _unsupported(args, ('show', ))
        if args.out is not None and not args.out.endswith('.csv'):
            raise ValueError(f'--out {args.out!r}: a segmentation test '
                             'writes a run-length .csv')
        cfg = configure_segmentation_test(
            _tool_config(args), args.checkpoint.split(','), args.tta)
        if args.out is not None:
            check_test_image_ids(cfg)
        if args.show_dir:
            cfg.default_hooks.visualization = dict(
                type='SegVisualizationHook', draw=True, interval=1)
            # ground truth beside prediction, black classes left undrawn
            cfg.visualizer['type'] = 'MaskOverlayVisualizer'
            cfg.visualizer['save_dir'] = args.show_dir
        if args.out is not None:
            metrics = cfg.test_evaluator
            metrics = list(metrics) if isinstance(metrics,
                                                  (list,
                                                   tuple)) else [metrics]
            cfg.test_evaluator = metrics + [
                dict(type='RLECSVWriter', out_file=args.out)
            ]
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    return _run_reporting_bad_data(core_runner.run_testing, cfg)


def run_infer(args: argparse.Namespace) -> int:
    """``tools/infer.py`` on a segmentation config, predicted by
    :class:`~landmark.inference.Inferencer`: ``masks.csv`` in ``--out-dir``
    (``image_id,class_name,height,width,rle``, row-major, 1-based, one row
    per image and class but background, streamed while predicting) and,
    with ``--show-dir``, each mask drawn over its image. Several
    checkpoints (comma-separated) are averaged. Unreadable images are
    named, skipped, and make the exit code 1; 2 on a bad input."""
    import os.path as osp
    import time

    from landmark.core import ProblemLog, resolve_image_inputs
    from landmark.inference import Inferencer
    from landmark.segmentation.apis.image_segmentation import (
        check_unique_stems, write_masks_rle_csv)
    try:
        _unsupported(args, ('resume', ))
        paths = resolve_image_inputs(args.input, recursive=args.recursive)
        check_unique_stems(paths)
        inferencer = Inferencer.from_args(args)
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    problems = ProblemLog()
    csv_path = osp.join(args.out_dir, 'masks.csv')
    meta = inferencer.model.dataset_meta
    start = time.perf_counter()
    masks = ((r.name, r.mask)
             for _, r in inferencer.predict_files(paths, problems))
    done, rows = write_masks_rle_csv(masks, csv_path, meta['classes'],
                                     meta['palette'], args.show_dir)
    seconds = time.perf_counter() - start
    print(f'Segmented {done} of {len(paths)} image(s) in {seconds:.1f} s'
          f'{" with flip TTA" if args.tta else ""}; wrote {csv_path} '
          f'({rows} rows)' +
          (f'; drew the masks in {args.show_dir}' if args.show_dir else ''))
    return problems.report_skipped()


def run_ensemble(args: argparse.Namespace) -> int:
    """``tools/ensemble.py CONFIG A.pth B.pth ...`` on a segmentation config:
    the weighted mean (``--weights``) of the checkpoints' class
    probabilities on the config's test set, each member's and the
    ensemble's mIoU / mDice printed (an ensemble can score lower than its
    best member), and the ensemble's masks as a run-length CSV with
    ``--csv``; ``--data-root``, ``--max-pixels`` / ``--max-long-side`` and
    ``--cfg-options`` as ``tools/test.py`` takes them. 2 on a bad
    input."""
    from mmengine.runner import Runner

    config, checkpoints = args.predictions[0], args.predictions[1:]
    weights = args.weights
    try:
        if not checkpoints:
            raise ValueError(f'{config}: no checkpoints after the config; '
                             'expected CONFIG A.pth B.pth ...')
        if weights is not None and len(weights) != len(checkpoints):
            raise ValueError(f'{len(weights)} weights for {len(checkpoints)} '
                             'checkpoints; expected one weight each')
        if args.out or args.ann_file:
            raise ValueError('--out/--ann-file are for saved predictions; '
                             'a segmentation ensemble is tested on its '
                             "config's test set (--csv writes the masks)")
        # tools/test.py's data root, pixel budget and --cfg-options
        cfg = core_runner.load_config(
            config,
            args.cfg_options,
            data_root=args.data_root,
            set_data_root=set_data_root)
        apply_data_settings(cfg)
        apply_pixel_budget(cfg, args.max_pixels, args.max_long_side)
        if args.csv:
            check_test_image_ids(cfg)
    except _USER_ERRORS as err:
        return core_runner.report_user_error(err)
    print(f'averaging the probabilities of {len(checkpoints)} checkpoints, '
          f'weights {weights or [1.0] * len(checkpoints)}')
    table = []
    members = [[c] for c in checkpoints] if len(checkpoints) > 1 else []
    try:
        for member in members + [checkpoints]:
            test_cfg = configure_segmentation_test(
                cfg,
                member,
                checkpoint_weights=weights if len(member) > 1 else None)
            if args.csv and len(member) == len(checkpoints):
                test_cfg.test_evaluator = [
                    test_cfg.test_evaluator,
                    dict(type='RLECSVWriter', out_file=args.csv)
                ]
            metrics = Runner.from_cfg(test_cfg).test()
            name = member[0] if len(member) == 1 else 'ENSEMBLE'
            table.append((name, metrics['mIoU'], metrics['mDice']))
    except (*CHECKPOINT_ERRORS, ClassCountError, FileNotFoundError,
            *_DATA_ERRORS) as err:
        return core_runner.report_user_error(err)
    width = max(len(name) for name, *_ in table)
    print(f'{"checkpoint":<{width}}     mIoU    mDice')
    for name, miou, mdice in table:
        print(f'{name:<{width}}  {miou:7.2f}  {mdice:7.2f}')
    best = max(table[:-1], key=lambda row: row[1], default=None)
    if best is not None and table[-1][1] < best[1]:
        print(f'NOTE: the ensemble scores LOWER than its best member '
              f'{best[0]} on mIoU ({table[-1][1]:.2f} < {best[1]:.2f})')
    if args.csv:
        print(f"wrote the ensemble's masks to {args.csv}")
    return 0
