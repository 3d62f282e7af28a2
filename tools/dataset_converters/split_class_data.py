"""Check labelled photos and write their train/val split as two CSVs.

Reads a label CSV (any columns: choose them with --filename-column and
--label-column; labels are names, or integer ids into --classes) or class
folders (--class-depth levels under the root), checks every photo (missing,
unreadable, repeated, unknown labels: one line each, left out), refuses an
empty class folder or a class of one photo in one line, and writes
OUT_DIR/train.csv and OUT_DIR/val.csv (filename,label; file names relative
to OUT_DIR): the held-out photos are named, and every later run reuses
them. Prints the photos per class and the trivial answer (always the
majority class). Exit 0 when clean, 1 when rows were left out, 2 when
nothing could be written.

Examples:
    python tools/dataset_converters/split_class_data.py \\
        --csv my_photos/labels.csv --img-dir my_photos/images \\
        --filename-column image_name --label-column category \\
        --out-dir my_photos
    python tools/dataset_converters/split_class_data.py \\
        --folders my_photos --class-depth 2 --out-dir my_photos
    # then: tools/train.py configs/classification/ce/
    #       ce_resnet18_1xb32-64px-10e_class-csv.py --data-root my_photos
"""
import argparse
import csv
import os
import os.path as osp
import sys

from landmark.classification.datasets.split_files import (
    deeper_classes_hint, photos_from_class_folders, photos_from_label_csv,
    split_labelled_photos, split_table, write_split_csv)
from landmark.core.data_problems import ProblemLog


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--csv', help='label CSV (a header row)')
    source.add_argument(
        '--folders', help='root of the class folders')
    parser.add_argument(
        '--img-dir',
        help='folder the CSV file names are relative to (default: the '
        "CSV's folder)")
    parser.add_argument(
        '--filename-column', default='filename',
        help='CSV column of the file names (default filename)')
    parser.add_argument(
        '--label-column', default='label',
        help='CSV column of the labels (default label)')
    parser.add_argument(
        '--classes', nargs='+',
        help='the class names; integer labels are ids into them (default: '
        'the labels found, sorted)')
    parser.add_argument(
        '--class-depth', type=int, default=1,
        help='folder level of the class names under --folders (1: '
        'ROOT/<class>/photo.jpg, 2: ROOT/<any>/<class>/photo.jpg)')
    parser.add_argument(
        '--out-dir', required=True,
        help='where train.csv and val.csv go (the configs\' data_root)')
    parser.add_argument(
        '--val-fraction', type=float, default=0.2,
        help='share of each class held out (default 0.2)')
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the split (default 0)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    problems = ProblemLog()
    try:
        if args.csv:
            photos = photos_from_label_csv(
                args.csv, args.img_dir or osp.dirname(args.csv),
                args.filename_column, args.label_column, args.classes,
                problems)
        else:
            photos = photos_from_class_folders(args.folders,
                                               args.class_depth, problems)
        train, val = split_labelled_photos(photos, args.val_fraction,
                                           args.seed, args.csv
                                           or args.folders)
        os.makedirs(args.out_dir, exist_ok=True)
        for name, part in (('train', train), ('val', val)):
            write_split_csv(part, osp.join(args.out_dir, f'{name}.csv'),
                            args.out_dir)
    except (OSError, ValueError, csv.Error) as err:
        if problems.problems:
            print(problems.summary(), file=sys.stderr)
        print(f'error: {err}', file=sys.stderr)
        return 2
    table = split_table(train, val)
    width = max(len(n) for n in table)
    print(f"{'class':<{width}}  train    val")
    for name, (n_train, n_val) in table.items():
        print(f'{name:<{width}}  {n_train:5d}  {n_val:5d}')
    majority = max(table, key=lambda n: table[n][1])
    print(f'{len(table)} classes, {len(train)} train and {len(val)} val '
          f'photos; always answering {majority!r} scores '
          f'{100 * table[majority][1] / len(val):.1f} % accuracy on val')
    print(f'wrote {osp.join(args.out_dir, "train.csv")} and '
          f'{osp.join(args.out_dir, "val.csv")}')
    hint = args.folders and deeper_classes_hint(args.folders,
                                                args.class_depth)
    if hint:
        print(hint, file=sys.stderr)
    if problems.problems:
        print(problems.summary(max_listed=None), file=sys.stderr)
    return 1 if problems.num_skipped else 0


if __name__ == '__main__':
    sys.exit(main())
