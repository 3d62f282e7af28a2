"""Class weights from the training counts, shared by datasets and losses."""
from typing import List, Sequence

import numpy as np

CLASS_WEIGHT_MODES = ('balanced', 'effective_number')


def _checked_counts(class_counts: Sequence[int]) -> np.ndarray:
    counts = np.asarray(class_counts, dtype=np.float64)
    if counts.ndim != 1 or len(counts) == 0 or (counts <= 0).any():
        raise ValueError(f'class_counts={list(class_counts)}; expected one '
                         'positive count per class (a class with no '
                         'training image cannot be weighted)')
    return counts


def balanced_class_weights(class_counts: Sequence[int]) -> List[float]:
    """``n / (C * n_c)``, as scikit-learn's
    ``compute_class_weight('balanced')``.

    Examples:
        >>> balanced_class_weights([30, 10])  # 40 / (2 * 30), 40 / (2 * 10)
        [0.6666666666666666, 2.0]
    """
    counts = _checked_counts(class_counts)
    return (counts.sum() / (len(counts) * counts)).tolist()


def effective_number_weights(class_counts: Sequence[int],
                             beta: float = 0.9999) -> List[float]:
    """Class-balanced weights of Cui et al. (CVPR 2019), as LDAM-DRW uses:
    ``(1 - beta) / (1 - beta ** n_c)``, scaled to sum to ``C``.

    Examples:
        >>> # beta=0.5: raw 0.5/(1-0.5**1)=1, 0.5/(1-0.5**2)=2/3; sum 5/3
        >>> effective_number_weights([1, 2], beta=0.5)  # * 2 / (5/3)
        [1.2, 0.8]
    """
    if not 0 <= beta < 1:
        raise ValueError(f'beta={beta}; expected 0 <= beta < 1')
    counts = _checked_counts(class_counts)
    raw = (1.0 - beta) / (1.0 - np.power(beta, counts))
    return (raw / raw.sum() * len(counts)).tolist()


def class_weights_from_counts(class_counts: Sequence[int],
                              mode: str = 'balanced',
                              beta: float = 0.9999) -> List[float]:
    """The weights of ``mode`` (one of :data:`CLASS_WEIGHT_MODES`)."""
    if mode == 'balanced':
        return balanced_class_weights(class_counts)
    if mode == 'effective_number':
        return effective_number_weights(class_counts, beta)
    raise ValueError(f'class weight mode {mode!r}; expected one of '
                     f'{CLASS_WEIGHT_MODES}')
