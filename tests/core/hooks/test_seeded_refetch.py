"""A training set with unusable photos under ``EpochSeedHook``: MMEngine's
``BaseDataset`` fetches another photo for each one the pipeline skips, and
that draw must not be a fixed function of the skipped photo (a cycle of
unusable photos was refetched until "Cannot find valid image after 1000",
seen in CI on the bad-input corpus with 2 data-loader workers)."""
import multiprocessing
from types import SimpleNamespace

import pytest
from mmengine.dataset import BaseDataset

from landmark.core.hooks import epoch_seed_hook
from landmark.core.hooks.epoch_seed_hook import SeededPipeline

# 6 of 20 photos unusable, as in the bad-input corpus
UNUSABLE = {2, 5, 7, 11, 13, 17}


class _Photos(BaseDataset):

    def load_data_list(self):
        return [dict(photo=i) for i in range(20)]


def _prepare(results):
    """The training pipeline: ``None`` for an unusable photo, as
    ``ImageSkipper`` returns."""
    return None if results['photo'] in UNUSABLE else results['photo']


def _photos_fetched(seed: int, epoch: int = 0) -> list:
    dataset = _Photos(pipeline=[], serialize_data=False)
    dataset.pipeline = SeededPipeline(
        _prepare, seed, multiprocessing.Value('q', epoch, lock=False))
    return [dataset[i] for i in range(len(dataset))]


@pytest.fixture
def in_a_worker(monkeypatch):
    """Run the pipeline as in a data-loader worker, where it seeds the
    generators and leaves them so (the draw of the next photo included)."""
    monkeypatch.setattr(epoch_seed_hook, 'get_worker_info',
                        lambda: SimpleNamespace(id=0))


def test_every_seed_finds_a_usable_photo_for_each_unusable_one(in_a_worker):
    for seed in range(16):  # seeds 1 and 2 cycled without the fix
        fetched = _photos_fetched(seed)
        assert all(photo not in UNUSABLE for photo in fetched), seed
        usable = [i for i in range(20) if i not in UNUSABLE]
        assert [fetched[i] for i in usable] == usable


def test_the_photos_fetched_instead_replay_in_a_resumed_run(in_a_worker):
    assert _photos_fetched(3, epoch=1) == _photos_fetched(3, epoch=1)
    assert _photos_fetched(3, epoch=1) != _photos_fetched(3, epoch=2)
