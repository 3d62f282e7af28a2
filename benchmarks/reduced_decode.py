"""Decode time of a 4000x3000 JPEG: full vs reduced scale, side by side.

Two comparisons, in one process and one run, median of ``--repeats``
(one thread, as a data-loader worker):

1. ``cv2.imdecode`` in full and with ``IMREAD_REDUCED_COLOR_2/4/8``;
2. the loading pipeline up to the budgeted image: ``LoadImageFromFile`` +
   ``NativeResolution`` (full decode, then resize) against
   ``NativeResolutionImageLoader`` + ``NativeResolution`` (reduced decode,
   then the small resize), at the pixel budgets given.

The photo is synthetic (smooth gradients, texture and noise, JPEG quality
90, about the size of a phone photo's file) and is written to a temporary
folder.

Example:
    python benchmarks/reduced_decode.py --budgets 3000000 1000000 300000
"""
import argparse
import os.path as osp
import statistics
import sys
import tempfile
import time

import cv2
import numpy as np


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', nargs=2, type=int, default=[4000, 3000])
    parser.add_argument(
        '--budgets',
        nargs='+',
        type=int,
        default=[3_000_000, 1_000_000, 300_000],
        help='max_pixels of the pipeline comparison')
    parser.add_argument('--repeats', type=int, default=7)
    return parser.parse_args(argv)


def write_photo(path: str, width: int, height: int) -> int:
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    texture = 40 * np.sin(x * 300) * np.cos(y * 200)
    channels = [120 + 80 * x + texture, 100 + 90 * y, 90 + 60 * x * y]
    img = np.stack([np.broadcast_to(c, (height, width)) for c in channels],
                   axis=-1)
    img = img + rng.normal(0, 8, img.shape)
    cv2.imwrite(path,
                np.clip(img, 0, 255).astype(np.uint8),
                [cv2.IMWRITE_JPEG_QUALITY, 90])
    return osp.getsize(path)


def median_ms(fn, repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv=None) -> int:
    args = parse_args(argv)
    cv2.setNumThreads(1)
    from mmcv.transforms import Compose
    from mmengine.registry import init_default_scope

    import landmark.detection  # noqa: F401 (registers the transforms)
    init_default_scope('mmdet')
    width, height = args.size
    with tempfile.TemporaryDirectory() as tmp:
        path = osp.join(tmp, 'photo.jpg')
        size = write_photo(path, width, height)
        data = np.fromfile(path, dtype=np.uint8)
        print(f'{width}x{height} JPEG, {size / 2**20:.1f} MiB, '
              f'median of {args.repeats}, 1 thread\n')
        full = median_ms(lambda: cv2.imdecode(data, cv2.IMREAD_COLOR),
                         args.repeats)
        print(f"{'cv2.imdecode':<24}{'ms':>8}{'vs full':>9}")
        print(f"{'full':<24}{full:>8.1f}{'x1.00':>9}")
        for factor in (2, 4, 8):
            flag = getattr(cv2, f'IMREAD_REDUCED_COLOR_{factor}')
            ms = median_ms(lambda: cv2.imdecode(data, flag), args.repeats)
            print(
                f"{'1/' + str(factor):<24}{ms:>8.1f}{'x%.2f' % (ms / full):>9}"
            )

        print(f"\n{'max_pixels':>11}{'image':>11}{'full+resize ms':>16}"
              f"{'reduced ms':>12}{'ratio':>8}")
        for budget in args.budgets:
            pipelines = {
                loader:
                Compose([
                    dict(type=loader, **extra),
                    dict(type='NativeResolution', max_pixels=budget)
                ])
                for loader, extra in (('LoadImageFromFile', {}),
                                      ('NativeResolutionImageLoader',
                                       dict(max_pixels=budget)))
            }
            ms = {
                loader: median_ms(lambda: p(dict(img_path=path)), args.repeats)
                for loader, p in pipelines.items()
            }
            out = pipelines['NativeResolutionImageLoader'](dict(img_path=path))
            h, w = out['img'].shape[:2]
            a, b = ms['LoadImageFromFile'], ms['NativeResolutionImageLoader']
            print(f'{budget:>11}{f"{w}x{h}":>11}{a:>16.1f}{b:>12.1f}'
                  f'{"x%.2f" % (b / a):>8}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
