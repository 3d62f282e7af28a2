"""Train a segmentation config once, then test it plain, with flip TTA (1:1
and 2:1), as an epoch ensemble of the last 3 epochs, and both.

    python benchmarks/segmentation_variants.py CONFIG WORK_DIR \
        [--data-root DIR] [--landmark-masks N_TRAIN N_VAL]

``--landmark-masks`` first writes the synthetic landmark masks (320x240 and
240x320 photos, seed 0) into ``--data-root`` unless it holds them already.
Writes ``WORK_DIR/results.json`` (training seconds and each variant's
mIoU / mDice); ``benchmarks/segmentation_table.py`` prints the runs side by
side.
"""
import argparse
import json
import os.path as osp
import time

from mmengine.config import Config
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


def parse_args():
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
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir
    cfg.randomness = dict(seed=args.seed)
    if args.data_root:
        set_data_root(cfg, args.data_root)
    if args.landmark_masks and not osp.isfile(
            osp.join(args.data_root, 'val.txt')):
        generate_landmark_mask_dataset(
            args.data_root, *args.landmark_masks, sizes=((320, 240),
                                                         (240, 320)))
    start = time.time()
    Runner.from_cfg(cfg).train()
    results = dict(config=args.config, train_seconds=time.time() - start)
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
            seconds=round(time.time() - start, 1))
        dump_json_atomic(results, osp.join(args.work_dir, 'results.json'), 1)


if __name__ == '__main__':
    main()
