"""Seeded, stratified train/val splits and long-tailed cuts of a dataset."""
from typing import List, Sequence, Tuple

import numpy as np


def _indices_by_class(labels: Sequence[int]) -> dict:
    by_class = {}
    for i, label in enumerate(labels):
        by_class.setdefault(int(label), []).append(i)
    return by_class


def stratified_split(labels: Sequence[int],
                     val_fraction: float = 0.2,
                     seed: int = 0) -> Tuple[List[int], List[int]]:
    """``(train, val)`` indices; each class gives ``round(n_c * val_fraction)``
    (at least one when it has 2+ images) of its images to val, picked with
    ``seed``.

    Examples:
        >>> train, val = stratified_split([0] * 10 + [1] * 5, 0.2)
        >>> len(train), len(val)  # 8 + 4, 2 + 1
        (12, 3)
    """
    if not 0 < val_fraction < 1:
        raise ValueError(f'val_fraction={val_fraction}; expected 0 < '
                         'val_fraction < 1')
    rng = np.random.default_rng(seed)
    train, val = [], []
    for label, idx in sorted(_indices_by_class(labels).items()):
        idx = rng.permutation(idx).tolist()
        num_val = int(round(len(idx) * val_fraction))
        if len(idx) >= 2:
            num_val = min(max(num_val, 1), len(idx) - 1)
        val += idx[:num_val]
        train += idx[num_val:]
    return sorted(train), sorted(val)


def long_tailed_counts(class_counts: Sequence[int],
                       imbalance_ratio: float) -> List[int]:
    """Class sizes of an exponential long tail: classes ranked by size keep
    ``n_max * ratio ** (-rank / (C - 1))`` images (as CIFAR-10-LT), at most
    what they have.

    Examples:
        >>> long_tailed_counts([100, 100, 100], 4)  # 100, 100/2, 100/4
        [100, 50, 25]
    """
    if imbalance_ratio < 1:
        raise ValueError(f'imbalance_ratio={imbalance_ratio}; expected >= 1')
    counts = np.asarray(class_counts)
    order = np.argsort(-counts, kind='stable')
    n_max = counts.max()
    steps = max(len(counts) - 1, 1)
    wanted = np.zeros(len(counts), dtype=int)
    for rank, c in enumerate(order):
        target = int(n_max * imbalance_ratio**(-rank / steps))
        wanted[c] = max(1, min(target, counts[c]))
    return wanted.tolist()


def long_tailed_cut(labels: Sequence[int],
                    imbalance_ratio: float,
                    seed: int = 0) -> List[int]:
    """Indices kept by a seeded long-tailed cut (see
    :func:`long_tailed_counts`), in their original order."""
    by_class = _indices_by_class(labels)
    classes = sorted(by_class)
    wanted = long_tailed_counts([len(by_class[c]) for c in classes],
                                imbalance_ratio)
    rng = np.random.default_rng(seed)
    kept = []
    for c, n in zip(classes, wanted):
        kept += rng.permutation(by_class[c])[:n].tolist()
    return sorted(kept)
