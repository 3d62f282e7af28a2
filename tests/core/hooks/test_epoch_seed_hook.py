"""EpochSeedHook: a run resumed from a checkpoint replays the
uninterrupted run, whatever its data-loader workers do.

A toy MMEngine run (no detector: seconds) whose every step draws random
numbers where real training does: the sampler shuffles, the pipeline flips
(in 2 persistent workers), the model adds noise. Resumed from the
checkpoint of epoch 1 (iteration 4 for the iteration-based loop) in a
fresh runner, as ``tools/train.py --resume`` does after ``kill -9``, it
must end with the same weights, bit for bit.
"""
import copy
import itertools
import random

import numpy as np
import pytest
import torch
from mmengine.dataset import BaseDataset
from mmengine.model import BaseModel
from mmengine.runner import Runner

from landmark.core.hooks.epoch_seed_hook import (EpochSeedHook,
                                                 SeededPipeline, derived_seed)


RUNS = itertools.count()


@pytest.fixture(autouse=True)
def own_checkpoints_load(monkeypatch):
    """The toy runs resume from checkpoints they wrote themselves; torch's
    weights-only loading refuses MMEngine's message hub in them."""
    monkeypatch.setenv('TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD', '1')


class RandomFlipNumbers:
    """A pipeline step drawing from Python, NumPy and torch, as flips,
    crops and colour jitter do."""

    def __call__(self, results):
        value = float(results['value'])
        if random.random() < 0.5:
            value = -value
        value += float(np.random.uniform(-0.1, 0.1))
        value *= float(torch.rand(1)) + 0.5
        return dict(inputs=torch.tensor([value, 1.0]))


class NumbersDataset(BaseDataset):

    def load_data_list(self):
        return [dict(value=i + 1) for i in range(8)]


class NoisyLinear(BaseModel):
    """A 2-weight model whose forward draws noise (as proposal sampling
    or dropout do)."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(2))

    def forward(self, inputs, data_samples=None, mode='loss'):
        x = torch.stack(inputs)
        noise = torch.randn(len(x)) * 0.01
        return dict(loss=((x @ self.weight + noise)**2).mean())


def run_config(work_dir, by_epoch=True, num_workers=2, hooks=True, seed=0,
               repeat=False):
    dataset = dict(
        type=NumbersDataset,
        pipeline=[dict(type=RandomFlipNumbers)],
        serialize_data=False)
    if repeat:  # each photo twice an epoch, as the membrane configs do
        dataset = dict(type='RepeatDataset', times=2, dataset=dataset)
    dataloader = dict(
        dataset=dataset,
        sampler=dict(
            type='DefaultSampler' if by_epoch else 'InfiniteSampler',
            shuffle=True),
        collate_fn=dict(type='pseudo_collate'),
        batch_size=2,
        num_workers=num_workers,
        persistent_workers=num_workers > 0)
    schedule = dict(by_epoch=True, max_epochs=3) if by_epoch else dict(
        by_epoch=False, max_iters=12)
    return dict(
        model=dict(type=NoisyLinear),
        work_dir=str(work_dir),
        train_dataloader=dataloader,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=schedule,
        default_hooks=dict(
            checkpoint=dict(
                type='CheckpointHook', interval=1 if by_epoch else 4,
                by_epoch=by_epoch),
            logger=dict(type='LoggerHook', interval=1)),
        custom_hooks=[dict(type=EpochSeedHook)] if hooks else [],
        randomness=dict(seed=seed),
        experiment_name=f'{work_dir.name}-{next(RUNS)}',
        default_scope='mmengine',
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        log_level='WARNING')


def train(cfg, resume_from=None):
    cfg = copy.deepcopy(cfg)
    if resume_from:
        cfg.update(resume=True, load_from=resume_from)
    runner = Runner(**cfg)
    runner.train()
    stop_persistent_workers(runner)
    return runner.model.weight.detach().clone()


def stop_persistent_workers(runner) -> None:
    """Stop the run's persistent data-loader workers now, not when the
    garbage collector frees the runner.

    The runner and its loops refer to each other, so only the cyclic
    collector frees them; by then multiprocessing has closed the workers'
    index queues, the stop message never reaches them, and torch waits
    5 s for each (``MP_STATUS_CHECK_INTERVAL``) before killing it: ~20 s
    of idle waiting a test (two runs of two workers).
    """
    iterator = getattr(runner.train_loop.dataloader, '_iterator', None)
    if iterator is not None:  # the same one for the iteration-based loop
        iterator._shutdown_workers()


@pytest.mark.slow  # 6 toy trainings, 2 data-loader workers each
@pytest.mark.parametrize('by_epoch,num_workers,seed,repeat,checkpoint', [
    (True, 2, 0, False, 'epoch_1.pth'),
    (True, 0, 0, False, 'epoch_1.pth'),
    (True, 2, None, False, 'epoch_1.pth'),  # MMEngine draws it, as shipped
    (True, 2, 0, True, 'epoch_1.pth'),  # RepeatDataset
    (False, 2, 0, False, 'iter_4.pth'),
    (False, 0, 0, False, 'iter_4.pth'),
])
def test_a_resumed_run_ends_with_the_uninterrupted_weights(
        tmp_path, by_epoch, num_workers, seed, repeat, checkpoint):
    cfg = run_config(
        tmp_path / 'whole', by_epoch, num_workers, seed=seed, repeat=repeat)
    whole = train(cfg)
    # the seed a fresh process would have drawn differs: only the hook's
    # derived seeds (and the checkpoint's seed) may matter
    random.seed(123), np.random.seed(123), torch.manual_seed(123)
    resumed = train(cfg, str(tmp_path / 'whole' / checkpoint))
    assert torch.equal(resumed, whole)


@pytest.mark.slow
def test_without_the_hook_the_resumed_run_drifts(tmp_path):
    """What the hook is for: MMEngine alone resumes onto other weights."""
    cfg = run_config(tmp_path / 'whole', hooks=False)
    whole = train(cfg)
    random.seed(123), np.random.seed(123), torch.manual_seed(123)
    resumed = train(cfg, str(tmp_path / 'whole' / 'epoch_1.pth'))
    assert not torch.equal(resumed, whole)


def test_a_photo_draws_the_same_in_any_worker_and_differs_by_epoch():
    import multiprocessing
    epoch = multiprocessing.Value('q', 0, lock=False)
    pipeline = SeededPipeline(RandomFlipNumbers(), seed=7, epoch=epoch)
    first = pipeline(dict(value=3, sample_idx=2))['inputs']
    torch.rand(5), random.random()  # whatever ran before in the worker
    assert torch.equal(pipeline(dict(value=3, sample_idx=2))['inputs'],
                       first)
    epoch.value = 1
    assert not torch.equal(
        pipeline(dict(value=3, sample_idx=2))['inputs'], first)


def test_a_photo_shown_twice_an_epoch_draws_anew_each_time():
    """Under RepeatDataset: two showings, two draws; the same again in a
    replay of the epoch (a fresh copy of the pipeline, as after resuming).
    """
    import multiprocessing
    epoch = multiprocessing.Value('q', 3, lock=False)

    def showings():
        pipeline = SeededPipeline(
            RandomFlipNumbers(), seed=7, epoch=epoch, repeated=True)
        return [pipeline(dict(value=3, sample_idx=2))['inputs']
                for _ in range(2)]

    first, second = showings()
    assert not torch.equal(first, second)
    again = showings()
    assert torch.equal(again[0], first) and torch.equal(again[1], second)


def test_the_main_process_generators_are_left_as_they_were():
    """With num_workers=0 the pipeline runs in the main process: the
    model's draws must not be reseeded by it."""
    pipeline = SeededPipeline(RandomFlipNumbers(), seed=7, epoch=None)
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    pipeline(dict(value=3, sample_idx=0))
    assert torch.equal(torch.rand(3), expected)


def test_derived_seeds_differ_for_neighbouring_keys():
    seeds = {derived_seed(0, epoch, idx) for epoch in range(3)
             for idx in range(100)}
    assert len(seeds) == 300
    assert all(0 <= s < 2**32 for s in seeds)
    assert derived_seed(0, 1, 2) == derived_seed(0, 1, 2)
