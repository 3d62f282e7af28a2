"""What ``tools/gpu_check.sh`` measures on a GPU, one command each.

- ``headline``: the headline Swin-L DINO config, training steps at
  4000x3000 with every memory lever the config has (backbone ``with_cp``,
  its ``ActivationCheckpointingHook`` on the encoder and decoder layers,
  fp16 ``AmpOptimWrapper``; its ``ChunkedDeformableAttentionHook`` is on
  too and changes nothing on CUDA); peak ``torch.cuda.max_memory_allocated``
  (and ``max_memory_reserved``) and the time of each step. Batch 1, random
  weights, one step of the optimizer per step (no accumulation), as the
  ``max_pixels='auto'`` probe runs it, but two steps: the first one pays
  for CUDA's start-up.
- ``largest``: the largest size that trains on this GPU, found by the probe
  and search of ``max_pixels='auto'``
  (:mod:`landmark.detection.apis.auto_pixel_budget`), started from the size
  the headline step's memory predicts for the free memory.
- ``tta``: photos per second of the tiny DINO (random weights), plain and
  with flip TTA, end to end (decoding included) on synthetic photos.

Each writes one JSON file (``--out``); ``largest`` rewrites it after every
probe, so a run stopped by the time budget keeps its probes.

Examples:
    python -m landmark.detection.apis.gpu_measurements headline --out h.json
    python -m landmark.detection.apis.gpu_measurements largest \\
        --headline h.json --out largest.json
    python -m landmark.detection.apis.gpu_measurements tta --out tta.json
"""
import argparse
import math
import os
import os.path as osp
import sys
import tempfile
import time
from typing import Callable, Dict, Optional

from mmengine.config import Config

from landmark.core.atomic_io import dump_json_atomic

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
HEADLINE_CONFIG = osp.join(
    REPO_ROOT,
    'configs/dino/dino-5scale_swin-l_1xb2-native-res-12e_landmark.py')
TINY_DINO_CONFIG = osp.join(
    REPO_ROOT, 'configs/dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py')
GIB = 2**30


def headline_step(config: str = HEADLINE_CONFIG,
                  width: int = 4000,
                  height: int = 3000,
                  steps: int = 2,
                  device: str = 'cuda') -> Dict:
    """Training steps of ``config`` at ``width x height`` with the memory
    levers of the config (module docstring).

    Returns:
        dict: ``image``, ``levers``, ``optim_wrapper``, ``before_bytes``
        (model and optimizer built, before the first step),
        ``peak_allocated_bytes``, ``peak_reserved_bytes``, ``step_s`` (one
        per step) and the last ``loss``.
    """
    import torch

    from landmark.detection.apis.auto_pixel_budget import build_training_step
    from landmark.detection.models.chunked_deformable_attention import \
        chunked_deformable_attention

    step = build_training_step(config, width, height, device)
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    times, loss = [], float('nan')
    for _ in range(steps):
        start = time.perf_counter()
        with chunked_deformable_attention(step.chunk_mib):
            log_vars = step.model.train_step(step.data, step.optim_wrapper)
        torch.cuda.synchronize()
        times.append(round(time.perf_counter() - start, 3))
        loss = float(log_vars['loss'])
    return dict(
        config=osp.relpath(config, REPO_ROOT),
        image=f'{width}x{height}',
        width=width,
        height=height,
        levers=step.levers,
        optim_wrapper=type(step.optim_wrapper).__name__,
        before_bytes=before,
        peak_allocated_bytes=torch.cuda.max_memory_allocated(),
        peak_reserved_bytes=torch.cuda.max_memory_reserved(),
        step_s=times,
        loss=loss)


def predicted_size(headline: Dict, budget: float) -> tuple:
    """The 4:3 size whose step the headline's memory predicts at
    ``budget`` bytes: what the step adds to the built model grows with
    the pixels (the line through the model alone and the headline)."""
    from landmark.detection.apis.auto_pixel_budget import HEADROOM
    added = headline['peak_reserved_bytes'] - headline['before_bytes']
    room = HEADROOM * budget - headline['before_bytes']
    scale = math.sqrt(max(room, 0) / added) if added > 0 else 1.0
    width = int(headline['width'] * scale) // 32 * 32
    height = int(width * headline['height'] / headline['width'])
    return max(width, 64), max(height, 48)


def largest_trainable_size(headline: Dict,
                           config: str = HEADLINE_CONFIG,
                           budget: Optional[float] = None,
                           probe: Optional[Callable] = None,
                           max_probes: int = 3,
                           on_probe: Optional[Callable] = None) -> Dict:
    """The largest size of ``config`` whose step fits ``budget`` bytes
    (default: the GPU's free memory), by ``max_pixels='auto'``'s search
    started from :func:`predicted_size`.

    Returns:
        dict: ``budget_bytes``, ``start`` (the first size probed),
        ``largest`` (``WxH`` of the largest probe that fitted, or None) and
        ``probes`` (``[width, height, peak reserved bytes]``; None: out of
        memory).
    """
    from landmark.detection.apis.auto_pixel_budget import (
        probe_in_subprocess, search_max_pixels)
    if budget is None:
        import torch
        budget = torch.cuda.mem_get_info()[0]
    if probe is None:
        probe = probe_in_subprocess(Config.fromfile(config), 'cuda')
    width, height = predicted_size(headline, budget)
    probes = []

    def recorded(w: int, h: int) -> float:
        peak = probe(w, h)
        probes.append([w, h, None if math.isinf(peak) else peak])
        if on_probe is not None:
            on_probe(probes)
        return peak

    result = dict(budget_bytes=budget, start=f'{width}x{height}')
    try:
        search_max_pixels(width, height, budget, recorded, max_probes)
    except ValueError as err:
        result['error'] = str(err)
    fitted = [p for p in probes if p[2] is not None and p[2] <= budget]
    best = max(fitted, key=lambda p: p[0] * p[1]) if fitted else None
    result.update(
        largest=f'{best[0]}x{best[1]}' if best else None,
        largest_peak_bytes=best[2] if best else None,
        probes=probes)
    return result


def tta_throughput(config: str = TINY_DINO_CONFIG,
                   num_photos: int = 64,
                   size: tuple = (1280, 720),
                   device: str = 'cuda',
                   photo_dir: Optional[str] = None) -> Dict:
    """Photos per second of ``config`` (random weights), plain and with
    flip TTA (``load_detector(tta=True)``: the config's fusion, WBF by
    default), through :func:`predict_images` (decoding ahead included),
    on ``num_photos`` synthetic photos of ``size``, after 2 photos of
    warm-up each."""
    import torch

    from landmark.detection.apis import load_detector, predict_images
    from landmark.detection.datasets import (LANDMARK_CLASSES,
                                             generate_landmark_dataset)
    photo_dir = photo_dir or tempfile.mkdtemp(prefix='tta_photos_')
    generate_landmark_dataset(
        photo_dir, num_train=num_photos, num_val=0, seed=0, sizes=(size, ))
    images = sorted(
        osp.join(photo_dir, 'images', f)
        for f in os.listdir(osp.join(photo_dir, 'images')))
    classes = dict(
        test_dataloader=dict(
            dataset=dict(metainfo=dict(classes=LANDMARK_CLASSES))))
    result = dict(
        config=osp.relpath(config, REPO_ROOT),
        photos=len(images),
        size=f'{size[0]}x{size[1]}')
    for name, tta in (('plain', False), ('flip_tta', True)):
        torch.manual_seed(0)
        model = load_detector(
            config, None, device=device, tta=tta, cfg_options=classes)
        list(predict_images(model, images[:2], progress=False))
        if device.startswith('cuda'):
            torch.cuda.synchronize()
        start = time.perf_counter()
        records = list(predict_images(model, images, progress=False))
        if device.startswith('cuda'):
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        result[f'{name}_photos_per_s'] = round(len(records) / seconds, 2)
    result['tta_over_plain_time'] = round(
        result['plain_photos_per_s'] / result['flip_tta_photos_per_s'], 2)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('measurement', choices=['headline', 'largest', 'tta'])
    parser.add_argument('--out', required=True, help='JSON file to write')
    parser.add_argument(
        '--headline', help='largest: the JSON of the headline measurement')
    parser.add_argument('--size', default='4000x3000', help='headline: WxH')
    parser.add_argument('--max-probes', type=int, default=3)
    args = parser.parse_args(argv)
    if args.measurement == 'headline':
        width, height = (int(v) for v in args.size.split('x'))
        result = headline_step(width=width, height=height)
    elif args.measurement == 'largest':
        if not args.headline or not osp.isfile(args.headline):
            print(f'error: --headline {args.headline!r}: expected the JSON '
                  'of the headline measurement', file=sys.stderr)
            return 2
        import json
        with open(args.headline) as f:
            headline = json.load(f)
        result = largest_trainable_size(
            headline,
            max_probes=args.max_probes,
            on_probe=lambda probes: dump_json_atomic(
                dict(probes=probes, partial=True), args.out))
    else:
        result = tta_throughput()
    dump_json_atomic(result, args.out, indent=1)
    print(result)
    return 0


if __name__ == '__main__':
    sys.exit(main())
