"""Training survives ``kill -9``: checkpoints are complete or absent, and a
resumed run continues the uninterrupted run's loss curve."""
import glob
import json
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest

from landmark.core import load_checkpoint_safely
from landmark.testing import REPO_ROOT

TINY = osp.join(
    REPO_ROOT, 'configs/faster-rcnn/'
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
ENV = dict(
    os.environ,
    OMP_NUM_THREADS='1',
    OMP_WAIT_POLICY='PASSIVE',
    PYTHONUNBUFFERED='1')


def write_config(tmp_path) -> str:
    """The tiny detector, batch 1, reseeded every epoch, no workers."""
    path = tmp_path / 'deterministic.py'
    path.write_text(f"""_base_ = {TINY!r}
custom_hooks = [dict(type='EpochSeedHook')]
randomness = dict(seed=0, deterministic=True)
train_dataloader = dict(batch_size=1, num_workers=0, persistent_workers=False)
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
train_cfg = dict(max_epochs=3, val_interval=1)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5))
""")
    return str(path)


def train_command(config, data_root, work_dir, *extra):
    return [
        sys.executable, 'tools/train.py', config, '--data-root', data_root,
        '--work-dir', work_dir, *extra
    ]


def losses_by_iter(work_dir) -> dict:
    """``{iter: loss}`` from every run's ``vis_data/scalars.json``."""
    losses = {}
    for path in sorted(
            glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                if 'loss' in record:
                    losses[record['iter']] = record['loss']
    return losses


@pytest.mark.slow
def test_kill_9_mid_epoch_then_resume_reproduces_the_loss_curve(
        tiny_landmarks, tmp_path):
    config = write_config(tmp_path)
    # 10 training photos at batch 1: 10 iterations an epoch, 30 in all
    whole = str(tmp_path / 'whole')
    done = subprocess.run(
        train_command(config, tiny_landmarks, whole),
        cwd=REPO_ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = losses_by_iter(whole)
    assert sorted(expected) == list(range(1, 31))

    killed = str(tmp_path / 'killed')
    process = subprocess.Popen(
        train_command(config, tiny_landmarks, killed),
        cwd=REPO_ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 600
        # wait until the second epoch is under way (its 4th iteration)
        while max(losses_by_iter(killed), default=0) < 14:
            assert process.poll() is None, 'training ended before the kill'
            assert time.time() < deadline, 'training too slow to kill'
            time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    # only complete checkpoints, and no temporary file left under their name
    assert sorted(os.listdir(killed)).count('epoch_1.pth') == 1
    assert not glob.glob(osp.join(killed, 'epoch_2.pth'))
    assert load_checkpoint_safely(osp.join(
        killed, 'epoch_1.pth'))['meta']['iter'] == 10

    resumed = subprocess.run(
        train_command(config, tiny_landmarks, killed, '--resume'),
        cwd=REPO_ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600)
    log = resumed.stdout + resumed.stderr
    assert resumed.returncode == 0, log[-3000:]
    assert 'resumed epoch: 1, iter: 10' in log
    got = losses_by_iter(killed)
    for it in range(11, 31):
        assert got[it] == pytest.approx(expected[it], abs=1e-4), it
