"""Split a COCO JSON into train and val files by seed.

``--mode contiguous`` or ``--mode group`` keep near-duplicate photos (runs of
consecutive file names, or names sharing a prefix) on one side: a random
split of them leaks. Split a checked file (``tools/check_dataset.py --out``)
so that no unreadable photo lands in either split.

Example:
    python tools/dataset_converters/split_coco.py all.json \
        --val-fraction 0.2 --seed 0 --mode contiguous --out-dir annotations/
"""
import argparse
import os.path as osp
import sys

from landmark.core.atomic_io import dump_json_atomic
from landmark.detection.datasets import SPLIT_MODES, read_coco_file, split_coco
from landmark.detection.datasets.converters import (DATA_ERRORS,
                                                    parse_val_fraction)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('ann_file', help='COCO JSON to split')
    parser.add_argument(
        '--out-dir',
        help='where train.json and val.json go (default: beside ann_file)')
    parser.add_argument(
        '--val-fraction',
        default='0.2',
        help='share of the images in val, in (0, 1) (default: 0.2)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--mode', choices=SPLIT_MODES, default='random')
    parser.add_argument(
        '--block-size',
        type=int,
        default=10,
        help='images per run in contiguous mode (default: 10)')
    parser.add_argument(
        '--group-pattern',
        default=r'^(.*?)[-_ ]?\d*\.\w+$',
        help='regex whose first group is the group key in group mode')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        val_fraction = parse_val_fraction(args.val_fraction)
        coco = read_coco_file(args.ann_file)
        train, val = split_coco(coco, val_fraction, args.seed, args.mode,
                                args.block_size, args.group_pattern)
    except DATA_ERRORS as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    out_dir = args.out_dir or osp.dirname(osp.abspath(args.ann_file))
    for name, part in (('train', train), ('val', val)):
        path = osp.join(out_dir, f'{name}.json')
        dump_json_atomic(part, path)
        print(f'Wrote {path}: {len(part["images"])} images, '
              f'{len(part["annotations"])} boxes')
    return 0


if __name__ == '__main__':
    sys.exit(main())
