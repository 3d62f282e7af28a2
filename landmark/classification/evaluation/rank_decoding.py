"""Decoding class scores when the class proportions of the test set are
known: each class receives its share of the images."""
import heapq
from typing import List, Sequence, Tuple

import numpy as np

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
    """Labels maximising the summed score under the class quotas.

    The labelling ``scipy.optimize.linear_sum_assignment`` finds when each
    class is repeated its quota times and images are matched to those N
    slots, computed without that N x N matrix: it is a transportation
    problem with C classes, solved exactly on N x C by
    :func:`quota_transport_decode`. Memory O(N C); 100,000 photos x 5
    classes decode in well under a second (``benchmarks/rank_decoding.py``).

    Examples:
        >>> hungarian_share_decode([[0.9, 0.8], [0.85, 0.1]],
        ...                        [0.5, 0.5]).tolist()  # 0.8 + 0.85
        [1, 0]
    """
    scores = _checked(scores, proportions)
    return quota_transport_decode(scores,
                                  class_quotas(len(scores), proportions))


def quota_transport_decode(scores: np.ndarray,
                           quotas: Sequence[int]) -> np.ndarray:
    """The labels with the largest summed score that give class ``c``
    exactly ``quotas[c]`` images (an exact min-cost flow).

    Two steps, both on N x C:

    1. class prices ``v`` by block-coordinate sweeps of the dual: each class
       in turn gets the price at which exactly its quota of images prefers
       it, every image taking ``argmax_c(scores[i, c] - v[c])``. Whatever
       the prices, that labelling has the largest summed score among all
       labellings with the same class counts, so it is a valid start;
       the sweeps only bring its counts close to the quotas.
    2. successive shortest paths on the C classes: while a class holds too
       many images, the cheapest chain of moves (image of class ``a`` to
       class ``b``, costing ``scores[i, a] - scores[i, b]``; per pair of
       classes the cheapest candidate comes from a sorted array and a heap)
       from an over-full class to an under-full one is found by
       Bellman-Ford and carried out. Each step keeps the labelling optimal
       for its counts (the min-cost-flow invariant: no negative cycle), so
       the final one is optimal for the quotas.

    Args:
        scores (np.ndarray): (N, C) scores, higher is better.
        quotas (Sequence[int]): Images per class, adding up to N.

    Returns:
        np.ndarray: (N,) labels.
    """
    scores = np.asarray(scores, dtype=np.float64)
    quotas = np.asarray(quotas, dtype=np.int64)
    num_images, num_classes = scores.shape
    if quotas.shape != (num_classes, ) or (quotas < 0).any() or \
            quotas.sum() != num_images:
        raise ValueError(f'quotas {quotas.tolist()} for scores of shape '
                         f'{scores.shape}; expected one non-negative count '
                         'per class, adding up to the number of images')
    if num_images == 0:
        return np.zeros(0, dtype=np.int64)
    prices = _balancing_prices(scores, quotas)
    labels = np.argmax(scores - prices, axis=1)
    return _ClassMoves(scores, labels).fill_quotas(quotas)


def _balancing_prices(scores: np.ndarray,
                      quotas: np.ndarray,
                      max_sweeps: int = 10) -> np.ndarray:
    """Class prices at which each image's ``argmax(scores - prices)``
    nearly fills the quotas (block-coordinate sweeps of the dual)."""
    num_images, num_classes = scores.shape
    prices = np.zeros(num_classes)
    if num_classes == 1:
        return prices
    for _ in range(max_sweeps):
        for cls in range(num_classes):
            reduced = scores - prices
            reduced[:, cls] = -np.inf
            margin = scores[:, cls] - reduced.max(1)
            quota = quotas[cls]
            if quota == 0:
                prices[cls] = margin.max() + 1.0
            elif quota == num_images:
                prices[cls] = margin.min() - 1.0
            else:  # quota images have a margin above the price
                cut = num_images - quota
                low, high = np.partition(margin, [cut - 1, cut])[cut - 1:cut
                                                                 + 1]
                prices[cls] = (low + high) / 2
        counts = np.bincount(
            np.argmax(scores - prices, axis=1), minlength=num_classes)
        if (counts == quotas).all():
            break
    return prices


class _ClassMoves:
    """The labelling and, per ordered pair of classes ``(a, b)``, the
    images of ``a`` by the score they lose when moved to ``b``."""

    def __init__(self, scores: np.ndarray, labels: np.ndarray) -> None:
        self.scores = scores
        self.labels = labels
        self.num_classes = scores.shape[1]
        self.sorted_costs, self.sorted_images = {}, {}
        self.next_index = {}
        self.arrivals = {}  # (a, b) -> heap of (cost, image) moved into a
        for a in range(self.num_classes):
            members = np.flatnonzero(labels == a)
            for b in range(self.num_classes):
                if a == b:
                    continue
                cost = scores[members, a] - scores[members, b]
                order = np.argsort(cost, kind='stable')
                self.sorted_costs[a, b] = cost[order]
                self.sorted_images[a, b] = members[order]
                self.next_index[a, b] = 0
                self.arrivals[a, b] = []

    def cheapest_move(self, a: int, b: int) -> Tuple[float, int]:
        """The least score lost by moving one image of class ``a`` to
        ``b``, and that image (``(inf, -1)`` when ``a`` is empty)."""
        labels = self.labels
        images, index = self.sorted_images[a, b], self.next_index[a, b]
        while index < len(images) and labels[images[index]] != a:
            index += 1
        self.next_index[a, b] = index
        best = (float(self.sorted_costs[a, b][index]),
                int(images[index])) if index < len(images) else (np.inf, -1)
        heap = self.arrivals[a, b]
        while heap and labels[heap[0][1]] != a:
            heapq.heappop(heap)
        if heap and heap[0] < best:
            best = heap[0]
        return best

    def move(self, image: int, to_class: int) -> None:
        """Relabel ``image`` and list it among ``to_class``'s images."""
        self.labels[image] = to_class
        row = self.scores[image]
        for b in range(self.num_classes):
            if b != to_class:
                heapq.heappush(self.arrivals[to_class, b],
                               (float(row[to_class] - row[b]), image))

    def fill_quotas(self, quotas: np.ndarray) -> np.ndarray:
        """Successive shortest paths until every class holds its quota."""
        num_classes = self.num_classes
        excess = np.bincount(self.labels, minlength=num_classes) - quotas
        if not excess.any():
            return self.labels
        cost = np.full((num_classes, num_classes), np.inf)
        image = np.full((num_classes, num_classes), -1)
        stale = set(range(num_classes))
        # a relaxation must gain more than rounding can make up
        tolerance = 1e-12 * max(1.0, float(np.abs(self.scores).max()))
        while excess.any():
            for a in stale:
                for b in range(num_classes):
                    if a != b:
                        cost[a, b], image[a, b] = self.cheapest_move(a, b)
            dist = np.where(excess > 0, 0.0, np.inf)
            parent = np.full(num_classes, -1)
            for _ in range(num_classes - 1):
                through = dist[:, None] + cost
                best_from = through.argmin(0)
                best = through[best_from, np.arange(num_classes)]
                better = best < dist - tolerance
                if not better.any():
                    break
                dist[better] = best[better]
                parent[better] = best_from[better]
            short = np.where(excess < 0, dist, np.inf)
            target = int(short.argmin())
            if not np.isfinite(short[target]):
                raise RuntimeError('no chain of moves fills the quotas')
            path = [target]
            while parent[path[-1]] >= 0 and len(path) <= num_classes:
                path.append(int(parent[path[-1]]))
            path.reverse()  # over-full class first
            if excess[path[0]] <= 0:
                raise RuntimeError('rank decoding: a chain of moves did not '
                                   'start at an over-full class')
            for a, b in zip(path, path[1:]):
                self.move(int(image[a, b]), b)
            excess[path[0]] -= 1
            excess[target] += 1
            stale = set(path)
        return self.labels


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
