import logging
import os.path as osp

import pytest
import torch
from mmengine.logging import MMLogger
from mmengine.model import BaseModel
from mmengine.runner import Runner
from mmengine.runner.checkpoint import CheckpointLoader
from torch.utils.data import Dataset

import landmark.detection  # noqa: F401 (its compat call: the safe loader)
from landmark.core import (TRUST_ENV_VAR, CorruptCheckpointError,
                           UnsafeCheckpointError, load_checkpoint_safely,
                           trust_legacy_checkpoints)


class ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs).squeeze(1)
        if mode == 'loss':
            return dict(loss=((out - data_samples)**2).mean())
        return out


class ToyDataset(Dataset):
    metainfo = dict(classes=('a', ))

    def __len__(self):
        return 12

    def __getitem__(self, index):
        gen = torch.Generator().manual_seed(index)
        return dict(
            inputs=torch.rand(2, generator=gen), data_samples=torch.tensor(1.))


class NotAWeight:
    """Anything outside the allowlist: unpickling it could run code."""


def make_runner(work_dir, **kwargs):
    return Runner(
        model=ToyModel(),
        work_dir=str(work_dir),
        train_dataloader=dict(
            dataset=ToyDataset(),
            sampler=dict(type='DefaultSampler', shuffle=True),
            batch_size=3,
            collate_fn=dict(type='default_collate')),
        train_cfg=dict(by_epoch=False, max_iters=4),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9)),
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=2,
                            by_epoch=False)),
        randomness=dict(seed=0),
        default_scope='mmdet',
        **kwargs)


@pytest.fixture(autouse=True)
def no_trust(monkeypatch):
    monkeypatch.delenv(TRUST_ENV_VAR, raising=False)
    trust_legacy_checkpoints(None)
    yield
    trust_legacy_checkpoints(None)


def test_local_files_go_through_the_safe_loader():
    loader = CheckpointLoader._get_checkpoint_loader('/some/epoch_1.pth')
    assert loader.__module__ == 'landmark.core.checkpoint_loader'
    assert CheckpointLoader._get_checkpoint_loader(
        'torchvision://resnet18') is not loader


def test_runner_checkpoint_resumes_with_optimizer_state(tmp_path):
    make_runner(tmp_path / 'a').train()
    ckpt = osp.join(tmp_path, 'a', 'iter_2.pth')
    # what mmengine 0.10.7 does on torch>=2.6 without landmark: refused
    with pytest.raises(Exception, match='weights_only'):
        torch.load(ckpt)

    saved = load_checkpoint_safely(ckpt)
    assert saved['meta']['iter'] == 2
    runner = make_runner(tmp_path / 'b')
    runner.resume(ckpt)
    assert runner.iter == 2
    state = runner.optim_wrapper.state_dict()['state']
    for key, value in saved['optimizer']['state'].items():
        assert torch.equal(state[key]['momentum_buffer'],
                           value['momentum_buffer'])


def test_unknown_pickled_object_is_refused_unless_trusted(
        tmp_path, monkeypatch):
    path = str(tmp_path / 'legacy.pth')
    torch.save(dict(state_dict={}, extra=NotAWeight()), path)
    with pytest.raises(UnsafeCheckpointError) as err:
        CheckpointLoader.load_checkpoint(path)
    message = str(err.value)
    assert 'legacy.pth' in message and 'NotAWeight' in message
    assert f'{TRUST_ENV_VAR}=1' in message

    monkeypatch.setenv(TRUST_ENV_VAR, '1')
    logged = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    try:
        assert isinstance(
            CheckpointLoader.load_checkpoint(path)['extra'], NotAWeight)
    finally:
        logger.removeHandler(handler)
    # the opt-in names the file and what it allows
    (warning, ) = [m for m in logged if 'weights_only=False' in m]
    assert warning.startswith(f'{TRUST_ENV_VAR}=1: unpickling {path!r}')
    assert 'ANY object' in warning
    trust_legacy_checkpoints(False)  # an explicit no beats the variable
    with pytest.raises(UnsafeCheckpointError):
        CheckpointLoader.load_checkpoint(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        CheckpointLoader.load_checkpoint(str(tmp_path / 'nope.pth'))


class Sneaky:
    """Pickles as getattr(HistoryBuffer, '__init__'): a walk the narrow
    getattr of the loader must refuse."""

    def __reduce__(self):
        from mmengine.logging import HistoryBuffer
        return getattr, (HistoryBuffer, '__init__')


def test_getattr_is_limited_to_history_buffer_statistics(tmp_path):
    path = str(tmp_path / 'sneaky.pth')
    torch.save(dict(x=Sneaky()), path)
    with pytest.raises(Exception, match='statistics methods'):
        load_checkpoint_safely(path)


@pytest.mark.parametrize('content, expected', [
    (b'', 'is empty (0 bytes)'),
    (b'hello', 'is not a readable checkpoint'),
    ('half', 'is truncated or not a torch.save file'),
])
def test_unreadable_checkpoint_is_named_with_its_size(tmp_path, content,
                                                      expected):
    path = tmp_path / 'epoch_1.pth'
    torch.save({'state_dict': {'w': torch.ones(8)}}, path)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2] if content == 'half' else content)
    with pytest.raises(CorruptCheckpointError) as info:
        load_checkpoint_safely(str(path))
    message = str(info.value)
    assert str(path) in message and expected in message
    assert f'({path.stat().st_size} bytes)' in message or 'empty' in message
    assert '\n' not in message
