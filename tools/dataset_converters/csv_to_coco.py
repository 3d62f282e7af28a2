"""Convert a CSV of boxes (filename,width,height,class,xmin,ymin,xmax,ymax)
to COCO JSON.

Example:
    python tools/dataset_converters/csv_to_coco.py \
        ../shared/datasets/raccoon/data/train_labels.csv \
        --img-dir ../shared/datasets/raccoon/images \
        --out data/raccoon/annotations/train.json
"""
import argparse
import sys

from landmark.detection.datasets import convert_csv_to_coco
from landmark.detection.datasets.converters import write_converted


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('csv_file', help='CSV with one box per row')
    parser.add_argument(
        '--img-dir', required=True, help='folder holding the images')
    parser.add_argument('--out', required=True, help='output COCO JSON')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='known class names in order (default: those found, sorted)')
    parser.add_argument(
        '--box-outside', choices=['clip', 'error'], default='clip')
    parser.add_argument(
        '--strict', action='store_true', help='stop at the first problem')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        coco, log = convert_csv_to_coco(args.csv_file, args.img_dir,
                                        args.classes, args.box_outside,
                                        args.strict)
    except (FileNotFoundError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    return write_converted(coco, log, args.out)


if __name__ == '__main__':
    sys.exit(main())
