"""Train/val split of a COCO file by seed, optionally by groups.

A random split of near-duplicate photos (bursts, frames of one video, the
same landmark shot from one spot) leaks: the validation score then measures
memory. ``contiguous`` keeps runs of consecutive file names together and
``group`` keeps all images whose names share a key together.
"""
import random
import re
from collections import defaultdict
from typing import Dict, List, Tuple

SPLIT_MODES = ('random', 'contiguous', 'group')


def parse_val_fraction(text: str) -> float:
    """``--val-fraction`` as a number in (0, 1).

    Raises:
        ValueError: Naming the value and what was expected.
    """
    try:
        fraction = float(text)
    except (TypeError, ValueError):
        fraction = None
    if fraction is None or not 0 < fraction < 1:
        raise ValueError(f'--val-fraction {text!r}: expected a number in '
                         '(0, 1), e.g. 0.2')
    return fraction


def _natural_key(name: str):
    parts = re.split(r'(\d+)', name)
    return [int(t) if t.isdigit() else t.lower() for t in parts]


def group_images(
        images: List[dict],
        mode: str = 'random',
        block_size: int = 10,
        group_pattern: str = r'^(.*?)[-_ ]?\d*\.\w+$') -> List[List[dict]]:
    """Partition images into the units that a split never cuts.

    Args:
        images (list[dict]): COCO ``images`` entries.
        mode (str): ``'random'`` (each image alone), ``'contiguous'`` (runs
            of ``block_size`` images in natural file-name order) or
            ``'group'`` (images whose ``file_name`` gives the same first
            capture group of ``group_pattern``). Defaults to ``'random'``.
        block_size (int): Images per run for ``'contiguous'``.
        group_pattern (str): Regex for ``'group'``; the default groups
            ``tower_001.jpg`` and ``tower_002.jpg`` together.
    """
    if mode not in SPLIT_MODES:
        raise ValueError(f'split mode must be one of {SPLIT_MODES}, got '
                         f'{mode!r}')
    ordered = sorted(images, key=lambda im: _natural_key(im['file_name']))
    if mode == 'random':
        return [[im] for im in ordered]
    if mode == 'contiguous':
        if block_size < 1:
            raise ValueError(f'block_size must be >= 1, got {block_size}')
        return [
            ordered[i:i + block_size]
            for i in range(0, len(ordered), block_size)
        ]
    try:
        pattern = re.compile(group_pattern)
    except re.error as err:
        raise ValueError(f'group pattern {group_pattern!r} is not a regular '
                         f'expression ({err})') from None
    groups: Dict[str, List[dict]] = defaultdict(list)
    for im in ordered:
        match = pattern.match(im['file_name'])
        key = match.group(1) if match and match.groups() else im['file_name']
        groups[key].append(im)
    return list(groups.values())


def split_coco(
        coco: dict,
        val_fraction: float = 0.2,
        seed: int = 0,
        mode: str = 'random',
        block_size: int = 10,
        group_pattern: str = r'^(.*?)[-_ ]?\d*\.\w+$') -> Tuple[dict, dict]:
    """Split a COCO dictionary into train and val dictionaries.

    Groups (see :func:`group_images`) are shuffled with ``seed`` and given
    to val until it holds ``round(val_fraction * num_images)`` images or
    more; the same seed always gives the same split.

    Returns:
        tuple[dict, dict]: ``(train, val)``, each with its own images and
        annotations and the shared categories.
    """
    if not 0 < val_fraction < 1:
        raise ValueError(f'val_fraction must be in (0, 1), got {val_fraction}')
    groups = group_images(coco['images'], mode, block_size, group_pattern)
    random.Random(seed).shuffle(groups)
    target = max(1, round(val_fraction * len(coco['images'])))
    val_ids = set()
    for group in groups:
        if len(val_ids) >= target:
            break
        val_ids.update(im['id'] for im in group)

    def subset(keep) -> dict:
        images = [im for im in coco['images'] if keep(im['id'])]
        ids = {im['id'] for im in images}
        return dict(
            coco,
            images=images,
            annotations=[
                a for a in coco.get('annotations', []) if a['image_id'] in ids
            ])

    return subset(lambda i: i not in val_ids), subset(lambda i: i in val_ids)
