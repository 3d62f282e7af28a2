"""Plot training losses and validation metrics from MMEngine's JSON log.

The log is work_dirs/<name>/<timestamp>/vis_data/scalars.json (or a
<timestamp>.json beside it); several logs are overlaid to compare runs.

Examples:
    python tools/plot_log.py work_dirs/x/*/vis_data/scalars.json \\
        --out outputs/curves.png
    python tools/plot_log.py a.json b.json --keys loss coco/bbox_mAP \\
        --legend faster-rcnn dino --out compare.png
"""
import argparse
import sys

from landmark.core import plot_training_logs, read_training_log


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('logs', nargs='+', help='vis_data/*.json log(s)')
    parser.add_argument(
        '--out',
        default='outputs/curves.png',
        help='image to write (.png or .jpg)')
    parser.add_argument(
        '--keys',
        nargs='+',
        help='curves to draw (default: every loss, metric)')
    parser.add_argument('--legend', nargs='+', help='a name per log')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.legend and len(args.legend) != len(args.logs):
        print(
            f'error: {len(args.legend)} --legend name(s) for '
            f'{len(args.logs)} log(s)',
            file=sys.stderr)
        return 2
    try:
        logs = [read_training_log(path) for path in args.logs]
        drawn = plot_training_logs(logs, args.out, args.keys, args.legend)
    except (OSError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    print(f'Plotted {", ".join(drawn)} to {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
