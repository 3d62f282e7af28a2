"""Derive every random draw of training from (seed, epoch, iteration,
photo), so that a run resumed after ``kill -9`` replays the uninterrupted
run exactly."""
import collections
import multiprocessing
import random
import zlib
from typing import Any, Callable, Iterator, List, Optional, Tuple

import numpy as np
import torch
from mmengine.dataset import BaseDataset
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.registry import HOOKS
from mmengine.runner import IterBasedTrainLoop
from mmengine.runner.utils import set_random_seed
from torch.utils.data import get_worker_info


def derived_seed(*keys: int) -> int:
    """A seed for NumPy / Python / torch (below 2**32) mixed from ``keys``
    (NumPy's ``SeedSequence``: neighbouring keys give unrelated streams)."""
    entropy = [int(k) % 2**63 for k in keys]
    return int(np.random.SeedSequence(entropy).generate_state(1)[0])


class SeededPipeline:
    """A data pipeline that seeds Python, NumPy and torch before each photo.

    By epoch (epoch-based loops): the seed is ``(seed, epoch, sample_idx)``,
    so a photo's flips and crops depend on neither the data-loader worker
    that prepares it nor what that worker did before; a run resumed at an
    epoch, with fresh workers, draws what the uninterrupted run drew. The
    epoch is read from shared memory, which reaches persistent workers.
    Under a wrapper that shows a photo several times an epoch
    (``RepeatDataset``, ``ClassBalancedDataset``, ``MultiImageMixDataset``:
    ``repeated=True``) the worker and the photo's count in it this epoch
    join the seed, so each showing draws anew (deterministic still: batches
    go to the workers in turn from the start of each epoch).

    By stream (iteration-based loops, whose infinite sampler shows a photo
    many times in one "epoch"): the seed is ``(seed, worker, n)`` for the
    n-th photo this process prepares; MMEngine replays the data loader up
    to the resumed iteration, so the counts match.

    In the main process (``num_workers=0``) the generators' states are put
    back afterwards, so the model's draws are unaffected.

    Args:
        pipeline (Callable): The dataset's ``Compose`` pipeline.
        seed (int): The run's seed.
        epoch (multiprocessing.Value, optional): The current epoch, shared
            with the workers; None seeds by stream.
        repeated (bool): Whether a photo may come several times an epoch.
            Defaults to False.
    """

    def __init__(self,
                 pipeline: Callable,
                 seed: int,
                 epoch=None,
                 repeated: bool = False):
        self.pipeline = pipeline
        self.seed = seed
        self.epoch = epoch
        self.repeated = repeated
        self._count = 0
        self._worker_id = None
        self._shown = collections.Counter()  # this epoch, this process
        self._shown_epoch = None
        self._misses = 0  # unusable photos in a row in this worker

    def __getattr__(self, name):
        # Compose's own attributes (``transforms``) stay reachable
        if 'pipeline' not in self.__dict__:  # while unpickling
            raise AttributeError(name)
        return getattr(self.__dict__['pipeline'], name)

    def _photo_seed(self, results: dict) -> int:
        worker = get_worker_info()
        worker_id = -1 if worker is None else worker.id
        if self.epoch is not None:
            key = results.get('sample_idx')
            if key is None:  # not an MMEngine dataset's record: its path
                key = zlib.crc32(str(results.get('img_path')).encode())
            if not self.repeated:
                return derived_seed(self.seed, self.epoch.value, key)
            if self._shown_epoch != (self.epoch.value, worker_id):
                self._shown_epoch = (self.epoch.value, worker_id)
                self._shown.clear()
            self._shown[key] += 1
            return derived_seed(self.seed, self.epoch.value, key,
                                worker_id + 1, self._shown[key])
        if worker_id != self._worker_id:  # a new worker starts counting
            self._worker_id, self._count = worker_id, 0
        self._count += 1
        return derived_seed(self.seed, worker_id + 1, self._count)

    def __call__(self, results: dict):
        seed = self._photo_seed(results)
        if get_worker_info() is None:
            with _generators_kept():
                set_random_seed(seed)
                return self.pipeline(results)
        set_random_seed(seed)
        prepared = self.pipeline(results)
        if prepared is None:
            # MMEngine's BaseDataset then draws the photo to fetch instead
            # from NumPy's generator, which this call just seeded from the
            # photo alone: each unusable photo would lead to one fixed
            # next photo, and a cycle of unusable photos would be fetched
            # until "Cannot find valid image after 1000". Seeding the draw
            # with the misses in a row as well makes each draw a new one
            # (still the same in a resumed run: the chain of misses starts
            # anew at every photo the sampler hands out).
            self._misses += 1
            set_random_seed(derived_seed(seed, self._misses))
        else:
            self._misses = 0
        return prepared


class _generators_kept:
    """Put Python's, NumPy's and torch's generator states back on exit."""

    def __enter__(self):
        self._states = (random.getstate(), np.random.get_state(),
                        torch.get_rng_state())

    def __exit__(self, *exc):
        random.setstate(self._states[0])
        np.random.set_state(self._states[1])
        torch.set_rng_state(self._states[2])


def _pipelined_datasets(dataset,
                        repeated: bool = False) -> Iterator[Tuple[Any, bool]]:
    """The datasets inside ``dataset`` (itself, or those a Concat-, Repeat-,
    ClassBalanced- or MultiImageMixDataset wraps) that run a pipeline per
    photo, each with whether a wrapper may show its photos several times
    an epoch (every wrapper of one dataset may)."""
    if isinstance(dataset, BaseDataset):
        yield dataset, repeated
        return
    for inner in getattr(dataset, 'datasets', []):
        yield from _pipelined_datasets(inner, repeated)
    inner = getattr(dataset, 'dataset', None)
    if inner is not None:
        yield from _pipelined_datasets(inner, True)


def _samplers(dataloader) -> List:
    """The loader's samplers that shuffle with a seed (the batch sampler's
    included)."""
    found = []
    for sampler in (getattr(dataloader, 'sampler', None),
                    getattr(getattr(dataloader, 'batch_sampler', None),
                            'sampler', None)):
        if hasattr(sampler, 'seed') and sampler not in found:
            found.append(sampler)
    return found


@HOOKS.register_module()
class EpochSeedHook(Hook):
    """Make a resumed run replay the uninterrupted one exactly.

    MMEngine's checkpoint keeps the weights, the optimizer, the schedulers,
    the epoch and iteration and the seed, but no random state: a run
    resumed after a crash or ``kill -9`` draws other flips, other box
    samples and (with persistent data-loader workers, seeded once when they
    start) another augmentation stream, and drifts away from the run it
    continues. This hook derives every draw from the run's seed instead:

    - the shuffling: the samplers' seed is set from the run's seed (which
      the checkpoint keeps) after resuming, not drawn when they were built;
    - the augmentation: each photo's pipeline is seeded with
      ``(seed, epoch, photo index)`` in whichever worker runs it
      (:class:`SeededPipeline`; by worker stream in iteration-based loops);
    - the model's draws (proposal sampling, random queries, dropout,
      batch augmentation): Python, NumPy and torch are seeded with
      ``(seed, iteration, rank)`` before each training iteration.

    The tools add it to every training config (``exact_resume = False`` in
    a config leaves it out). With ``randomness = dict(deterministic=True)``
    a run resumed from an epoch checkpoint (an iteration checkpoint in an
    iteration-based loop) ends with the same weights as the uninterrupted
    run, whatever its data-loader workers.

    Args:
        seed (int, optional): The base seed; defaults to the runner's
            (``randomness.seed``, or the one MMEngine chose and keeps in
            the checkpoint).

    Examples:
        >>> custom_hooks = [dict(type='EpochSeedHook')]
        >>> randomness = dict(seed=0, deterministic=True)
    """

    priority = 'VERY_HIGH'  # before any other hook draws a random number

    def __init__(self, seed: Optional[int] = None):
        self.seed = seed
        self._epoch = None

    def _run_seed(self, runner) -> int:
        return self.seed if self.seed is not None else runner.seed

    def before_train(self, runner) -> None:
        """Seed the samplers and the pipelines from the (resumed) seed."""
        seed = self._run_seed(runner)
        loop = runner.train_loop
        dataloader = loop.dataloader
        for sampler in _samplers(dataloader):
            sampler.seed = derived_seed(seed, 0)
        if not isinstance(loop, IterBasedTrainLoop):
            self._epoch = multiprocessing.Value('q', runner.epoch, lock=False)
        for dataset, repeated in _pipelined_datasets(dataloader.dataset):
            if not isinstance(dataset.pipeline, SeededPipeline):
                dataset.pipeline = SeededPipeline(dataset.pipeline, seed,
                                                  self._epoch, repeated)

    def before_train_epoch(self, runner) -> None:
        """Tell the pipelines (in every worker) the epoch."""
        if self._epoch is not None:
            self._epoch.value = runner.epoch

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        """Seed the generators with ``(seed, iteration, rank)``."""
        set_random_seed(
            derived_seed(self._run_seed(runner), 1, runner.iter, get_rank()))
