"""Argmax vs rank decoding (greedy, Hungarian, expected rank) on an ordered
task: synthetic landmark photos whose class is the landmark's size bin.

The photos are drawn by ``landmark.demo.landmark_drawing`` (seeded, no
download): ``--num-photos`` photos of 128x96 px, each holding one landmark
(tower, dome, arch, pyramid or bridge in turn). A photo's class is the bin
of the landmark's relative size ``sqrt(box area / photo area)``, cut at the
quantiles of the whole set so the 5 ordered classes ``0_tiny`` ...
``4_huge`` have the known, unequal shares ``SHARES``. The folder tree is
written under ``{out_dir}/photos``; ``ClassFolderDataset`` splits it 80/20
per class (seed 0).

The model is the CPU variant
``configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py``
(ResNet-18 from scratch at 64 px, plain cross-entropy) with 5 classes and a
train pipeline of resize + flip only (a random crop would change the very
size the label is about). After training, the validation scores are
decoded by argmax and, given the validation set's true class shares, by
greedy, Hungarian and expected-rank decoding; accuracy, macro-F1 and the
mean absolute class error (in class steps) are printed as a Markdown table
and saved to ``{out_dir}/results.json``.

Example (about 25 min on 2 CPU cores shared with other jobs)::

    python benchmarks/classification_ordinal.py \
        --out-dir work_dirs/cls_ordinal --seed 0
"""
import argparse
import json
import os
import os.path as osp

import cv2
import numpy as np
# run as a script: benchmarks/ is on sys.path
from classification_imbalance import _val_scores as val_scores  # noqa: E402

CPU_VARIANT = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('0_tiny', '1_small', '2_medium', '3_large', '4_huge')
SHARES = (0.10, 0.20, 0.35, 0.25, 0.10)
PHOTO_SIZE = (128, 96)  # width, height


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out-dir', default='work_dirs/cls_ordinal')
    parser.add_argument('--num-photos', type=int, default=1200)
    parser.add_argument('--epochs', type=int, default=6)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def size_bins(relative_sizes: np.ndarray, shares) -> np.ndarray:
    """Ordered class of each size: cut at the quantiles of ``shares``.

    Examples:
        >>> size_bins(np.array([.5, .1, .4, .2]), [.5, .5]).tolist()
        [1, 0, 1, 0]
    """
    order = np.argsort(relative_sizes, kind='stable')
    counts = np.floor(np.cumsum(shares) * len(order) + 0.5).astype(int)
    labels = np.empty(len(order), dtype=int)
    labels[order] = np.searchsorted(counts, np.arange(len(order)), 'right')
    return labels


def write_size_photos(root: str, num_photos: int, seed: int) -> np.ndarray:
    """Draw the photos, write them to ``root/{class}/`` and return their
    classes."""
    from landmark.demo.landmark_drawing import iter_landmark_photos
    photos, sizes = [], []
    width, height = PHOTO_SIZE
    for photo in iter_landmark_photos(num_photos, seed, sizes=[PHOTO_SIZE]):
        x1, y1, x2, y2 = photo.box
        sizes.append(np.sqrt((x2 - x1) * (y2 - y1) / (width * height)))
        photos.append(photo.image)
    labels = size_bins(np.array(sizes), SHARES)
    for name in CLASSES:
        os.makedirs(osp.join(root, name), exist_ok=True)
    for i, (image, label) in enumerate(zip(photos, labels)):
        cv2.imwrite(osp.join(root, CLASSES[label], f'{i:05d}.png'), image)
    return labels


def ordinal_config(args, data_root: str):
    """The CPU variant on the size-bin photos."""
    from mmengine.config import Config
    cfg = Config.fromfile(CPU_VARIANT)
    cfg.model.head.num_classes = len(CLASSES)
    cfg.data_preprocessor.num_classes = len(CLASSES)
    cfg.train_cfg.max_epochs = args.epochs
    cfg.train_cfg.val_interval = args.epochs  # validated once, at the end
    cfg.param_scheduler[-1].end = args.epochs
    cfg.train_dataloader.dataset.pipeline = [
        dict(type='LoadImageOrSkip'),
        dict(type='Resize', scale=(64, 64)),
        dict(type='RandomFlip', prob=0.5, direction='horizontal'),
        dict(type='PackInputs'),
    ]
    cfg.val_dataloader.dataset.pipeline = [
        dict(type='LoadImageOrSkip'),
        dict(type='Resize', scale=(64, 64)),
        dict(type='PackInputs'),
    ]
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        loader.dataset.data_root = data_root
        loader.num_workers = 1
    cfg.test_dataloader = cfg.val_dataloader
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', interval=-1, save_last=True)
    cfg.default_hooks.logger.interval = 50
    cfg.randomness = dict(seed=args.seed)
    cfg.work_dir = osp.join(args.out_dir, 'work')
    return cfg


def markdown_table(table: dict) -> str:
    lines = [
        '| decoding | accuracy (%) | macro-F1 (%) | mean abs. class error |',
        '|---|---|---|---|'
    ]
    for decoder, r in table.items():
        lines.append(f"| {decoder} | {r['accuracy']:.1f} | "
                     f"{r['macro_f1']:.1f} | {r['mean_abs_error']:.3f} |")
    return '\n'.join(lines)


def main():
    args = parse_args()
    from mmengine.runner import Runner

    import landmark.classification  # noqa: F401
    from landmark.classification.evaluation import compare_decoders
    data_root = osp.join(args.out_dir, 'photos')
    labels = write_size_photos(data_root, args.num_photos, args.seed)
    print(f'{args.num_photos} photos, seed {args.seed}, class counts '
          f'{np.bincount(labels, minlength=len(CLASSES)).tolist()}')
    runner = Runner.from_cfg(ordinal_config(args, data_root))
    runner.train()
    scores, val_labels = val_scores(runner)
    shares = np.bincount(val_labels, minlength=len(CLASSES)) / len(val_labels)
    print(f'validation: {len(val_labels)} photos, class shares given to '
          f'the rank decoders {np.round(shares, 3).tolist()}')
    table = compare_decoders(scores, val_labels, CLASSES, shares)
    with open(osp.join(args.out_dir, 'results.json'), 'w') as f:
        json.dump(
            dict(
                seed=args.seed,
                epochs=args.epochs,
                num_photos=args.num_photos,
                table=table),
            f,
            indent=1)
    print(markdown_table(table))


if __name__ == '__main__':
    main()
