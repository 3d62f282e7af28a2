"""Each tool that writes, when the disk fills up mid-write: the previous
file stays whole and loadable, no partial file sits under the final name,
and the tool ends with one line naming the file and 'no space left', exit
2. Training that cannot save a checkpoint stops there.

The full disk is ``OSError(ENOSPC)`` injected at the atomic writer's write
call (in the tool's process), and, where the tests run as root and may
mount one, a real 1 MiB tmpfs filled up.
"""
import errno
import glob
import json
import os
import os.path as osp
import pickle
import shutil
import subprocess

import pytest
import torch

from landmark.core import load_checkpoint_safely
from landmark.testing import (REPO_ROOT, assert_one_full_disk_line,
                              fill_disk_for, run_tool, run_tool_in_process,
                              save_random_detector)

TINY = osp.join(
    REPO_ROOT, 'tests/detection/apis/configs/'
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')


def assert_only(folder, names) -> None:
    """``folder`` holds exactly ``names``: no temporary file left."""
    assert sorted(os.listdir(folder)) == sorted(names)


@pytest.fixture(scope='module')
def random_checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp('ckpt') / 'random.pth'
    return save_random_detector(TINY, str(path))


def test_check_dataset_out(tiny_landmarks, tmp_path, monkeypatch):
    out = tmp_path / 'clean.json'
    out.write_text('{"previous": true}')
    fill_disk_for(monkeypatch, 'clean.json')
    done = run_tool_in_process(
        'check_dataset', osp.join(tiny_landmarks, 'annotations/val.json'),
        '--img-dir', osp.join(tiny_landmarks, 'images'), '--out', str(out))
    assert_one_full_disk_line(done, str(out))
    assert json.loads(out.read_text()) == {'previous': True}
    assert_only(tmp_path, ['clean.json'])


@pytest.mark.parametrize('name', ['predictions.csv', 'predictions.json'])
def test_infer_csv_and_json(tiny_landmarks, random_checkpoint, tmp_path,
                            monkeypatch, name):
    photo = osp.join(tiny_landmarks, 'images',
                     sorted(os.listdir(osp.join(tiny_landmarks, 'images')))[0])
    out = tmp_path / 'out'
    out.mkdir()
    (out / name).write_text('previous')
    fill_disk_for(monkeypatch, name)
    done = run_tool_in_process('infer', TINY, random_checkpoint, photo,
                               '--out-dir', str(out), '--device', 'cpu')
    assert_one_full_disk_line(done, str(out / name))
    assert (out / name).read_text() == 'previous'
    # the journal stays: --resume writes the outputs once there is room
    assert not glob.glob(str(out / f'.{name}.*'))
    assert (out / 'predictions.partial.jsonl').exists()


def test_test_out_pickle(tiny_landmarks, random_checkpoint, tmp_path,
                         monkeypatch):
    out = tmp_path / 'results.pkl'
    with open(out, 'wb') as f:
        pickle.dump(['previous'], f)
    fill_disk_for(monkeypatch, 'results.pkl', room=100)
    done = run_tool_in_process('test', TINY, random_checkpoint, '--data-root',
                               tiny_landmarks, '--work-dir',
                               str(tmp_path / 'work'), '--out', str(out))
    assert_one_full_disk_line(done, str(out))
    with open(out, 'rb') as f:
        assert pickle.load(f) == ['previous']
    assert not glob.glob(str(tmp_path / '.results.pkl.*'))


@pytest.mark.slow
def test_training_that_cannot_save_a_checkpoint_stops(tiny_landmarks, tmp_path,
                                                      monkeypatch):
    work = tmp_path / 'work'
    fill_disk_for(monkeypatch, 'epoch_2.pth', room=1000)
    done = run_tool_in_process('train', TINY, '--data-root', tiny_landmarks,
                               '--work-dir', str(work), '--cfg-options',
                               'train_cfg.max_epochs=3',
                               'train_cfg.val_interval=5',
                               'train_dataloader.num_workers=0',
                               'train_dataloader.persistent_workers=False',
                               'default_hooks.logger.interval=1')
    assert_one_full_disk_line(done, str(work / 'epoch_2.pth'))
    # epoch 1's checkpoint is whole; nothing of epoch 2's; no epoch 3
    epoch_1 = load_checkpoint_safely(str(work / 'epoch_1.pth'))
    assert epoch_1['meta']['epoch'] == 1
    assert not glob.glob(str(work / '*epoch_2.pth*'))
    assert (work / 'last_checkpoint').read_text().endswith('epoch_1.pth')
    # the config saves every epoch: an epoch 3 after the failed save would
    # have left its checkpoint (the log's scalars are not read: in the
    # suite's shared worker process MMEngine's visualizer may write them
    # elsewhere)
    assert not glob.glob(str(work / '*epoch_3.pth*'))


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real 1 MiB tmpfs (root only), unmounted after the test."""
    mount = tmp_path / 'tmpfs'
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which('mount') is None:
        pytest.skip('a real full disk needs root to mount a tmpfs; the '
                    'injected ENOSPC tests cover the same writes')
    done = subprocess.run(
        ['mount', '-t', 'tmpfs', '-o', 'size=1m', 'tmpfs',
         str(mount)],
        capture_output=True,
        text=True)
    if done.returncode != 0:
        pytest.skip(f'cannot mount a tmpfs here: {done.stderr.strip()}')
    try:
        yield mount
    finally:
        subprocess.run(['umount', str(mount)], check=False)


def fill(folder, leave: int) -> None:
    """Fill ``folder``'s file system up to ``leave`` bytes free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with open(osp.join(folder, 'filler'), 'wb') as f:
        f.write(b'\0' * max(free - leave, 0))


def test_check_dataset_out_on_a_real_full_disk(tiny_landmarks, small_tmpfs):
    out = small_tmpfs / 'clean.json'
    out.write_text('{"previous": true}')
    fill(str(small_tmpfs), leave=0)
    done = run_tool('tools/check_dataset.py',
                    osp.join(tiny_landmarks, 'annotations/val.json'),
                    '--img-dir', osp.join(tiny_landmarks, 'images'), '--out',
                    str(out))
    assert_one_full_disk_line(done, str(out))
    assert json.loads(out.read_text()) == {'previous': True}
    assert_only(small_tmpfs, ['clean.json', 'filler'])


def test_a_checkpoint_on_a_real_full_disk(small_tmpfs, tmp_path):
    """MMEngine's checkpoint writer (the atomic backend) on a full tmpfs:
    ENOSPC naming the checkpoint, the previous one whole."""
    from mmengine.runner.checkpoint import save_checkpoint
    path = str(small_tmpfs / 'epoch_1.pth')
    atomic = dict(backend='atomic_local')  # what the configs choose
    save_checkpoint({'weights': torch.ones(3)}, path, backend_args=atomic)
    fill(str(small_tmpfs), leave=0)
    with pytest.raises(OSError) as full:
        save_checkpoint({'weights': torch.zeros(100_000)},
                        path,
                        backend_args=atomic)
    assert full.value.errno == errno.ENOSPC
    assert full.value.filename == path
    assert torch.equal(load_checkpoint_safely(path)['weights'], torch.ones(3))
    assert_only(small_tmpfs, ['epoch_1.pth', 'filler'])


def test_retrieve_cache_on_a_full_disk(tmp_path, monkeypatch):
    """``tools/retrieve.py`` ends a full disk with the same line: its
    embeddings cache is written with ``atomic_open`` (here the chunk write
    alone, standing in for the run, which needs a trained model)."""
    from landmark.core.atomic_io import atomic_open
    from landmark.retrieval.apis import retrieval_tool
    chunk = tmp_path / 'work' / 'embeddings' / 'gallery-abc' / 'chunk_0.npz'

    def run_retrieve(args):
        with atomic_open(str(chunk), 'wb') as f:
            f.write(b'\0' * 4096)
        return 0

    monkeypatch.setattr(retrieval_tool, 'run_retrieve', run_retrieve)
    fill_disk_for(monkeypatch, 'chunk_0.npz', room=100)
    done = run_tool_in_process('retrieve', 'any_config.py')
    assert_one_full_disk_line(done, str(chunk))
    assert_only(chunk.parent, [])
