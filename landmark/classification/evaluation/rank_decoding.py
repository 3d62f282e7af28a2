"""Decoding class scores when the class proportions of the test set are
known: each class receives its share of the images."""
from typing import List, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

DECODERS = ('argmax', 'greedy', 'hungarian', 'expected_rank')


def class_quotas(num_images: int, proportions: Sequence[float]) -> np.ndarray:
    """How many images each class receives: ``num_images * p_c`` rounded
    by largest remainder, so they add up to ``num_images``.

    Examples:
        >>> class_quotas(5, [0.5, 0.5]).tolist()  # 2.5, 2.5 -> first gets 3
        [3, 2]
    """
    p = np.asarray(proportions, dtype=np.float64)
    if p.ndim != 1 or (p < 0).any() or p.sum() <= 0:
        raise ValueError(f'proportions={list(proportions)}; expected one '
                         'non-negative share per class')
    exact = num_images * p / p.sum()
    quotas = np.floor(exact).astype(int)
    rest = num_images - quotas.sum()
    order = np.argsort(-(exact - quotas), kind='stable')
    quotas[order[:rest]] += 1
    return quotas


def _checked(scores, proportions) -> np.ndarray:
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[1] != len(proportions):
        raise ValueError(f'scores of shape {scores.shape} for '
                         f'{len(proportions)} class proportions; expected '
                         '(num_images, num_classes)')
    return scores


def greedy_share_decode(scores: np.ndarray,
                        proportions: Sequence[float]) -> np.ndarray:
    """Labels by descending score over all (image, class) pairs: a pair is
    taken when its image is still unlabelled and its class has quota left.
    """
    scores = _checked(scores, proportions)
    quotas = class_quotas(len(scores), proportions)
    labels = np.full(len(scores), -1)
    order = np.argsort(-scores, axis=None, kind='stable')
    for flat in order:
        image, cls = divmod(int(flat), scores.shape[1])
        if labels[image] < 0 and quotas[cls] > 0:
            labels[image] = cls
            quotas[cls] -= 1
    return labels


def hungarian_share_decode(scores: np.ndarray,
                           proportions: Sequence[float]) -> np.ndarray:
    """Labels maximising the summed score under the class quotas: each
    class is repeated its quota times and images are matched to the slots
    by ``scipy.optimize.linear_sum_assignment``."""
    scores = _checked(scores, proportions)
    quotas = class_quotas(len(scores), proportions)
    slot_class = np.repeat(np.arange(len(quotas)), quotas)
    rows, cols = linear_sum_assignment(scores[:, slot_class], maximize=True)
    labels = np.full(len(scores), -1)
    labels[rows] = slot_class[cols]
    return labels


def expected_rank_decode(scores: np.ndarray,
                         proportions: Sequence[float]) -> np.ndarray:
    """For ordered classes: images sorted by their expected class
    ``sum_c c * p(c)`` and cut into consecutive blocks of the quotas."""
    scores = _checked(scores, proportions)
    probs = scores / scores.sum(1, keepdims=True)
    expected = probs @ np.arange(scores.shape[1])
    quotas = class_quotas(len(scores), proportions)
    labels = np.empty(len(scores), dtype=int)
    labels[np.argsort(expected, kind='stable')] = np.repeat(
        np.arange(len(quotas)), quotas)
    return labels


def decode_labels(scores: np.ndarray,
                  decoder: str = 'argmax',
                  proportions: Sequence[float] = None) -> List[int]:
    """Labels of ``scores`` (N, C) by ``decoder`` (one of
    :data:`DECODERS`); all but argmax need ``proportions``."""
    if decoder == 'argmax':
        return np.asarray(scores).argmax(1).tolist()
    if decoder not in DECODERS:
        raise ValueError(f'decoder {decoder!r}; expected one of {DECODERS}')
    if proportions is None:
        raise ValueError(f'decoder {decoder!r} needs the class proportions')
    decode = dict(
        greedy=greedy_share_decode,
        hungarian=hungarian_share_decode,
        expected_rank=expected_rank_decode)[decoder]
    return decode(scores, proportions).tolist()
