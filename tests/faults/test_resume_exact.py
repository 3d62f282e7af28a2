"""``kill -9`` at any point of training, then ``tools/train.py --resume``:
the run ends with the weights of an uninterrupted run, every loss equal.

The shipped tiny Faster R-CNN config trains with its own data loader (batch
4, 2 persistent workers); only the seed is fixed, ``deterministic=True``,
4 epochs, a loss logged every iteration. The runs are killed with SIGKILL
three times, each at a point :class:`SelfKillHook` picks: mid-epoch with
the workers busy, half-way through writing a checkpoint, and during
validation; each is resumed from the work dir's latest checkpoint.
"""
import glob
import json
import os
import os.path as osp
import signal
import subprocess
import sys

import pytest
import torch

from landmark.core import load_checkpoint_safely
from landmark.testing import REPO_ROOT

FAULTS = osp.dirname(osp.abspath(__file__))
TINY_FASTER_RCNN = osp.join(
    REPO_ROOT, 'configs/faster-rcnn/'
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def killable_config(tmp_path, base: str, imports: str, lines: str) -> str:
    """``base`` as shipped, plus the self-kill hook, a fixed seed and what
    ``lines`` changes (schedule, logging)."""
    path = tmp_path / 'killable.py'
    path.write_text(f"""_base_ = {base!r}
custom_imports = dict(imports=[{imports!r}, 'self_kill_hook'],
                      allow_failed_imports=False)
custom_hooks = [dict(type='SelfKillHook')]
randomness = dict(seed=0, deterministic=True)
{lines}""")
    return str(path)


def train(config, work_dir, *extra, kill_at='', data_root=None):
    """``tools/train.py`` in a subprocess; its return code and output."""
    env = dict(
        os.environ,
        OMP_NUM_THREADS='1',
        PYTHONUNBUFFERED='1',
        LANDMARK_KILL_AT=kill_at,
        PYTHONPATH=os.pathsep.join([FAULTS, REPO_ROOT]))
    command = [sys.executable, 'tools/train.py', config, '--work-dir',
               work_dir, *extra]
    if data_root is not None:
        command += ['--data-root', data_root]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=900)
    return done.returncode, done.stdout + done.stderr


def logged_losses(work_dir) -> list:
    """``[(run, iter, epoch, loss)]`` from each run's scalars.json."""
    rows = []
    for path in sorted(
            glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                if 'loss' in record:
                    rows.append((path, record['iter'], record.get('epoch'),
                                 record['loss']))
    return rows


def assert_same_tensors(got: dict, expected: dict, where: str) -> None:
    assert sorted(got) == sorted(expected), where
    for key, value in expected.items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(got[key], value), f'{where}.{key}'
        elif isinstance(value, dict):
            assert_same_tensors(got[key], value, f'{where}.{key}')


def assert_same_final_checkpoints(work_dir, reference, name) -> None:
    """``name`` in both work dirs: the same weights and optimizer state."""
    got = load_checkpoint_safely(osp.join(work_dir, name))
    expected = load_checkpoint_safely(osp.join(reference, name))
    for part in ('state_dict', 'optimizer'):
        assert_same_tensors(got[part], expected[part], part)


def kill_and_resume(config, work_dir, kill_points, data_root=None):
    """Train killed at each of ``kill_points`` in turn (each run resuming
    the last), then to the end; the log of the last run."""
    for number, point in enumerate(kill_points):
        extra = ('--resume', ) if number else ()
        code, log = train(config, work_dir, *extra, kill_at=point,
                          data_root=data_root)
        assert code == -signal.SIGKILL, f'{point}: {log[-3000:]}'
    code, log = train(config, work_dir, '--resume', data_root=data_root)
    assert code == 0, log[-3000:]
    return log


@pytest.mark.slow
def test_faster_rcnn_killed_three_times_ends_with_the_same_weights(
        tmp_path):
    from landmark.detection.datasets import generate_landmark_dataset
    data = str(tmp_path / 'data')
    generate_landmark_dataset(data, num_train=16, num_val=2, seed=0,
                              sizes=((128, 96), (96, 128), (112, 112)))
    config = killable_config(
        tmp_path, TINY_FASTER_RCNN, 'landmark.detection', """
train_cfg = dict(max_epochs=4, val_interval=1)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5))
""")
    whole = str(tmp_path / 'whole')
    code, log = train(config, whole, data_root=data)
    assert code == 0, log[-3000:]
    expected = {it: loss for _, it, _, loss in logged_losses(whole)}
    first_of_epoch_2 = min(
        it for _, it, epoch, _ in logged_losses(whole) if epoch == 2)

    killed = str(tmp_path / 'killed')
    kill_and_resume(
        config, killed,
        [f'iter:{first_of_epoch_2 + 1}',  # mid-epoch 2, workers busy
         'save:2',  # half of epoch_2.pth written
         'val:3'],  # validating after epoch 3 (epoch_3.pth saved)
        data_root=data)
    rows = logged_losses(killed)
    # every iteration logged by the four runs (some twice: replayed after
    # a kill) has the uninterrupted run's loss
    assert {it for _, it, _, _ in rows} == set(expected)
    assert len({run for run, _, _, _ in rows}) == 4
    for run, it, _, loss in rows:
        assert loss == expected[it], (run, it)
    assert_same_final_checkpoints(killed, whole, 'epoch_4.pth')
