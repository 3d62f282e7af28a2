"""A small seeded data set of "products" in three label levels (coarse,
mid, fine), in the layout of
``configs/classification/hierarchical/ce-3level_resnet18_1xb32-30e_products.py``,
to run that config end to end without the real products."""
import os
import os.path as osp
from typing import Dict, List, Tuple

import cv2
import numpy as np

from landmark.core.submission.csv_rows import write_csv_rows

LEVELS = ('coarse', 'mid', 'fine')
# 4 coarse classes, 3 mid classes each (12), and 3 or 4 fine classes per
# mid class (40): the config's num_classes = [4, 12, 40]
NUM_COARSE, MID_PER_COARSE = 4, 3


def product_taxonomy() -> List[Tuple[str, str, str]]:
    """Every ``(coarse, mid, fine)`` name triple: 4 coarse, 12 mid, 40 fine
    classes (the first 4 mid classes have 4 fine classes, the others 3).

    Examples:
        >>> product_taxonomy()[:2]
        [('c0', 'c0m0', 'c0m0f0'), ('c0', 'c0m0', 'c0m0f1')]
    """
    triples = []
    for c in range(NUM_COARSE):
        for m in range(MID_PER_COARSE):
            mid_index = c * MID_PER_COARSE + m
            for f in range(4 if mid_index < 4 else 3):
                triples.append((f'c{c}', f'c{c}m{m}', f'c{c}m{m}f{f}'))
    return triples


def _draw_product(rng: np.random.Generator, coarse: int, mid: int,
                  fine: int, size: int) -> np.ndarray:
    """A BGR image: the background hue tells the coarse class, the number
    of stripes the mid class, the stripes' angle the fine class."""
    hue = np.uint8(coarse * 180 // NUM_COARSE + rng.integers(0, 10))
    hsv = np.full((size, size, 3), (hue, 120, 200), dtype=np.uint8)
    image = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)
    angle = np.deg2rad(fine * 45 + rng.uniform(-10, 10))
    for k in range(mid + 1):
        offset = (k + 1) * size / (mid + 2) - size / 2
        center = np.array([size / 2, size / 2]) + offset * np.array(
            [np.sin(angle), -np.cos(angle)])
        direction = size * np.array([np.cos(angle), np.sin(angle)])
        p1, p2 = center - direction, center + direction
        cv2.line(image, tuple(int(v) for v in p1), tuple(int(v) for v in p2),
                 (20, 20, 20), max(1, size // 16))
    noise = rng.normal(0, 8, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def write_synthetic_products(root: str,
                             num_images: int = 240,
                             val_fraction: float = 0.25,
                             seed: int = 0,
                             missing_share: float = 0.1,
                             image_size: int = 48) -> Dict[str, int]:
    """Write ``root/images/*.png``, ``root/train.csv`` and ``root/val.csv``
    (header ``filename,coarse,mid,fine``).

    Every fine class is labelled in both CSVs: the first 80 images go
    through the taxonomy twice (the first pass to train, the second to
    val), the others draw a fine class at random.
    About ``missing_share`` of the other rows have ``-1`` ("no label") as
    fine label, half of those also as mid label; coarse is always set.

    Args:
        root (str): Output folder (created).
        num_images (int): Images in all; at least 80. Defaults to 240.
        val_fraction (float): Share of the images in ``val.csv``.
            Defaults to 0.25.
        seed (int): Same seed, same files. Defaults to 0.
        missing_share (float): Share of rows without a fine label.
            Defaults to 0.1.
        image_size (int): Side of the square images. Defaults to 48.

    Returns:
        dict: Rows written per CSV (``train``, ``val``) and rows with a
        missing level (``missing_fine``, ``missing_mid``).
    """
    taxonomy = product_taxonomy()
    if num_images < 2 * len(taxonomy):
        raise ValueError(f'num_images={num_images}; expected at least '
                         f'{2 * len(taxonomy)} so that every fine class '
                         'is in the train and the val split')
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'images'), exist_ok=True)
    rows = []
    for i in range(num_images):
        index = i % len(taxonomy) if i < 2 * len(taxonomy) else int(
            rng.integers(len(taxonomy)))
        coarse, mid, fine = taxonomy[index]
        image = _draw_product(rng, int(coarse[1:]), int(mid[-1]),
                              int(fine.rsplit('f', 1)[1]), image_size)
        name = f'{i:05d}.png'
        cv2.imwrite(osp.join(root, 'images', name), image)
        draw = rng.random() if i >= 2 * len(taxonomy) else 1.0
        if draw < missing_share / 2:
            mid, fine = '-1', '-1'
        elif draw < missing_share:
            fine = '-1'
        rows.append((name, coarse, mid, fine))
    # the first full pass over the taxonomy is always in train, the second
    # always in val: every fine class is labelled in both
    first, second, rest = (rows[:len(taxonomy)],
                           rows[len(taxonomy):2 * len(taxonomy)],
                           rows[2 * len(taxonomy):])
    num_val_rest = max(0, round(val_fraction * num_images) - len(second))
    val = second + rest[:num_val_rest]
    train = first + rest[num_val_rest:]
    header = ('filename', ) + LEVELS
    counts = dict(
        train=write_csv_rows(osp.join(root, 'train.csv'), header, train),
        val=write_csv_rows(osp.join(root, 'val.csv'), header, val))
    counts['missing_fine'] = sum(r[3] == '-1' for r in rows)
    counts['missing_mid'] = sum(r[2] == '-1' for r in rows)
    return counts
