"""Answer query images against a gallery with a retrieval model: the
gallery is embedded once (cached under --work-dir, resumable), queries are
searched with faiss and post-processed (QE, DBA, k-reciprocal re-ranking)
as far as --time-budget allows; writes the Kaggle id,images CSV.

Image ids are the paths without extension (``shoes/boot/001``: relative to
the folder, or the CSV's filename cell), a CSV ``id`` column, or with
``--image-ids stem`` the file names alone (Kaggle's ids); two photos with one
id are refused, naming both. In a folder tree a photo's landmark id is its
parent folders (``shoes/boot``), or the first ``--label-depth`` of them.

Examples:
    python tools/retrieve.py --make-synthetic data/retrieval_synthetic
    python tools/retrieve.py \\
        configs/retrieval/arcface/\\
        arcface-gem_r18_1xb32-64px-20e_synthetic.py \\
        --checkpoint work_dirs/arcface/epoch_20.pth \\
        --data data/retrieval_synthetic/landmarks.csv --flip --qe 2 --dba 2 \\
        --rerank-depth 1000 --time-budget 50m --out submission.csv \\
        --recognition-out recognition.csv
    # your data, converted by tools/dataset_converters/retrieval_splits.py
    python tools/retrieve.py CONFIG --checkpoint CKPT \\
        --queries data/my_retrieval/query.csv \\
        --gallery data/my_retrieval/gallery.csv --cfg-options image_size=96
    # the untrained baseline: the same without --checkpoint
"""
import argparse
import sys

from landmark.core.full_disk import exit_on_full_disk
from landmark.core.image_files import ImageReadError
from landmark.core.tool_args import add_cfg_options_arg


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('config', nargs='?', help='a retrieval config')
    parser.add_argument('--checkpoint', help='weights of the model')
    parser.add_argument(
        '--data',
        help='labelled images (a folder per '
        'landmark or a CSV filename,landmark_id) split into '
        'queries and gallery')
    parser.add_argument('--queries-per-landmark', type=int, default=1)
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='seed of the --data split and, without --checkpoint, of the '
        'random weights (default 0)')
    parser.add_argument('--gallery', help='gallery folder or CSV')
    parser.add_argument('--queries', help='query folder or CSV')
    parser.add_argument(
        '--label-depth',
        type=int,
        help='in a folder tree, the landmark id is the first N folders '
        'under the root (default: all the parent folders of the photo)')
    parser.add_argument(
        '--image-ids',
        choices=('path', 'stem'),
        default='path',
        help='image ids: the path without extension (default, unique) or '
        'the file name without extension (Kaggle); a CSV id column wins')
    add_cfg_options_arg(
        parser, 'override config settings, key=value (e.g. image_size=96)')
    parser.add_argument(
        '--work-dir',
        default='work_dirs/retrieve',
        help='where the gallery embeddings are cached')
    parser.add_argument('--out', help='the id,images CSV to write')
    parser.add_argument(
        '--out-scores',
        help='a CSV id,images,scores: each result\'s cosine similarity too')
    parser.add_argument(
        '--flip',
        action='store_true',
        help='flip TTA of the embeddings (view weights of '
        'the config, original first)')
    parser.add_argument(
        '--qe',
        type=int,
        default=0,
        help='alpha query expansion neighbours (0: none)')
    parser.add_argument(
        '--dba',
        type=int,
        default=0,
        help='database-side augmentation neighbours')
    parser.add_argument(
        '--rerank-depth',
        type=int,
        default=0,
        help='k-reciprocal re-ranking of each query\'s top '
        'N; with --time-budget, the depth chosen is the '
        'largest that fits')
    parser.add_argument(
        '--search',
        choices=('flat', 'ivfpq'),
        default='flat',
        help='exact or IVF/PQ faiss index')
    parser.add_argument('--top-k', type=int, default=100)
    parser.add_argument(
        '--time-budget',
        help='e.g. 50m, 90s, 1.5h: time '
        'of search and post-processing')
    parser.add_argument(
        '--budget-sample',
        type=int,
        default=32,
        help='queries timed to predict the total')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument(
        '--recognition-out',
        help='the id,landmarks CSV of recognition: '
        'each query\'s landmark id and confidence, voted by its top '
        '--vote-k results (GAP is printed when the ids are known)')
    parser.add_argument(
        '--vote-k',
        type=int,
        default=5,
        help='results that vote for the landmark')
    parser.add_argument('--show-dir', help='draw queries and their results')
    parser.add_argument('--num-show', type=int, default=10)
    parser.add_argument('--show-top', type=int, default=5)
    parser.add_argument(
        '--make-synthetic',
        metavar='DIR',
        help='write the seeded synthetic set to DIR, exit')
    parser.add_argument(
        '--synthetic-landmarks',
        type=int,
        default=4,
        help='with --make-synthetic: landmarks per class (5 classes)')
    parser.add_argument(
        '--synthetic-layout',
        choices=('flat', 'nested'),
        default='flat',
        help='with --make-synthetic: flat (images/<id>/ and the CSVs) or '
        'nested as outside sets ship (photos/<class>/<variant>/001.jpg, '
        'no CSV: convert it with tools/dataset_converters/'
        'retrieval_splits.py)')
    parser.add_argument(
        '--synthetic-views',
        type=int,
        default=6,
        help='with --make-synthetic: photos per landmark')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.make_synthetic:
        from landmark.retrieval.datasets import generate_retrieval_dataset
        print(
            generate_retrieval_dataset(
                args.make_synthetic,
                variants_per_class=args.synthetic_landmarks,
                views_per_landmark=args.synthetic_views,
                seed=args.seed,
                layout=args.synthetic_layout))
        return 0
    if not args.config:
        print(
            'error: give a config (or --make-synthetic DIR)', file=sys.stderr)
        return 2
    import landmark.retrieval  # noqa: F401 (registers the modules)
    from landmark.retrieval.apis.retrieval_tool import run_retrieve
    try:
        # a full disk (the embeddings cache, the CSVs): one line, exit 2
        return exit_on_full_disk(run_retrieve, args)
    except (FileNotFoundError, ValueError, ImageReadError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
