"""Command-line flags that ``tools/train.py`` and ``tools/test.py`` of
every task share, as MMEngine's tools spell them."""
import argparse
import os

from mmengine.config import DictAction


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
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction, help=cfg_options_help)
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help=launcher_help)
    # torch.distributed.launch passes --local-rank (torchrun sets LOCAL_RANK)
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


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
