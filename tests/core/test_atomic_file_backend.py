"""MMEngine writes checkpoints through landmark's atomic local backend."""
import os

import pytest
import torch
from mmengine.fileio import get_file_backend
from mmengine.runner.checkpoint import save_checkpoint

import landmark.core  # noqa: F401 (registers the backend)
from landmark.core import atomic_io


def test_a_checkpoint_interrupted_before_its_rename_leaves_no_file(
        tmp_path, monkeypatch):
    target = tmp_path / 'epoch_1.pth'

    def crash(fd):
        raise KeyboardInterrupt('killed while writing')

    monkeypatch.setattr(atomic_io.os, 'fsync', crash)
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint({'state_dict': {'w': torch.ones(3)}}, str(target))
    # no half-written epoch_1.pth, and no temporary file left behind
    assert os.listdir(tmp_path) == []


def test_the_local_backend_still_writes_and_reads(tmp_path):
    backend = get_file_backend(str(tmp_path), enable_singleton=True)
    backend.put_text('epoch_3.pth', str(tmp_path / 'sub' / 'last_checkpoint'))
    assert backend.get_text(str(tmp_path / 'sub' /
                                'last_checkpoint')) == 'epoch_3.pth'
    save_checkpoint({'meta': {'epoch': 3}}, str(tmp_path / 'e.pth'))
    assert torch.load(tmp_path / 'e.pth')['meta'] == {'epoch': 3}
