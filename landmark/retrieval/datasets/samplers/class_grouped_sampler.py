"""Batches of a few landmarks with several images each, for metric
losses."""
import math
from typing import Iterator, List, Optional

import numpy as np
from mmengine.dist import get_dist_info, sync_random_seed
from mmpretrain.registry import DATA_SAMPLERS
from torch.utils.data import Sampler


@DATA_SAMPLERS.register_module()
class ClassGroupedSampler(Sampler):
    """Yields the dataset in groups of ``images_per_class`` images of one
    landmark (``gt_label``), groups in a seeded random order, so that a
    batch of ``P * images_per_class`` images holds ``P`` landmarks with
    ``images_per_class`` images each (the "P x K" batches of Hermans et
    al.): every anchor of a triplet loss then has positives and negatives.

    Each epoch a landmark's images are shuffled and cut into groups; the
    last group of a landmark is completed with others of its images drawn
    at random (an image alone is repeated: its augmented views are the
    positives). One epoch visits every image at least once. Under
    distributed training each process takes every ``world_size``-th group.

    Args:
        dataset: A dataset with ``get_cat_ids(i)`` (mmpretrain's
            ``BaseDataset``) .
        images_per_class (int): ``K``. Defaults to 4; make the batch size
            a multiple of it.
        seed (int, optional): Defaults to a seed shared by the processes.

    Examples:
        >>> train_dataloader = dict(
        ...     batch_size=32,
        ...     sampler=dict(type='ClassGroupedSampler', images_per_class=4))
    """

    def __init__(self,
                 dataset,
                 images_per_class: int = 4,
                 seed: Optional[int] = None):
        if images_per_class < 1:
            raise ValueError(f'ClassGroupedSampler: images_per_class='
                             f'{images_per_class}; expected 1 or more')
        self.rank, self.world_size = get_dist_info()
        self.images_per_class = images_per_class
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0
        by_label = {}
        for i in range(len(dataset)):
            label = int(dataset.get_cat_ids(i)[0])
            by_label.setdefault(label, []).append(i)
        self.by_label = [by_label[k] for k in sorted(by_label)]
        num_groups = sum(
            math.ceil(len(m) / images_per_class) for m in self.by_label)
        self.num_samples = math.ceil(
            num_groups / self.world_size) * images_per_class

    def groups(self) -> List[List[int]]:
        """This epoch's groups, in order (before the split by process)."""
        rng = np.random.default_rng([self.seed, self.epoch])
        k = self.images_per_class
        groups = []
        for members in self.by_label:
            order = [members[i] for i in rng.permutation(len(members))]
            short = -len(order) % k
            order += [members[i] for i in rng.integers(0, len(members), short)]
            groups += [order[s:s + k] for s in range(0, len(order), k)]
        return [groups[i] for i in rng.permutation(len(groups))]

    def __iter__(self) -> Iterator[int]:
        groups = self.groups()
        per_process = self.num_samples // self.images_per_class
        groups += groups[:per_process * self.world_size - len(groups)]
        for group in groups[self.rank::self.world_size]:
            yield from group

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """A new order each epoch (called by MMEngine's loops)."""
        self.epoch = epoch
