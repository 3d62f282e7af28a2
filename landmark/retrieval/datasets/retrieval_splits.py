"""Query/gallery and train/val/gallery/query splits of retrieval data,
seeded."""
import os
import os.path as osp
import random
from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

from landmark.core.submission import write_csv_rows
from landmark.retrieval.datasets.landmark_images import (CSV_COLUMNS,
                                                         LandmarkImage)

# the CSVs the retrieval configs read, in the order they are written
SPLIT_FILES = ('train', 'val', 'gallery', 'query')


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


def retrieval_splits(items: Sequence[LandmarkImage],
                     test_fraction: float = 0.2,
                     queries_per_id: int = 1,
                     val_per_id: int = 1,
                     seed: int = 0) -> Dict[str, List[int]]:
    """Indices of ``train``, ``val``, ``gallery`` and ``query``, seeded;
    no photo is in two of them.

    A ``test_fraction`` of the ids with 2+ photos is held out (ids the
    model never trains on, as in a real retrieval test): of each,
    ``queries_per_id`` photos are queries and the rest (at least one) the
    gallery. Every other id trains; of each with 2+ photos,
    ``val_per_id`` photos (one always stays) are the validation queries,
    answered against ``train`` (the configs' validation gallery). Photos
    without an id are left out.

    Raises:
        ValueError: No id has 2 photos, none is left to train, or a
            fraction outside (0, 1).

    Examples:
        >>> items = [LandmarkImage(f'{c}{i}.jpg', c) for c in 'abcde'
        ...          for i in range(3)]
        >>> parts = retrieval_splits(items)  # 1 of 5 ids held out
        >>> {k: len(v) for k, v in parts.items()}
        {'train': 8, 'val': 4, 'gallery': 2, 'query': 1}
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f'--test-fraction {test_fraction}; expected a '
                         'share of the ids in (0, 1)')
    if queries_per_id < 1 or val_per_id < 0:
        raise ValueError('expected --queries-per-id >= 1 and --val-per-id '
                         '>= 0')
    by_id = defaultdict(list)
    for i, item in enumerate(items):
        if item.landmark_id:
            by_id[item.landmark_id].append(i)
    several = sorted(k for k, members in by_id.items() if len(members) >= 2)
    if not several:
        raise ValueError(f'{len(by_id)} id(s), none with 2 photos; expected '
                         'at least one id with 2+ photos to query')
    rng = random.Random(seed)
    held_out = set(
        rng.sample(several, max(1, round(test_fraction * len(several)))))
    parts = {name: [] for name in SPLIT_FILES}
    for landmark in sorted(by_id):
        members = sorted(by_id[landmark], key=lambda i: items[i].path)
        if landmark in held_out:
            asked = set(rng.sample(members, min(queries_per_id,
                                                len(members) - 1)))
            first, rest = 'query', 'gallery'
        else:
            take = min(val_per_id, len(members) - 1)
            asked = set(rng.sample(members, take))
            first, rest = 'val', 'train'
        parts[first] += [i for i in members if i in asked]
        parts[rest] += [i for i in members if i not in asked]
    if not parts['train']:
        raise ValueError(
            f'all {len(held_out)} id(s) with 2+ photos are held out for the '
            'gallery and queries, none is left to train; expected more ids or '
            'a smaller --test-fraction')
    return {name: sorted(part) for name, part in parts.items()}


def write_retrieval_splits(items: Sequence[LandmarkImage],
                           parts: Dict[str, List[int]],
                           out_dir: str) -> Dict[str, str]:
    """Write ``<out_dir>/{train,val,gallery,query}.csv`` (``filename,
    landmark_id``, file names relative to ``out_dir``, the configs'
    ``data_root``), each atomically.

    Returns:
        dict: Split name -> the CSV written.
    """
    os.makedirs(out_dir, exist_ok=True)
    written = {}
    for name in SPLIT_FILES:
        path = osp.join(out_dir, f'{name}.csv')
        rows = [(osp.relpath(items[i].path, out_dir).replace('\\', '/'),
                 items[i].landmark_id) for i in parts[name]]
        write_csv_rows(path, CSV_COLUMNS, rows)
        written[name] = path
    return written
