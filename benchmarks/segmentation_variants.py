"""Train a segmentation config once, then test it plain, with flip TTA (1:1
and 2:1), as an epoch ensemble of the last 3 epochs, and both.

    python benchmarks/segmentation_variants.py CONFIG WORK_DIR \
        [--data-root DIR] [--landmark-masks N_TRAIN N_VAL] [--out PATH.json]

``--cfg-options`` changes the config as in ``tools/train.py`` (e.g. a longer
schedule: ``train_cfg.max_epochs=24 param_scheduler.0.end=24``).
``--landmark-masks`` first writes the synthetic landmark masks (320x240 and
240x320 photos, seed 0) into ``--data-root`` unless it holds them already.
Writes ``WORK_DIR/results.json`` (training seconds, the validation mIoU
after each epoch with the seconds trained by then, and each variant's
mIoU / mDice); ``benchmarks/segmentation_table.py`` prints the runs side by
side. ``--out PATH.json`` also writes the run as a benchmark record
(``benchmarks/benchmark_record.py``: command, date, machine, and the same
figures with the variants as a list in the order above), rewritten after
each variant; ``tools/analysis_tools/plot_benchmarks.py PATH.json --out
PLOT.png`` draws it.
"""
import argparse
import json
import os.path as osp
import time

from mmengine.config import Config, DictAction
from mmengine.hooks import Hook
from mmengine.runner import Runner

import landmark.segmentation  # noqa: F401
from landmark.core.atomic_io import dump_json_atomic
from landmark.segmentation.apis import configure_segmentation_test
from landmark.segmentation.apis.tool_runs import set_data_root
from landmark.segmentation.datasets import generate_landmark_mask_dataset

VARIANTS = (  # name, last K epochs, tta, view weights
    ('plain', 1, False, None),
    ('flip TTA 1:1', 1, True, (1.0, 1.0)),
    ('flip TTA 2:1', 1, True, (2.0, 1.0)),
    ('epoch ensemble (last 3)', 3, False, None),
    ('epoch ensemble + flip TTA 2:1', 3, True, (2.0, 1.0)),
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('work_dir')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--data-root', help='overrides the config\'s')
    parser.add_argument(
        '--landmark-masks',
        type=int,
        nargs=2,
        metavar=('N_TRAIN', 'N_VAL'),
        help='generate the synthetic masks into --data-root first')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument(
        '--out', help='also write a benchmark record (.json) here')
    return parser.parse_args(argv)


class EpochCurve(Hook):
    """Records (seconds since training began, val mIoU) after each
    validation, so runs can be compared by the time to a given mIoU."""
    priority = 'LOWEST'

    def __init__(self):
        self.start = time.time()
        self.val_seconds = 0.
        self.points = []

    def before_val_epoch(self, runner):
        self.val_start = time.time()

    def after_val_epoch(self, runner, metrics=None):
        self.val_seconds += time.time() - self.val_start
        self.points.append(
            dict(
                epoch=runner.epoch,
                train_seconds=round(
                    time.time() - self.start - self.val_seconds, 1),
                mIoU=(metrics or {}).get('mIoU')))


def record_results(results: dict) -> dict:
    """``results`` (as in ``results.json``) with its variants also as the
    list ``variants`` (``variant``, ``mIoU``, ``mDice``, ``seconds``) in the
    order they ran, the form the plotting tool reads."""
    names = [name for name, *_ in VARIANTS]
    rest = {k: v for k, v in results.items() if k not in names}
    return dict(
        rest,
        variants=[
            dict(variant=name, **results[name]) for name in names
            if name in results
        ])


def main():
    args = parse_args()
    if not osp.isfile(args.config):
        raise SystemExit(f'error: config file {args.config!r} does not '
                         'exist; expected a segmentation config (.py)')
    record = None
    if args.out:
        from benchmark_record import BenchmarkRecord
        record = BenchmarkRecord(args.out, 'segmentation_variants')
        record.write(dict(config=args.config, variants=[]))
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir
    cfg.randomness = dict(seed=args.seed)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    if args.landmark_masks and not osp.isfile(
            osp.join(args.data_root, 'val.txt')):
        generate_landmark_mask_dataset(
            args.data_root,
            *args.landmark_masks,
            sizes=((320, 240), (240, 320)))
    start = time.time()
    runner = Runner.from_cfg(cfg)
    curve = EpochCurve()
    runner.register_hook(curve)
    runner.train()
    results = dict(
        config=args.config,
        cfg_options=args.cfg_options,
        train_seconds=time.time() - start,
        curve=curve.points)
    with open(osp.join(args.work_dir, 'epoch_weights', 'index.json')) as f:
        kept = [
            osp.join(args.work_dir, 'epoch_weights', name)
            for name in json.load(f)['epochs']
        ]
    for name, last_k, tta, weights in VARIANTS:
        test_cfg = configure_segmentation_test(cfg, kept[-last_k:], tta,
                                               weights)
        test_cfg.work_dir = osp.join(args.work_dir, 'test')
        start = time.time()
        metrics = Runner.from_cfg(test_cfg).test()
        results[name] = dict(
            mIoU=metrics['mIoU'],
            mDice=metrics['mDice'],
            seconds=round(time.time() - start, 1),
            class_IoU={
                k[4:]: v
                for k, v in metrics.items() if k.startswith('IoU.')
            })
        dump_json_atomic(results, osp.join(args.work_dir, 'results.json'), 1)
        if record:
            record.write(record_results(results))
    if record:
        record.write(record_results(results), finished=True)


if __name__ == '__main__':
    main()
