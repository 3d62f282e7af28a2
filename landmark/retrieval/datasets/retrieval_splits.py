"""Query/gallery and train/validation splits of retrieval data, seeded.

Validation splits never cut a run of near-duplicates: ``contiguous`` keeps
blocks of consecutive files (in file order) together, ``group`` holds out
whole landmarks, as the detection split tool does for COCO files (its
helpers live under ``landmark.detection``, which imports mmdet, so the
two rules are restated here on landmark ids and paths).
"""
import random
from collections import defaultdict
from typing import List, Sequence, Tuple

from landmark.retrieval.datasets.landmark_images import LandmarkImage

VAL_SPLIT_MODES = ('random', 'contiguous', 'group')


def split_query_gallery(items: Sequence[LandmarkImage],
                        queries_per_landmark: int = 1,
                        seed: int = 0) -> Tuple[List[int], List[int]]:
    """``(query, gallery)`` indices: ``queries_per_landmark`` images of
    each landmark with 2+ images become queries (one always stays in the
    gallery); single images stay in the gallery as distractors.

    Examples:
        >>> items = [LandmarkImage('a1.jpg', 'a'), LandmarkImage('a2.jpg',
        ...          'a'), LandmarkImage('b1.jpg', 'b')]
        >>> split_query_gallery(items)  # one 'a' queries, the rest stay
        ([1], [0, 2])
    """
    by_landmark = defaultdict(list)
    for i, item in enumerate(items):
        by_landmark[item.landmark_id].append(i)
    rng = random.Random(seed)
    queries = []
    for landmark in sorted(by_landmark):
        members = by_landmark[landmark]
        if len(members) >= 2:
            take = min(queries_per_landmark, len(members) - 1)
            queries += rng.sample(members, take)
    query_set = set(queries)
    return sorted(queries), [
        i for i in range(len(items)) if i not in query_set
    ]


def validation_split(items: Sequence[LandmarkImage],
                     mode: str = 'contiguous',
                     val_fraction: float = 0.2,
                     block_size: int = 10,
                     seed: int = 0) -> Tuple[List[int], List[int]]:
    """``(train, val)`` indices: units (single images, blocks of
    ``block_size`` consecutive paths, or whole landmarks) shuffled with
    ``seed`` and given to val until it holds ``val_fraction`` of the
    images.
    """
    if mode not in VAL_SPLIT_MODES:
        raise ValueError(f'split mode {mode!r}; expected one of '
                         f'{VAL_SPLIT_MODES}')
    if not 0 < val_fraction < 1:
        raise ValueError(f'val_fraction={val_fraction}; expected 0 < '
                         'val_fraction < 1')
    order = sorted(range(len(items)), key=lambda i: items[i].path)
    if mode == 'random':
        units = [[i] for i in order]
    elif mode == 'contiguous':
        units = [
            order[s:s + block_size] for s in range(0, len(order), block_size)
        ]
    else:
        groups = defaultdict(list)
        for i in order:
            groups[items[i].landmark_id].append(i)
        units = [groups[k] for k in sorted(groups)]
    random.Random(seed).shuffle(units)
    target = max(1, round(val_fraction * len(items)))
    val = []
    for unit in units:
        if len(val) >= target:
            break
        val += unit
    val_set = set(val)
    return [i for i in range(len(items)) if i not in val_set], sorted(val)
