"""Draw predicted boxes (class and score) and, where annotations exist, the
ground truth in another colour, on each photo at its original resolution;
or an error-analysis sheet of the worst predictions.

PREDICTIONS is the predictions.json of tools/infer.py or the .pkl of
tools/test.py --out.

Examples:
    python tools/visualize.py outputs/infer/predictions.json \\
        --ann-file data/landmarks/annotations/val.json --out-dir drawn/
    python tools/visualize.py outputs/infer/predictions.json \\
        --ann-file data/landmarks/annotations/val.json \\
        --error-sheet outputs/error_sheet.jpg --num 12
"""
import argparse
import os.path as osp
import pickle
import sys

import cv2
import numpy as np

from landmark.core import ImageReadError, ProblemLog, decode_image
from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.progress import ProgressBar
from landmark.core.tool_args import (add_max_decode_pixels_arg,
                                     apply_max_decode_pixels, int_at_least)
from landmark.detection.apis import (drawing_clash_notes, drawing_names,
                                     load_predictions)
from landmark.detection.datasets import read_coco_class_names
from landmark.detection.visualization import (draw_predictions,
                                              load_ground_truth,
                                              make_error_sheet,
                                              match_to_ground_truth)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('predictions', help='predictions .json or .pkl')
    parser.add_argument(
        '--ann-file', help='COCO ground truth: drawn in green, and classes')
    parser.add_argument(
        '--img-root',
        help='folder of the images, if their paths in the predictions '
        'no longer exist (looked up by file name)')
    parser.add_argument('--out-dir', help='save the drawn photos here')
    parser.add_argument(
        '--error-sheet',
        help='save a grid of the worst predictions (needs --ann-file)')
    parser.add_argument(
        '--num',
        type=int_at_least(1, 'images'),
        help='images to draw / tiles in the sheet')
    parser.add_argument(
        '--columns', type=int_at_least(1, 'columns'), default=4)
    parser.add_argument(
        '--tile-size', type=int_at_least(32, 'pixels'), default=320)
    parser.add_argument(
        '--iou-thr',
        type=float,
        default=0.5,
        help='IoU a right answer needs (red caption below it)')
    parser.add_argument('--score-thr', type=float, default=0.3)
    parser.add_argument(
        '--max-boxes',
        type=int_at_least(0, 'boxes'),
        default=1,
        help='best boxes drawn per photo (default 1: one landmark a photo; '
        '0 for all)')
    parser.add_argument(
        '--max-side',
        type=int_at_least(1, 'pixels'),
        help='shrink drawn photos to this long side after drawing at the '
        'original resolution (default: keep the original size)')
    parser.add_argument(
        '--ext',
        choices=('.jpg', '.png'),
        default='.jpg',
        help='format of the drawn photos')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='class names (a .pkl '
        'holds none; else taken from --ann-file)')
    add_max_decode_pixels_arg(parser)
    args = parser.parse_args(argv)
    if not args.out_dir and not args.error_sheet:
        parser.error('give --out-dir, --error-sheet or both')
    if args.error_sheet and not args.ann_file:
        parser.error('--error-sheet needs --ann-file (the ground truth)')
    return args


def encode(image: np.ndarray, path: str) -> bytes:
    ok, data = cv2.imencode(osp.splitext(path)[1] or '.jpg', image)
    if not ok:
        raise ValueError(f'cannot encode an image as {path!r}')
    return data.tobytes()


def find_image(path: str, img_root) -> str:
    if img_root and not osp.isfile(path):
        return osp.join(img_root, osp.basename(path))
    return path


def draw_all(records, class_names, truth, args, problems) -> int:
    records = records[:args.num] if args.num else records
    paths = [find_image(r['img_path'], args.img_root) for r in records]
    # a/x.jpg and b/x.jpg get a drawing each (x_0.jpg, x_1.jpg)
    names, clashes = drawing_names(paths, lambda path: args.ext)
    for note in drawing_clash_notes(paths, names, clashes):
        print(note, file=sys.stderr)
    bar = ProgressBar(len(records), file=sys.stderr)
    drawn = 0
    for record, path, name in zip(records, paths, names):
        bar.update()
        try:
            image = decode_image(path)
        except ImageReadError as err:
            problems.add('unreadable_image', path, str(err))
            continue
        gt = (truth or {}).get(osp.basename(path), {})
        inst = record['pred_instances']
        canvas = draw_predictions(
            image,
            inst['bboxes'],
            inst['scores'],
            inst['labels'],
            class_names,
            score_thr=args.score_thr,
            max_boxes=args.max_boxes or None,
            gt_bboxes=gt.get('boxes'),
            gt_labels=gt.get('labels'))
        if args.max_side and max(canvas.shape[:2]) > args.max_side:
            scale = args.max_side / max(canvas.shape[:2])
            canvas = cv2.resize(
                canvas, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        out = osp.join(args.out_dir, name)
        write_bytes_atomic(encode(canvas, out), out)
        drawn += 1
    sys.stderr.write('\n')
    return drawn


def main(argv=None) -> int:
    args = parse_args(argv)
    apply_max_decode_pixels(args)
    try:
        records, class_names = load_predictions(args.predictions)
        if args.classes:
            class_names = args.classes
        elif args.ann_file:
            class_names = class_names or read_coco_class_names(args.ann_file)
        if not class_names:
            raise ValueError(f'{args.predictions} holds no class names; '
                             'give --classes or --ann-file')
        truth = load_ground_truth(args.ann_file) if args.ann_file else None
    except (OSError, ValueError, KeyError, pickle.UnpicklingError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    problems = ProblemLog()
    if args.out_dir:
        drawn = draw_all(records, class_names, truth, args, problems)
        print(f'Drew {drawn} image(s) in {args.out_dir}')
    if args.error_sheet:
        for record in records:
            record['img_path'] = find_image(record['img_path'], args.img_root)
        cases = match_to_ground_truth(records, truth)
        try:
            sheet = make_error_sheet(
                cases,
                class_names,
                num_images=args.num or 16,
                columns=args.columns,
                tile_size=args.tile_size,
                iou_thr=args.iou_thr)
        except ValueError as err:
            print(f'error: {err}', file=sys.stderr)
            return 2
        write_bytes_atomic(encode(sheet, args.error_sheet), args.error_sheet)
        wrong = sum(c.wrong_class for c in cases)
        print(f'Error sheet of the {min(len(cases), args.num or 16)} worst '
              f'of {len(cases)} images ({wrong} wrong class or missed): '
              f'{args.error_sheet}')
    if problems.num_skipped:
        print(problems.summary(), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
