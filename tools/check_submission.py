"""Check a submission CSV before uploading it: every image present exactly
once, the right columns, numbers where numbers go, known classes, boxes
inside their image. Every problem names its row; exit code 1 if any.
With --img-dir, an image file that does not read is named on its own line
(its boxes are not checked against its size) and the exit code is 1.

Examples:
    python tools/check_submission.py outputs/infer/predictions.csv \\
        --ann-file data/landmarks/annotations/val.json
    python tools/check_submission.py submission.csv --sample sample.csv \\
        --img-dir data/test/images --classes tower dome arch \\
        --columns image_id=ImageID label=LandmarkName x1 y1 x2 y2 --no-score
"""
import argparse
import sys

from landmark.core import ProblemLog
from landmark.core.tool_args import (add_max_decode_pixels_arg,
                                     apply_max_decode_pixels)
from landmark.detection.datasets import read_coco_class_names
from landmark.detection.evaluation.writers import (add_submission_format_args,
                                                   check_submission,
                                                   images_from_coco,
                                                   images_from_folder,
                                                   read_sample_submission,
                                                   submission_format_from_args)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('csv', help='the submission file to check')
    parser.add_argument(
        '--sample',
        help='a sample submission: its header and image ids are expected')
    parser.add_argument(
        '--ann-file',
        help='COCO file of the images: their ids, sizes and the classes')
    parser.add_argument(
        '--img-dir', help='folder of the images: their ids and sizes')
    parser.add_argument(
        '--classes', nargs='+', help='known class names (else --ann-file)')
    parser.add_argument(
        '--max-listed', type=int, default=50, help='problems printed at most')
    add_submission_format_args(parser)
    add_max_decode_pixels_arg(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    apply_max_decode_pixels(args)
    unreadable = ProblemLog()
    try:
        fmt = submission_format_from_args(args)
        sizes, expected_ids, header = None, None, None
        if args.ann_file:
            sizes = images_from_coco(args.ann_file, fmt)
        elif args.img_dir:
            sizes = images_from_folder(args.img_dir, fmt, unreadable)
        if args.sample:
            header, expected_ids = read_sample_submission(args.sample, fmt)
        classes = args.classes or (read_coco_class_names(args.ann_file)
                                   if args.ann_file else None)
        report = check_submission(
            args.csv,
            fmt,
            expected_image_ids=expected_ids,
            image_sizes=sizes,
            class_names=classes,
            expected_header=header)
    except (OSError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    print(report.summary(max_listed=args.max_listed))
    if sizes is None and expected_ids is None:
        print('note: without --ann-file, --img-dir or --sample, missing '
              'images and pixel boxes outside the image are not checked')
    if unreadable.problems:
        print(f'{len(unreadable.problems)} image file(s) in {args.img_dir} '
              'do not read; their boxes are not checked against their size:')
        for problem in unreadable.problems:
            print(f'  {problem}')
    return 0 if report.ok and not unreadable.problems else 1


if __name__ == '__main__':
    sys.exit(main())
