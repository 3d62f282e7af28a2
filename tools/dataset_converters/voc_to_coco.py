"""Convert Pascal VOC XML annotations to one COCO JSON file.

Example:
    python tools/dataset_converters/voc_to_coco.py \
        ../shared/datasets/raccoon/annotations \
        --img-dir ../shared/datasets/raccoon/images \
        --out data/raccoon/annotations/all.json
"""
import argparse
import sys

from landmark.detection.datasets import convert_voc_to_coco
from landmark.detection.datasets.converters import (add_output_args,
                                                    add_problem_args,
                                                    run_converter)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_dir', help='folder of VOC *.xml files')
    parser.add_argument(
        '--img-dir',
        help='folder of the images (default: beside the XML files); '
        'file_name in the output is relative to it')
    add_output_args(parser)
    add_problem_args(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_converter(
        lambda: convert_voc_to_coco(args.ann_dir, args.img_dir, args.classes,
                                    args.box_outside, args.strict), args.out)


if __name__ == '__main__':
    sys.exit(main())
