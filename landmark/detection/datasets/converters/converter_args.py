"""The command-line flags the data set tools share (the converters of
``tools/dataset_converters/`` and ``tools/check_dataset.py``)."""
import argparse

from landmark.detection.datasets.coco_builder import BOX_OUTSIDE_POLICIES


def add_output_args(parser: argparse.ArgumentParser) -> None:
    """``--out`` (the COCO JSON written) and ``--classes``."""
    parser.add_argument('--out', required=True, help='output COCO JSON')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='known class names in order (default: those found, sorted)')


def add_problem_args(parser: argparse.ArgumentParser) -> None:
    """``--box-outside`` and ``--strict``: what a bad item does."""
    parser.add_argument(
        '--box-outside',
        choices=list(BOX_OUTSIDE_POLICIES),
        default='clip',
        help='a box reaching outside its image is clipped with a warning, '
        'or skipped as an error (default: clip)')
    parser.add_argument(
        '--strict', action='store_true', help='stop at the first problem')
