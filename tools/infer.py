"""Predict the landmark in photos: a CSV and JSON of boxes, drawn images.

INPUT is an image, a folder, a glob pattern or a text file listing paths.
An unreadable image is skipped with a warning naming it; the others are
still predicted, and the run ends with a summary and exit code 1.

Examples:
    python tools/infer.py CONFIG CKPT photos/ --out-dir outputs/infer \\
        --show-dir outputs/infer/drawn
    python tools/infer.py CONFIG CKPT 'photos/**/*.jpg' --tta --device cuda
    python tools/infer.py CONFIG CKPT test_list.txt --box-format xywh \\
        --columns image_id=ImageID label=LandmarkName x y w h
    # a classification config: predictions.csv is image,label,score
    python tools/infer.py CLS_CONFIG CKPT photos/ --tta
"""
import argparse
import os.path as osp
import sys
import time

import cv2
from mmengine.config import DictAction

from landmark.core import (ImageReadError, ProblemLog, decode_image,
                           resolve_image_inputs)
from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.config_scope import config_scope
from landmark.core.tool_args import add_pixel_budget_args
from landmark.detection.apis import (dump_predictions_json, load_detector,
                                     predict_images)
from landmark.detection.evaluation.writers import (add_submission_format_args,
                                                   check_unique_image_ids,
                                                   submission_format_from_args,
                                                   write_submission_csv)
from landmark.detection.visualization import draw_predictions


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
        help='where predictions.csv and predictions.json go')
    parser.add_argument(
        '--show-dir', help='save each photo with its boxes drawn here')
    parser.add_argument(
        '--show-score-thr',
        type=float,
        help='draw boxes scored at least this (default: the best box in '
        'single-object mode, 0.3 with --all-boxes)')
    parser.add_argument(
        '--batch-size',
        type=int,
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
    add_pixel_budget_args(parser)
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


def save_drawn(record: dict, class_names, fmt, args, problems) -> None:
    """Draw one image's boxes at its full resolution into --show-dir."""
    path = record['img_path']
    try:
        image = decode_image(path)
    except ImageReadError as err:  # removed or changed since predicted
        problems.add('unreadable_image', path, str(err), skipped=False)
        return
    inst = record['pred_instances']
    if args.show_score_thr is not None:
        thr = args.show_score_thr
    else:
        thr = fmt.score_thr if fmt.single_object else max(fmt.score_thr, .3)
    drawn = draw_predictions(
        image,
        inst['bboxes'],
        inst['scores'],
        inst['labels'],
        class_names,
        score_thr=thr,
        max_boxes=1 if fmt.single_object else None)
    stem, ext = osp.splitext(osp.basename(path))
    ext = ext.lower() if ext.lower() in ('.jpg', '.jpeg', '.png') else '.jpg'
    ok, data = cv2.imencode(ext, drawn)
    if not ok:
        raise RuntimeError(f'could not encode the drawing of {path} as {ext}')
    write_bytes_atomic(data.tobytes(), osp.join(args.show_dir, stem + ext))


def main(argv=None) -> int:
    args = parse_args(argv)
    if config_scope(args.config) == 'mmpretrain':
        from landmark.classification.apis.tool_runs import run_infer
        return run_infer(args)
    try:
        fmt = submission_format_from_args(args)
        paths = resolve_image_inputs(args.input, recursive=args.recursive)
        if fmt.image_id_from != 'img_id':
            check_unique_image_ids(paths, fmt)
        model = load_detector(
            args.config,
            args.checkpoint,
            device=args.device,
            tta=args.tta,
            cfg_options=args.cfg_options,
            max_pixels=args.max_pixels,
            max_long_side=args.max_long_side)
    except (FileNotFoundError, KeyError, ValueError,
            *CHECKPOINT_ERRORS) as err:
        print(f'error: {err.args[0] if err.args else err}', file=sys.stderr)
        return 2
    class_names = model.dataset_meta['classes']
    print(f'Predicting {len(paths)} image(s) with {args.config} on '
          f'{args.device}{" with TTA" if args.tta else ""}, batch size '
          f'{args.batch_size}')
    problems = ProblemLog()
    records = []
    start = time.perf_counter()
    for record in predict_images(model, paths, args.batch_size, problems):
        records.append(record)
        if args.show_dir:
            save_drawn(record, class_names, fmt, args, problems)
    seconds = time.perf_counter() - start
    csv_path = osp.join(args.out_dir, 'predictions.csv')
    json_path = osp.join(args.out_dir, 'predictions.json')
    num_rows = write_submission_csv(records, csv_path, fmt, class_names)
    dump_predictions_json(records, json_path, class_names, problems)
    print(f'Predicted {len(records)} of {len(paths)} image(s) in '
          f'{seconds:.1f} s ({len(records) / max(seconds, 1e-9):.2f} '
          'images/s)')
    print(f'Wrote {csv_path} ({num_rows} rows) and {json_path}')
    if args.show_dir:
        print(f'Drew the boxes on the images in {args.show_dir}')
    if problems.num_skipped:
        print(
            f'{problems.num_skipped} image(s) skipped:\n' +
            problems.summary(max_listed=None),
            file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
