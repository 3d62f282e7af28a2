"""Command-line flags that the tools share: those of ``tools/train.py``
and ``tools/test.py`` of every task, as MMEngine's tools spell them, and
the decode limit of every tool that reads photos."""
import argparse
import os
from typing import Callable

from mmengine.config import DictAction

from landmark.core.image_files import MAX_DECODE_PIXELS, set_max_decode_pixels


def add_runner_args(parser: argparse.ArgumentParser, work_dir_help: str,
                    data_root_help: str, cfg_options_help: str,
                    launcher_help: str) -> None:
    """Add ``--work-dir``, ``--data-root``, ``--cfg-options``,
    ``--launcher`` and ``--local-rank`` to ``parser``.

    Args:
        parser (argparse.ArgumentParser): The tool's parser.
        work_dir_help (str): Help of ``--work-dir``.
        data_root_help (str): Help of ``--data-root``.
        cfg_options_help (str): Help of ``--cfg-options``.
        launcher_help (str): Help of ``--launcher``.
    """
    parser.add_argument('--work-dir', help=work_dir_help)
    parser.add_argument('--data-root', help=data_root_help)
    add_cfg_options_arg(parser, cfg_options_help)
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help=launcher_help)
    # torch.distributed.launch passes --local-rank (torchrun sets LOCAL_RANK)
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def add_cfg_options_arg(
        parser: argparse.ArgumentParser,
        help: str = 'override config settings, key=value') -> None:
    """Add MMEngine's ``--cfg-options key=value ...`` to ``parser``."""
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help=help)


def export_local_rank(args: argparse.Namespace) -> None:
    """Set ``LOCAL_RANK`` from ``--local-rank`` unless the launcher did."""
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)


def add_pixel_budget_args(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-pixels`` and ``--max-long-side``: a pixel budget that
    reaches every pipeline and wins over the config's top-level
    ``max_pixels`` / ``max_long_side``."""
    parser.add_argument(
        '--max-pixels',
        type=int,
        help='pixel budget per image: downscale photos above it in every '
        'pipeline (overrides the config\'s max_pixels)')
    parser.add_argument(
        '--max-long-side',
        type=int,
        help='longest image side in every pipeline (overrides the '
        'config\'s max_long_side)')


def _positive_pixels(text: str) -> int:
    try:
        value = int(float(text)) if text.strip() else 0
    except (ValueError, OverflowError):  # 'x', 'nan'; 'inf'
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(
            f'{text!r}: expected a positive number of pixels (e.g. '
            '100000000 for 100 MP)')
    return value


def add_max_decode_pixels_arg(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-decode-pixels``: photos above it are named and skipped,
    never decoded. Call :func:`apply_max_decode_pixels` after parsing."""
    parser.add_argument(
        '--max-decode-pixels',
        type=_positive_pixels,
        default=MAX_DECODE_PIXELS,
        help='refuse (name and skip) photos with more pixels than this, '
        f'before decoding them (default: {MAX_DECODE_PIXELS})')


def apply_max_decode_pixels(args: argparse.Namespace) -> None:
    """Make ``--max-decode-pixels`` the limit of every later decode."""
    set_max_decode_pixels(args.max_decode_pixels)


# the flags of tools/train.py and tools/test.py that every task's
# prepare_train_config / prepare_test_config takes, by their names there
TRAIN_FLAGS = ('work_dir', 'resume', 'amp', 'auto_scale_lr', 'cfg_options',
               'launcher', 'data_root', 'from_scratch')
TEST_FLAGS = ('work_dir', 'cfg_options', 'launcher', 'data_root', 'tta')


def train_flags(args: argparse.Namespace) -> dict:
    """The keyword arguments every task's ``prepare_train_config`` takes,
    from ``tools/train.py``'s parsed flags (:data:`TRAIN_FLAGS`)."""
    return {name: getattr(args, name) for name in TRAIN_FLAGS}


def test_flags(args: argparse.Namespace) -> dict:
    """The keyword arguments every task's ``prepare_test_config`` takes,
    from ``tools/test.py``'s parsed flags (:data:`TEST_FLAGS`)."""
    return {name: getattr(args, name) for name in TEST_FLAGS}


def int_at_least(minimum: int, what: str) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number of at least ``minimum``: a
    wrong value is a one-line usage error, not a traceback later.

    Args:
        minimum (int): The smallest value allowed.
        what (str): What the number counts, for the message
            (``'images'``).

    Examples:
        >>> parser.add_argument('--batch-size', type=int_at_least(1, 'images'))
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                f'{text!r}: expected a whole number of {what}, {minimum} or '
                'more')
        return value

    return parse
