"""Test (and evaluate) a checkpoint (MMDetection's tools/test.py flags).

Prints COCO bbox mAP and the single-object metrics (top-1 localization and
classification accuracy, mean IoU, per-class table).

Examples:
    python tools/test.py CONFIG work_dirs/x/epoch_12.pth
    python tools/test.py CONFIG CKPT --out preds.pkl --show-dir shown/
    python tools/test.py CONFIG CKPT --tta        # needs a tta _base_
    bash tools/dist_test.sh CONFIG CKPT 8
    # classification (default_scope 'mmpretrain'): --out takes .csv or .pkl
    python tools/test.py CLS_CONFIG CKPT --tta --out preds.csv
    # segmentation (default_scope 'mmseg'): weighted flip TTA, run-length
    # CSV, comma-separated checkpoints averaged (epoch ensemble)
    python tools/test.py SEG_CONFIG A.pth,B.pth --tta --out masks.csv
"""
import argparse
import sys

from mmdet.evaluation import DumpDetResults
from mmdet.utils import setup_cache_size_limit_of_dynamo
from mmengine.runner import Runner

from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.config_scope import config_scope
from landmark.core.runner import finish_distributed
from landmark.core.tool_args import (add_pixel_budget_args, add_runner_args,
                                     export_local_rank)
from landmark.detection.apis import prepare_test_config


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test a detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--out',
        help='dump predictions to a .pkl file (mmdet DumpDetResults: '
        'per image img_id, img_path, ori_shape, pred_instances)')
    parser.add_argument(
        '--show', action='store_true', help='show predictions in a window')
    parser.add_argument(
        '--show-dir', help='draw predicted boxes on the images, save here')
    parser.add_argument(
        '--wait-time', type=float, default=2, help='--show interval (s)')
    parser.add_argument(
        '--tta',
        action='store_true',
        help='test-time augmentation (tta_model / tta_pipeline of the config)')
    add_pixel_budget_args(parser)
    add_runner_args(
        parser,
        work_dir_help='where the metrics file goes',
        data_root_help='another data set with the same layout (images/, '
        'annotations/val.json)',
        cfg_options_help='override config settings, key=value',
        launcher_help='job launcher (tools/dist_test.sh uses pytorch)')
    args = parser.parse_args(argv)
    export_local_rank(args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if config_scope(args.config) == 'mmpretrain':
        from landmark.classification.apis.tool_runs import run_test
        return run_test(args)
    if config_scope(args.config) == 'mmseg':
        from landmark.segmentation.apis.tool_runs import run_test
        return run_test(args)
    if args.out is not None and not args.out.endswith(('.pkl', '.pickle')):
        print(
            f'error: --out {args.out!r} must end with .pkl or .pickle',
            file=sys.stderr)
        return 2
    setup_cache_size_limit_of_dynamo()
    try:
        cfg = prepare_test_config(
            args.config,
            args.checkpoint,
            work_dir=args.work_dir,
            cfg_options=args.cfg_options,
            launcher=args.launcher,
            data_root=args.data_root,
            tta=args.tta,
            show_dir=args.show_dir,
            show=args.show,
            wait_time=args.wait_time,
            max_pixels=args.max_pixels,
            max_long_side=args.max_long_side)
    except (FileNotFoundError, KeyError, ValueError) as err:
        print(f'error: {err.args[0] if err.args else err}', file=sys.stderr)
        return 2
    runner = Runner.from_cfg(cfg)
    if args.out is not None:
        runner.test_evaluator.metrics.append(
            DumpDetResults(out_file_path=args.out))
    try:
        runner.test()
    except CHECKPOINT_ERRORS as err:  # an unsafe, empty or truncated .pth
        print(f'error: {err}', file=sys.stderr)
        return 2
    finish_distributed()
    return 0


if __name__ == '__main__':
    sys.exit(main())
