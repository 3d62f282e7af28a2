"""Time plain inference, flip TTA and the fusion step alone, side by side.

Prints time per image of
  * plain inference (one view),
  * flip TTA with both views in one batch (the default) and as two passes,
  * the fusion step alone: 2 views of 300 boxes each (WBF, NMW, soft-NMS,
    NMS),
and the ratios TTA / plain (goal: <= 2x) and fusion / TTA (goal: < 5%).
The measurements are interleaved round by round, so a busy shared machine
slows them alike; the median of the rounds is reported.

Example::

    python benchmarks/tta_speed.py --size 640x480 --rounds 10 --config \
        configs/retinanet/retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py
"""
import argparse
import statistics
import time

import numpy as np
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.registry import init_default_scope

from landmark.detection.models.tta import (FUSION_METHODS, BoxFuser,
                                           FusionTTAModel)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--config',
        default='configs/retinanet/'
        'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
    parser.add_argument('--size', default='640x480', help='image WxH')
    parser.add_argument('--rounds', type=int, default=10)
    parser.add_argument(
        '--boxes',
        type=int,
        default=300,
        help='boxes per view for the fusion-alone timing')
    parser.add_argument('--num-classes', type=int, default=5)
    parser.add_argument(
        '--threads',
        type=int,
        default=None,
        help='torch CPU threads (default: torch default)')
    return parser.parse_args()


def view(image: torch.Tensor, flip: bool) -> tuple:
    height, width = image.shape[1:]
    meta = dict(
        img_id=0,
        img_path='bench.jpg',
        ori_shape=(height, width),
        img_shape=(height, width),
        scale_factor=(1., 1.),
        flip=flip,
        flip_direction='horizontal' if flip else None)
    pixels = image.flip(-1) if flip else image
    return pixels, DetDataSample(metainfo=meta)


def random_views(num_boxes: int,
                 num_classes: int,
                 shape: tuple,
                 seed: int = 0) -> tuple:
    rng = np.random.default_rng(seed)
    height, width = shape
    boxes, scores, labels = [], [], []
    for _ in range(2):
        xy = rng.uniform(0, 0.7, (num_boxes, 2)) * [width, height]
        wh = rng.uniform(0.05, 0.3, (num_boxes, 2)) * [width, height]
        boxes.append(np.hstack([xy, xy + wh]))
        scores.append(rng.uniform(0.05, 1.0, num_boxes))
        labels.append(rng.integers(0, num_classes, num_boxes))
    return boxes, scores, labels


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    args = parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    width, height = (int(v) for v in args.size.lower().split('x'))
    init_default_scope('mmdet')
    torch.manual_seed(0)
    cfg = Config.fromfile(args.config)
    detector = MODELS.build(cfg.model)
    detector.init_weights()  # else some parameters are uninitialized memory
    detector.eval()
    tta_batched = FusionTTAModel(detector, batch_views=True)
    tta_separate = FusionTTAModel(detector, batch_views=False)
    image = torch.randint(0, 256, (3, height, width), dtype=torch.uint8)

    def plain():
        pixels, sample = view(image, False)
        detector.test_step(dict(inputs=[pixels], data_samples=[sample]))

    def tta(model):
        views = [view(image, False), view(image, True)]

        def run():
            model.test_step(
                dict(
                    inputs=[[v[0]] for v in views],
                    data_samples=[[v[1].clone()] for v in views]))

        return run

    boxes, scores, labels = random_views(args.boxes, args.num_classes,
                                         (height, width))
    fusers = {
        m: BoxFuser(method=m, single_object=True)
        for m in FUSION_METHODS
    }

    def fuse(method):
        return lambda: fusers[method](boxes, scores, labels, [(height, width)]
                                      * 2, [2., 1.])

    jobs = {
        'plain': plain,
        'tta (one batch)': tta(tta_batched),
        'tta (two passes)': tta(tta_separate)
    }
    jobs.update(
        {f'fusion {m} 2x{args.boxes}': fuse(m)
         for m in FUSION_METHODS})
    with torch.no_grad():
        for job in jobs.values():  # warm-up (and numba compilation)
            job()
        times = {name: [] for name in jobs}
        for _ in range(args.rounds):
            for name, job in jobs.items():
                times[name].append(timed(job))
    median = {name: statistics.median(t) for name, t in times.items()}

    print(f'{args.config} at {width}x{height}, {args.rounds} rounds, '
          f'torch threads {torch.get_num_threads()}, median per image:')
    for name, seconds in median.items():
        print(f'  {name:<28} {seconds * 1000:9.2f} ms')
    for name in ('tta (one batch)', 'tta (two passes)'):
        print(f'{name} / plain: {median[name] / median["plain"]:.2f}x '
              '(goal <= 2x)')
    tta_time = median['tta (one batch)']  # the default, batch_views=True
    for method in FUSION_METHODS:
        share = median[f'fusion {method} 2x{args.boxes}'] / tta_time
        print(f'fusion {method} (2 x {args.boxes} boxes) / TTA: '
              f'{share * 100:.1f}% (goal < 5%)')


if __name__ == '__main__':
    main()
