"""Two runs in one folder: ``tools/train.py`` on a work dir that a live
training holds, and ``tools/infer.py`` on an output folder another infer
holds, refuse to start with one line naming the holder's pid; after the
holder is killed (``kill -9``), the next run takes the folder over and
says so."""
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest

from landmark.core.run_lock import LOCK_NAME
from landmark.testing import REPO_ROOT, run_tool, save_random_detector

TINY = osp.join(REPO_ROOT, 'tests/detection/apis/configs/'
                'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
ENV = dict(OMP_NUM_THREADS='1')


def wait_for_lock(folder, process, timeout=300) -> None:
    """Until ``process`` has written its pid in ``folder``'s lock."""
    path = osp.join(folder, LOCK_NAME)
    deadline = time.time() + timeout
    while True:
        assert process.poll() is None, 'the first run ended early'
        assert time.time() < deadline, 'the first run never held the folder'
        if osp.exists(path) and f'pid={process.pid}\n' in open(path).read():
            return
        time.sleep(0.2)


def refusal(done) -> str:
    """The one error line of a refused run."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert 'Traceback' not in done.stderr
    errors = [line for line in done.stderr.splitlines()
              if line.startswith('error')]
    assert len(errors) == 1, done.stderr
    return errors[0]


@pytest.mark.slow
def test_a_second_training_in_a_live_work_dir_is_refused(
        tiny_landmarks, tmp_path):
    work = str(tmp_path / 'work')
    first = subprocess.Popen(
        [sys.executable, 'tools/train.py', TINY, '--data-root',
         tiny_landmarks, '--work-dir', work, '--cfg-options',
         'train_cfg.max_epochs=50'],
        cwd=REPO_ROOT, env=dict(os.environ, **ENV),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_lock(work, first)
        second = run_tool('tools/train.py', TINY, '--data-root',
                          tiny_landmarks, '--work-dir', work, env=ENV)
        line = refusal(second)
        assert f'pid {first.pid}' in line and work in line
        assert first.poll() is None  # the first run goes on
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    # killed: the next run takes the folder over (one epoch) and says
    # whose lock it took
    third = run_tool('tools/train.py', TINY, '--data-root', tiny_landmarks,
                     '--work-dir', work, '--cfg-options',
                     'train_cfg.max_epochs=1', env=ENV)
    assert third.returncode == 0, third.stderr[-3000:]
    assert (f'took over the lock of a run that is no longer running '
            f'(pid {first.pid}') in third.stderr


HOLD = """
import sys, time
from landmark.core.run_lock import hold_folder
with hold_folder(sys.argv[1], 'infer.py'):
    time.sleep(600)
"""


def test_a_second_infer_in_a_held_output_folder_is_refused(
        tiny_landmarks, tmp_path):
    out = str(tmp_path / 'out')
    holder = subprocess.Popen([sys.executable, '-c', HOLD, out],
                              cwd=REPO_ROOT)
    photo = osp.join(tiny_landmarks, 'images',
                     sorted(os.listdir(osp.join(tiny_landmarks, 'images')))[0])
    try:
        wait_for_lock(out, holder, timeout=60)
        second = run_tool('tools/infer.py', TINY, 'no-checkpoint.pth', photo,
                          '--out-dir', out, '--device', 'cpu', env=ENV)
        line = refusal(second)
        assert f'pid {holder.pid}' in line and out in line
    finally:
        holder.kill()
        holder.wait()
    assert sorted(os.listdir(out)) == [LOCK_NAME]  # nothing else written


def test_infer_takes_over_the_lock_of_a_killed_run(tiny_landmarks, tmp_path):
    checkpoint = save_random_detector(TINY, str(tmp_path / 'random.pth'))
    out = str(tmp_path / 'out')
    holder = subprocess.Popen([sys.executable, '-c', HOLD, out],
                              cwd=REPO_ROOT)
    wait_for_lock(out, holder, timeout=60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    photo = osp.join(tiny_landmarks, 'images',
                     sorted(os.listdir(osp.join(tiny_landmarks, 'images')))[0])
    done = run_tool('tools/infer.py', TINY, checkpoint, photo, '--out-dir',
                    out, '--device', 'cpu', env=ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f'(pid {holder.pid}' in done.stderr
    assert osp.exists(osp.join(out, 'predictions.csv'))
