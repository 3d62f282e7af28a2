"""Convert Pascal VOC XML annotations to one COCO JSON file.

Example:
    python tools/dataset_converters/voc_to_coco.py \
        ../shared/datasets/raccoon/annotations \
        --img-dir ../shared/datasets/raccoon/images \
        --out data/raccoon/annotations/all.json
"""
import sys

from landmark.detection.datasets import convert_voc_to_coco
from landmark.detection.datasets.converters import (box_converter_parser,
                                                    run_box_converter)


def parse_args(argv=None):
    return box_converter_parser(
        __doc__,
        'ann_dir',
        'folder of VOC *.xml files',
        'folder of the images (default: beside the XML files); file_name '
        'in the output is relative to it',
        img_dir_required=False).parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    return run_box_converter(convert_voc_to_coco, args.ann_dir, args)


if __name__ == '__main__':
    sys.exit(main())
