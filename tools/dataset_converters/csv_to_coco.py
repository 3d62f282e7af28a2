"""Convert a CSV of boxes (filename,width,height,class,xmin,ymin,xmax,ymax)
to COCO JSON.

Example:
    python tools/dataset_converters/csv_to_coco.py \
        ../shared/datasets/raccoon/data/train_labels.csv \
        --img-dir ../shared/datasets/raccoon/images \
        --out data/raccoon/annotations/train.json
"""
import sys

from landmark.detection.datasets import convert_csv_to_coco
from landmark.detection.datasets.converters import (box_converter_parser,
                                                    run_box_converter)


def parse_args(argv=None):
    return box_converter_parser(
        __doc__,
        'csv_file',
        'CSV with one box per row',
        'folder holding the images',
        img_dir_required=True).parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_box_converter(convert_csv_to_coco, args.csv_file, args)


if __name__ == '__main__':
    sys.exit(main())
