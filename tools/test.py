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

from landmark.core.config_scope import run_task_tool
from landmark.core.tool_args import (add_pixel_budget_args, add_runner_args,
                                     export_local_rank)


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
    # landmark.{detection,classification,segmentation}.apis.tool_runs
    return run_task_tool('run_test', args)


if __name__ == '__main__':
    sys.exit(main())
