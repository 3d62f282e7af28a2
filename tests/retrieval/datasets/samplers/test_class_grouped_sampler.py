"""ClassGroupedSampler: P x K batches."""
from collections import Counter

import pytest
from mmpretrain.registry import DATA_SAMPLERS


class _Labels:
    """A dataset of labels only."""

    def __init__(self, labels):
        self.labels = labels

    def __len__(self):
        return len(self.labels)

    def get_cat_ids(self, i):
        return [self.labels[i]]


# landmark 0: 5 images, landmark 1: 2, landmark 2: 1
LABELS = [0, 1, 0, 0, 2, 1, 0, 0]


def _build(**kwargs):
    return DATA_SAMPLERS.build(
        dict(type='ClassGroupedSampler', dataset=_Labels(LABELS), **kwargs))


def test_groups_of_k_images_of_one_landmark():
    sampler = _build(images_per_class=2, seed=0)
    order = list(sampler)
    # groups: landmark 0 -> 3 groups (5 images + 1 drawn again), 1 -> 1,
    # 2 -> 1 (its image twice): 5 groups of 2
    assert len(order) == len(sampler) == 10
    groups = [order[s:s + 2] for s in range(0, 10, 2)]
    assert all(LABELS[a] == LABELS[b] for a, b in groups)
    assert Counter(LABELS[g[0]] for g in groups) == {0: 3, 1: 1, 2: 1}
    # every image at least once per epoch
    assert set(order) == set(range(len(LABELS)))


def test_seeded_and_new_order_each_epoch():
    first = _build(images_per_class=2, seed=3)
    again = _build(images_per_class=2, seed=3)
    assert list(first) == list(again)
    epochs = set()
    for epoch in range(5):
        first.set_epoch(epoch)
        epochs.add(tuple(first))
    assert len(epochs) > 1


def test_bad_group_size_is_named():
    with pytest.raises(ValueError, match='images_per_class=0'):
        _build(images_per_class=0)
