"""Generate the default data: synthetic photos of one landmark each.

Example:
    python tools/make_demo_data.py --out data/landmarks --num-train 200 \
        --num-val 50 --seed 0
"""
import argparse
import sys

from landmark.core.progress import ProgressBar
from landmark.detection.datasets import generate_landmark_dataset


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default='data/landmarks')
    parser.add_argument('--num-train', type=int, default=200)
    parser.add_argument('--num-val', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--sizes',
        nargs='+',
        metavar='WxH',
        help='image sizes to draw from (default: photo sizes from 1280x720 '
        'to 4000x3000)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    kwargs = {}
    if args.sizes:
        try:
            kwargs['sizes'] = [
                tuple(int(v) for v in s.lower().split('x')) for s in args.sizes
            ]
        except ValueError:
            print(
                f'error: --sizes takes WxH values, got {args.sizes}',
                file=sys.stderr)
            return 2
    bar = ProgressBar(args.num_train + args.num_val, file=sys.stderr)
    paths = generate_landmark_dataset(
        args.out,
        args.num_train,
        args.num_val,
        args.seed,
        progress=bar.update,
        **kwargs)
    print(f'\nWrote {paths["train"]} and {paths["val"]}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
