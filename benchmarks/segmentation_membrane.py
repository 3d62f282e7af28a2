"""Membrane: train a tiny UNet, then test it plain, with flip TTA (1:1 and
2:1), as an epoch ensemble of the last 3 epochs, and both.

    python benchmarks/segmentation_membrane.py CONFIG WORK_DIR

Writes ``WORK_DIR/results.json`` (training seconds and each variant's
mIoU / mDice); run it per config and compare.
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
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.work_dir = args.work_dir
    cfg.randomness = dict(seed=args.seed)
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
