"""Checkpoints go through the ``atomic_local`` backend that the configs
choose; MMEngine's own ``local`` backend is left as it is."""
import glob
import os

import pytest
import torch
from mmengine.config import Config
from mmengine.fileio import get_file_backend
from mmengine.fileio.backends import LocalBackend
from mmengine.runner.checkpoint import save_checkpoint

from landmark.core import ATOMIC_BACKEND_ARGS, AtomicLocalBackend, atomic_io
from landmark.testing import REPO_ROOT


def test_a_checkpoint_interrupted_before_its_rename_leaves_no_file(
        tmp_path, monkeypatch):
    target = tmp_path / 'epoch_1.pth'

    def crash(fd):
        raise KeyboardInterrupt('killed while writing')

    monkeypatch.setattr(atomic_io.os, 'fsync', crash)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint({'state_dict': {'w': torch.ones(3)}},
                        str(target),
                        backend_args=ATOMIC_BACKEND_ARGS)
    # no half-written epoch_1.pth, and no temporary file left behind
    assert os.listdir(tmp_path) == []


def test_the_atomic_backend_writes_and_reads(tmp_path):
    backend = get_file_backend(
        str(tmp_path), backend_args=ATOMIC_BACKEND_ARGS)
    assert type(backend) is AtomicLocalBackend
    backend.put_text('epoch_3.pth', str(tmp_path / 'sub' / 'last_checkpoint'))
    assert backend.get_text(str(tmp_path / 'sub' /
                                'last_checkpoint')) == 'epoch_3.pth'
    save_checkpoint({'meta': {'epoch': 3}},
                    str(tmp_path / 'e.pth'),
                    backend_args=ATOMIC_BACKEND_ARGS)
    assert torch.load(tmp_path / 'e.pth')['meta'] == {'epoch': 3}


def test_mmengine_local_backend_is_not_replaced(tmp_path):
    import landmark.detection  # noqa: F401 (applies landmark's changes)
    assert type(get_file_backend(str(tmp_path))) is LocalBackend


def _training_configs():
    for path in sorted(
            glob.glob(
                os.path.join(REPO_ROOT, 'configs', '**', '*.py'),
                recursive=True)):
        if f'{os.sep}_base_{os.sep}' not in path:
            yield os.path.relpath(path, REPO_ROOT)


@pytest.mark.parametrize('config', list(_training_configs()))
def test_every_config_writes_checkpoints_atomically(config):
    cfg = Config.fromfile(
        os.path.join(REPO_ROOT, config), import_custom_modules=False)
    checkpoint = cfg.default_hooks.checkpoint
    assert checkpoint.type == 'CheckpointHook'
    assert checkpoint.get('backend_args') == ATOMIC_BACKEND_ARGS, config
