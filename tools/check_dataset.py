"""Check a COCO data set against its images and print a summary.

Reports missing or unreadable images, boxes outside the image, boxes of zero
or negative area, unknown classes and sizes that disagree with the image;
exits 1 when an item would be skipped.

Example:
    python tools/check_dataset.py data/landmarks/annotations/train.json \
        --img-dir data/landmarks/images
"""
import argparse
import json
import sys

from landmark.core.progress import ProgressBar
from landmark.detection.datasets import check_coco_dataset
from landmark.detection.datasets.converters import (DATA_ERRORS,
                                                    add_problem_args)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_file', help='COCO JSON')
    parser.add_argument(
        '--img-dir', required=True, help='folder file_name is relative to')
    parser.add_argument(
        '--no-decode',
        action='store_true',
        help='read image headers only (fast, misses truncated files)')
    add_problem_args(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        with open(args.ann_file, encoding='utf-8') as f:
            num_images = len(json.load(f).get('images', []))
        bar = ProgressBar(num_images, file=sys.stderr) \
            if num_images > 20 else None
        summary, log = check_coco_dataset(
            args.ann_file,
            args.img_dir,
            box_outside=args.box_outside,
            decode=not args.no_decode,
            strict=args.strict,
            progress=bar.update if bar else None)
    except DATA_ERRORS as err:
        print(f'\nerror: {err}', file=sys.stderr)
        return 2
    if bar:
        print(file=sys.stderr)
    print(summary.format())
    print(log.summary())
    return 1 if log.num_skipped else 0


if __name__ == '__main__':
    sys.exit(main())
