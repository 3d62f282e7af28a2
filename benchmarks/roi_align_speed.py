"""RoIAlign on the CPU: mmcv's kernel against torchvision's (what mmcv's
``RoIAlign(use_torchvision=True)`` calls), forward and backward, with the
largest difference of their outputs and gradients.

The R-CNN configs of landmark use torchvision's kernel; this is the
measurement behind that choice. One process, the two kernels timed
alternately, best of ``--repeats``.

Example:
    OMP_NUM_THREADS=1 python benchmarks/roi_align_speed.py --threads 1
"""
import argparse
import time

import torch
from mmcv.ops import RoIAlign

# (channels, feature height, width, boxes): the tiny configs' 64-channel
# FPN level at 320x240 with 1000 test proposals, and the R50's 256
SHAPES = ((64, 60, 80, 1000), (256, 60, 80, 1000), (256, 200, 272, 512))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--threads', type=int, default=1)
    return parser.parse_args()


def random_rois(num: int, height: int, width: int,
                stride: int) -> torch.Tensor:
    """Boxes in image pixels (feature size x stride), batch index 0."""
    size = torch.tensor([width * stride, height * stride], dtype=torch.float)
    corner = torch.rand(num, 2) * size * 0.7
    extent = torch.rand(num, 2) * size * 0.3 + 4
    return torch.cat([torch.zeros(num, 1), corner, corner + extent], 1)


def timed(layer: RoIAlign, features: torch.Tensor, rois: torch.Tensor,
          grad: torch.Tensor):
    """(forward s, backward s, output, gradient of the features)."""
    features = features.clone().requires_grad_()
    start = time.perf_counter()
    out = layer(features, rois)
    middle = time.perf_counter()
    out.backward(grad)
    return (middle - start, time.perf_counter() - middle, out.detach(),
            features.grad)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    layers = {
        'mmcv': RoIAlign(7, 0.25, 0),
        'torchvision': RoIAlign(7, 0.25, 0, use_torchvision=True)
    }
    print('| features | boxes | mmcv fwd ms | torchvision fwd ms | fwd ratio '
          '| mmcv bwd ms | torchvision bwd ms | bwd ratio | max diff out / '
          'grad |')
    print('|---' * 9 + '|')
    for channels, height, width, num in SHAPES:
        features = torch.rand(1, channels, height, width)
        rois = random_rois(num, height, width, stride=4)
        grad = torch.rand(num, channels, 7, 7)
        best = {name: [float('inf'), float('inf')] for name in layers}
        results = {}
        for _ in range(args.repeats):
            for name, layer in layers.items():
                forward, backward, out, grad_in = timed(
                    layer, features, rois, grad)
                best[name][0] = min(best[name][0], forward)
                best[name][1] = min(best[name][1], backward)
                results[name] = (out, grad_in)
        diff_out = (results['mmcv'][0] - results['torchvision'][0]).abs().max()
        diff_grad = (results['mmcv'][1] -
                     results['torchvision'][1]).abs().max()
        mm, tv = best['mmcv'], best['torchvision']
        print(f'| {channels}x{height}x{width} | {num} | {mm[0] * 1e3:.1f} | '
              f'{tv[0] * 1e3:.1f} | x{tv[0] / mm[0]:.2f} | {mm[1] * 1e3:.1f} '
              f'| {tv[1] * 1e3:.1f} | x{tv[1] / mm[1]:.2f} | '
              f'{diff_out:.1e} / {diff_grad:.1e} |')


if __name__ == '__main__':
    main()
