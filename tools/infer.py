"""Predict the landmark in photos: a CSV and JSON of boxes, drawn images.

INPUT is an image, a folder, a glob pattern or a text file listing paths.
An unreadable image, or one that runs out of memory, is skipped with a
warning naming it; the others are still predicted, and the run ends with a
summary and exit code 1. Each finished photo is appended to
OUT_DIR/predictions.partial.jsonl at once: after a crash or a kill, the
same command with --resume predicts only the rest.

Every task predicts through landmark.Inferencer (the Python API), built
from CONFIG and CHECKPOINT: detection writes predictions.csv and
predictions.json, classification predictions.csv (image,label,score),
segmentation masks.csv (run-length; CHECKPOINT may be A.pth,B.pth,
averaged), retrieval embeddings.csv (image,e0,...: the unit vectors
tools/retrieve.py searches with).

Examples:
    python tools/infer.py CONFIG CKPT photos/ --out-dir outputs/infer \\
        --show-dir outputs/infer/drawn
    python tools/infer.py CONFIG CKPT 'photos/**/*.jpg' --tta --device cuda
    python tools/infer.py CONFIG CKPT photos/ --out-dir outputs/infer \\
        --resume   # after an interrupted run
    python tools/infer.py CONFIG CKPT test_list.txt --box-format xywh \\
        --columns image_id=ImageID label=LandmarkName x y w h
    # a classification config: predictions.csv is image,label,score
    python tools/infer.py CLS_CONFIG CKPT photos/ --tta
    # a segmentation config: masks.csv, the masks drawn over the photos
    python tools/infer.py SEG_CONFIG A.pth,B.pth photos/ --show-dir drawn
    # a retrieval config: embeddings.csv (search: tools/retrieve.py)
    python tools/infer.py RET_CONFIG CKPT photos/ --tta
"""
import argparse
import sys

from mmengine.config import DictAction

from landmark.core.config_scope import run_task_tool
from landmark.core.tool_args import (add_max_decode_pixels_arg,
                                     add_pixel_budget_args,
                                     apply_max_decode_pixels, int_at_least)
from landmark.core.tool_guards import guarded_tool_run
from landmark.detection.evaluation.writers import add_submission_format_args


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('config', help='model config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        'input', help='image, folder, glob pattern or .txt list of paths')
    parser.add_argument(
        '--out-dir',
        default='outputs/infer',
        help='where the predictions go (predictions.csv and .json, '
        'masks.csv or embeddings.csv, by task)')
    parser.add_argument(
        '--show-dir',
        help='save each photo with its boxes (or mask) drawn here')
    parser.add_argument(
        '--show-score-thr',
        type=float,
        help='draw boxes scored at least this (default: the best box in '
        'single-object mode, 0.3 with --all-boxes)')
    parser.add_argument(
        '--batch-size',
        type=int_at_least(1, 'images'),
        default=1,
        help='images per forward pass (default 1, which reproduces '
        'tools/test.py; a larger batch pads photos to the largest one, '
        'which moves boxes a little)')
    parser.add_argument(
        '--device',
        default='cuda' if _cuda_available() else 'cpu',
        help='cpu, cuda or cuda:N (default: cuda when available)')
    parser.add_argument(
        '--tta',
        action='store_true',
        help='test-time augmentation (tta_model / tta_pipeline of the config)')
    parser.add_argument(
        '--recursive', action='store_true', help='look in sub-folders too')
    parser.add_argument(
        '--resume',
        action='store_true',
        help='keep the photos an interrupted run left in '
        'OUT_DIR/predictions.partial.jsonl and predict only the rest '
        '(detection)')
    add_pixel_budget_args(parser)
    add_max_decode_pixels_arg(parser)
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
    add_submission_format_args(parser)
    return parser.parse_args(argv)


def _cuda_available() -> bool:
    import torch
    return torch.cuda.is_available()


def main(argv=None) -> int:
    args = parse_args(argv)
    apply_max_decode_pixels(args)
    # one run per --out-dir; a full disk ends with one line (exit 2)
    return guarded_tool_run(
        run_task_infer, args, folder=args.out_dir, tool='infer.py')


def run_task_infer(args: argparse.Namespace) -> int:
    """The infer run of the config's task (``landmark.<task>.apis.tool_runs
    .run_infer``), each built on :class:`landmark.Inferencer`."""
    return run_task_tool('run_infer', args)


if __name__ == '__main__':
    sys.exit(main())
