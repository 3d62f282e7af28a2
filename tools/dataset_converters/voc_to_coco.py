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
from landmark.detection.datasets.converters import write_converted


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_dir', help='folder of VOC *.xml files')
    parser.add_argument(
        '--img-dir',
        help='folder of the images (default: beside the XML files); '
        'file_name in the output is relative to it')
    parser.add_argument('--out', required=True, help='output COCO JSON')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='known class names in order (default: those found, sorted)')
    parser.add_argument(
        '--box-outside',
        choices=['clip', 'error'],
        default='clip',
        help='a box reaching outside its image is clipped with a warning, '
        'or skipped as an error (default: clip)')
    parser.add_argument(
        '--strict', action='store_true', help='stop at the first problem')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    coco, log = convert_voc_to_coco(args.ann_dir, args.img_dir, args.classes,
                                    args.box_outside, args.strict)
    return write_converted(coco, log, args.out)


if __name__ == '__main__':
    sys.exit(main())
