"""One run per folder: a second holder is refused with the first one's pid;
the lock of a killed run is taken over, and that is said."""
import os
import signal
import subprocess
import sys
import time

import pytest

from landmark.core.run_lock import LOCK_NAME, FolderInUseError, hold_folder

HOLD_THEN_WAIT = """
import sys, time
from landmark.core.run_lock import hold_folder
with hold_folder(sys.argv[1], 'holder.py'):
    print('held', flush=True)
    time.sleep(600)
"""


def start_holder(folder):
    """A process holding ``folder`` until killed (once it says so)."""
    process = subprocess.Popen([sys.executable, '-c', HOLD_THEN_WAIT, folder],
                               stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline() == 'held\n'
    return process


def test_a_second_run_is_refused_naming_the_holders_pid(tmp_path):
    holder = start_holder(str(tmp_path))
    try:
        with pytest.raises(FolderInUseError) as refused:
            with hold_folder(str(tmp_path), 'train.py'):
                pass
    finally:
        holder.kill()
        holder.wait()
    message = str(refused.value)
    assert f'pid {holder.pid}' in message
    assert str(tmp_path) in message
    assert '\n' not in message


def test_the_lock_of_a_killed_run_is_taken_over_and_said(tmp_path):
    holder = start_holder(str(tmp_path))
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    said = []
    with hold_folder(str(tmp_path), 'train.py', log=said.append) as stale:
        assert stale.startswith(f'pid {holder.pid}')
        text = (tmp_path / LOCK_NAME).read_text()
        assert f'pid={os.getpid()}\n' in text
    assert len(said) == 1 and f'pid {holder.pid}' in said[0]
    assert 'no longer running' in said[0]


HOLD_WITH_A_WORKER = """
import os, sys, time
from landmark.core.run_lock import hold_folder
with hold_folder(sys.argv[1], 'train.py'):
    worker = os.fork()  # as a data-loader worker is forked
    if worker == 0:
        time.sleep(600)
        os._exit(0)
    print(worker, flush=True)
    time.sleep(600)
"""


def test_a_killed_runs_forked_workers_do_not_keep_the_folder(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, '-c', HOLD_WITH_A_WORKER, str(tmp_path)],
        stdout=subprocess.PIPE, text=True)
    worker = int(holder.stdout.readline())
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    try:
        os.kill(worker, 0)  # the worker outlives its run for a while
        with hold_folder(str(tmp_path), 'train.py', log=lambda line: None):
            pass
    finally:
        os.kill(worker, signal.SIGKILL)


def test_a_run_that_ended_leaves_the_folder_free(tmp_path):
    said = []
    with hold_folder(str(tmp_path), 'infer.py', log=said.append):
        pass
    with hold_folder(str(tmp_path), 'infer.py', log=said.append) as stale:
        assert stale is None
    assert said == []  # nothing stale: the first run ended normally


def test_a_released_folder_is_free_for_the_next_run_at_once(tmp_path):
    holder = start_holder(str(tmp_path))
    holder.kill()
    holder.wait()
    started = time.time()
    with hold_folder(str(tmp_path), 'train.py', log=lambda line: None):
        pass
    assert time.time() - started < 1  # no waiting on a dead holder
