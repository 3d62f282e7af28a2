"""List a folder of images as a COCO JSON without boxes, for inference.

Example:
    python tools/dataset_converters/images_to_coco.py photos/ \
        --classes-from data/landmarks/annotations/train.json \
        --out data/photos.json
"""
import argparse
import sys

from landmark.detection.datasets import (convert_image_folder_to_coco,
                                         read_coco_class_names)
from landmark.detection.datasets.converters import (add_image_check_args,
                                                    image_check_kwargs,
                                                    run_converter)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('img_dir', help='folder of images')
    parser.add_argument('--out', required=True, help='output COCO JSON')
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--classes', nargs='+', help='class names to record')
    group.add_argument(
        '--classes-from',
        help='copy the class names of this COCO file (the training file)')
    parser.add_argument(
        '--recursive', action='store_true', help='descend into sub-folders')
    add_image_check_args(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    kwargs = image_check_kwargs(args)

    def convert():
        classes = args.classes
        if args.classes_from:
            classes = read_coco_class_names(args.classes_from)
        return convert_image_folder_to_coco(args.img_dir, classes,
                                            args.recursive, **kwargs)

    return run_converter(convert, args.out, kwargs['full_decode'])


if __name__ == '__main__':
    sys.exit(main())
