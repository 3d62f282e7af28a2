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
from landmark.detection.datasets.converters import (add_output_args,
                                                    add_problem_args,
                                                    run_converter)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('csv_file', help='CSV with one box per row')
    parser.add_argument(
        '--img-dir', required=True, help='folder holding the images')
    add_output_args(parser)
    add_problem_args(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_converter(
        lambda: convert_csv_to_coco(args.csv_file, args.img_dir, args.classes,
                                    args.box_outside, args.strict), args.out)


if __name__ == '__main__':
    sys.exit(main())
