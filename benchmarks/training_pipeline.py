"""Photos per second of a detection config's training pipeline alone (what
one data-loader worker delivers), against the model's training step, in
one process and one run.

For each config: the training data set is built as ``tools/train.py``
builds it (``--data-root``, the config's pixel budget), and
``prepare_data`` (load, decode, resize, flip, pack) runs on the first
``--num-photos`` photos, one thread; then, for the configs in
``--step-configs``, one training step (forward, backward, optimizer step) at
the config's batch size on those photos, median of ``--steps`` after one
warm-up. Printed: ms per photo and photos/s of the pipeline as configured
(the detection configs' ``NativeResolutionImageLoader`` decodes a JPEG at
reduced scale where the budget shrinks it 2x or more) and, where it
does, with the loader swapped for a full decode (``LoadImageOrSkip``);
the step time; and the workers one step needs (batch x photo time / step
time, rounded up).

Example (after ``make demo`` wrote data/landmarks):
    OMP_NUM_THREADS=1 python benchmarks/training_pipeline.py \\
        configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py \\
        configs/dino/dino-4scale_swin-t_1xb2-native-res-12e_landmark.py \\
        --data-root data/landmarks --step-configs \\
        configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py
"""  # noqa: E501
import argparse
import copy
import math
import os.path as osp
import statistics
import time

import torch
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

import landmark.detection  # noqa: F401
from landmark.core.config_paths import innermost_dataset
from landmark.detection.apis.runner_setup import prepare_train_config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--data-root', required=True)
    parser.add_argument('--num-photos', type=int, default=24)
    parser.add_argument('--step-configs', nargs='*', default=[])
    parser.add_argument('--steps', type=int, default=3)
    return parser.parse_args()


def with_full_decoding(cfg):
    """A copy of ``cfg`` whose training loader decodes every photo in full
    (``LoadImageOrSkip``), or None when its loader already does (no
    ``NativeResolutionImageLoader``, or no budget that shrinks a photo)."""
    dataset = innermost_dataset(cfg.train_dataloader)
    loader = dataset.pipeline[0]
    if loader['type'] != 'NativeResolutionImageLoader' or not (
            loader.get('max_pixels') or loader.get('max_long_side')):
        return None
    cfg = copy.deepcopy(cfg)
    pipeline = innermost_dataset(cfg.train_dataloader).pipeline
    pipeline[0] = dict(type='LoadImageOrSkip')
    return cfg


def pipeline_ms(cfg, num_photos: int):
    """(ms per photo, the packed samples) of ``prepare_data`` in turn."""
    from mmdet.registry import DATASETS
    dataset = DATASETS.build(innermost_dataset(cfg.train_dataloader))
    indices = range(min(num_photos, len(dataset)))
    dataset.prepare_data(0)  # warm-up
    start = time.perf_counter()
    samples = [dataset.prepare_data(i) for i in indices]
    seconds = time.perf_counter() - start
    megapixels = statistics.mean(
        s['data_samples'].ori_shape[0] * s['data_samples'].ori_shape[1] / 1e6
        for s in samples)
    return seconds / len(samples) * 1000, samples, megapixels


def step_ms(cfg, samples, steps: int) -> float:
    """Median ms of one training step at the config's batch size."""
    from mmdet.registry import MODELS
    from mmengine.optim import build_optim_wrapper
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    batch = cfg.train_dataloader.batch_size
    times = []
    for k in range(steps + 1):
        chunk = [samples[(k * batch + i) % len(samples)] for i in range(batch)]
        start = time.perf_counter()
        model.train_step(pseudo_collate(chunk), optim)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) * 1000


def main():
    args = parse_args()
    torch.manual_seed(0)
    rows = []
    for config in args.configs:
        cfg = prepare_train_config(
            config, data_root=args.data_root, from_scratch=True)
        init_default_scope('mmdet')
        loader = innermost_dataset(cfg.train_dataloader).pipeline[0]['type']
        variants = [(f'{loader} (as configured)', cfg)]
        full = with_full_decoding(cfg)
        if full is not None:
            variants.append(('LoadImageOrSkip (full decode)', full))
        step = None
        for name, variant in variants:
            ms, samples, megapixels = pipeline_ms(variant, args.num_photos)
            if config in args.step_configs and step is None:
                step = step_ms(cfg, samples, args.steps)
            rows.append((osp.basename(config)[:-3], name, megapixels, ms,
                         cfg.train_dataloader.batch_size, step))
    print(f'\n{args.num_photos} photos of {args.data_root} (training set, '
          f'in order), one thread, torch threads {torch.get_num_threads()}\n')
    print('| config | loader | photo MP (mean) | ms/photo | photos/s | '
          'step ms (batch) | workers per step |')
    print('|---|---|---:|---:|---:|---:|---:|')
    for config, name, megapixels, ms, batch, step in rows:
        step_cell = f'{step:.0f} ({batch})' if step else '-'
        workers = str(math.ceil(batch * ms / step)) if step else '-'
        print(f'| {config} | {name} | {megapixels:.1f} | {ms:.1f} | '
              f'{1000 / ms:.1f} | '
              f'{step_cell} | {workers} |')


if __name__ == '__main__':
    main()
