"""Check a COCO data set against its images and print a summary.

Reports missing or unreadable images (every photo is decoded in full unless
--fast), boxes outside the image, boxes of zero or negative area, unknown
classes, sizes that disagree with the image and boxes in the stored frame
of an EXIF-rotated photo; exits 1 when an item would be skipped. With
--out, writes the data set without the skipped items.

Example:
    python tools/check_dataset.py data/landmarks/annotations/train.json \
        --img-dir data/landmarks/images --out train.clean.json
"""
import argparse
import sys

from landmark.core.atomic_io import dump_json_atomic
from landmark.core.full_disk import exit_on_full_disk
from landmark.core.image_files import decode_check_note
from landmark.core.progress import ProgressBar
from landmark.detection.datasets import (check_coco_dataset,
                                         drop_skipped_items, read_coco_file)
from landmark.detection.datasets.converters import (DATA_ERRORS,
                                                    add_image_check_args,
                                                    add_problem_args,
                                                    image_check_kwargs)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_file', help='COCO JSON')
    parser.add_argument(
        '--img-dir', required=True, help='folder file_name is relative to')
    parser.add_argument(
        '--out',
        help='write the data set without the skipped items (images with '
        'their boxes, and boxes) to this COCO JSON')
    add_image_check_args(parser)
    add_problem_args(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    full_decode = image_check_kwargs(args)['full_decode']
    bar = None
    try:
        coco = read_coco_file(args.ann_file)
        if len(coco['images']) > 20:
            bar = ProgressBar(len(coco['images']), file=sys.stderr)
        summary, log = check_coco_dataset(
            args.ann_file,
            args.img_dir,
            box_outside=args.box_outside,
            decode=full_decode,
            strict=args.strict,
            progress=bar.update if bar else None)
    except DATA_ERRORS as err:
        print(f'\nerror: {err}' if bar else f'error: {err}', file=sys.stderr)
        return 2
    if bar:
        print(file=sys.stderr)
    print(summary.format())
    print(f'  ({decode_check_note(full_decode)})')
    print(log.summary())
    if args.out:
        clean = drop_skipped_items(coco, summary)
        code = exit_on_full_disk(dump_json_atomic, clean, args.out)
        if code:
            return code
        print(f'Wrote {args.out}: {len(clean["images"])} images, '
              f'{len(clean["annotations"])} boxes (dropped '
              f'{len(coco["images"]) - len(clean["images"])} images and '
              f'{len(coco["annotations"]) - len(clean["annotations"])} '
              'boxes)')
    return 1 if log.num_skipped else 0


if __name__ == '__main__':
    sys.exit(main())
