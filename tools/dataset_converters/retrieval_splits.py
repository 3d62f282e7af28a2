"""Write the train/val/gallery/query CSVs the retrieval configs read, from a
folder tree of photos or a CSV of filename and id.

A folder tree labels each photo by its parent folders (``group/product``
for ``group/product/001.jpg``), or by the first ``--label-depth`` of them.
A CSV has a ``filename`` column (relative to the CSV's folder, or
``--image-root``) and an id column (``landmark_id``, or ``--id-column``).

The split is seeded and never puts a photo in two files: ``--test-fraction``
of the ids with 2+ photos are held out (never trained on); of each,
``--queries-per-id`` photos go to query.csv and the rest to gallery.csv, so
every query's id is in the gallery. The other ids train (train.csv); of each
with 2+ photos, ``--val-per-id`` photos go to val.csv, validation queries
answered against train.csv. Every CSV is ``filename,landmark_id``, file names
relative to --out-dir (the config's data_root); each is written atomically.

Examples:
    python tools/dataset_converters/retrieval_splits.py photos/ \\
        --out-dir data/my_retrieval --label-depth 2
    python tools/dataset_converters/retrieval_splits.py labels.csv \\
        --id-column id --out-dir data/my_retrieval --seed 1
"""
import argparse
import sys

from landmark.core.data_problems import ProblemLog
from landmark.retrieval.datasets import (SPLIT_FILES, describe_landmark_ids,
                                         folders_without_photos_lines,
                                         read_landmark_csv,
                                         read_landmark_images,
                                         retrieval_splits, single_photo_ids,
                                         split_folder_ids_line,
                                         write_retrieval_splits)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('source', help='a folder tree of photos, or a CSV')
    parser.add_argument(
        '--out-dir', required=True, help='where the four CSVs go')
    parser.add_argument(
        '--label-depth',
        type=int,
        help='folder tree: the id is the first N folders under the root '
        '(default: all the parent folders of the photo)')
    parser.add_argument(
        '--id-column',
        default='landmark_id',
        help='CSV: the column of the ids (default: landmark_id)')
    parser.add_argument(
        '--image-root',
        default='',
        help='CSV: the folder the file names are relative to (default: the '
        "CSV's folder)")
    parser.add_argument(
        '--test-fraction',
        type=float,
        default=0.2,
        help='share of the ids (with 2+ photos) held out for gallery and '
        'query (default: 0.2)')
    parser.add_argument('--queries-per-id', type=int, default=1)
    parser.add_argument('--val-per-id', type=int, default=1)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    problems = ProblemLog()
    try:
        if args.source.lower().endswith('.csv'):
            items = read_landmark_csv(
                args.source,
                args.image_root,
                problems,
                label_column=args.id_column)
        else:
            items = read_landmark_images(
                args.source, label_depth=args.label_depth)
        if problems.problems:
            print(problems.summary(), file=sys.stderr)
        for line in folders_without_photos_lines(args.source):
            print(line, file=sys.stderr)
        print(f'{args.source}: {describe_landmark_ids(items)}')
        split_line = split_folder_ids_line(items)
        if split_line:
            print(split_line, file=sys.stderr)
        single = single_photo_ids(items)
        if single:
            print(f'{len(single)} id(s) with 1 photo, e.g. '
                  f'{single[0].landmark_id!r} ({single[0].path}): trained '
                  'on, never queried (a query needs a second photo of its '
                  'id in the gallery)')
        parts = retrieval_splits(items, args.test_fraction,
                                 args.queries_per_id, args.val_per_id,
                                 args.seed)
        written = write_retrieval_splits(items, parts, args.out_dir)
    except (FileNotFoundError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    for name in SPLIT_FILES:
        part = [items[i] for i in parts[name]]
        print(f'wrote {written[name]}: {describe_landmark_ids(part)}')
    return 1 if problems.num_skipped else 0


if __name__ == '__main__':
    sys.exit(main())
