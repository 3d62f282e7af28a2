"""One run per output folder: a lock file that names the process holding it.

``tools/train.py`` holds its work dir and ``tools/infer.py`` its output
folder for as long as they run. A second run started on the same folder
refuses with one line naming the first one's process id; a lock left by a
run that was killed (``kill -9``, a power cut) is taken over, and the log
says so. The lock is a POSIX record lock (``fcntl.lockf``) on
``<folder>/.landmark.lock``, which the kernel drops when its process dies,
whatever way it dies; unlike ``flock``, the data-loader workers a run forks
do not share it, so a run killed with its workers still winding down frees
the folder at once. The pid written in the file is only for the message.
"""
import contextlib
import errno
import fcntl
import os
import os.path as osp
import socket
from typing import Iterator, Optional

LOCK_NAME = '.landmark.lock'


class FolderInUseError(RuntimeError):
    """Another live run holds the folder."""


def _holder(text: str) -> str:
    """``'pid 123 on host'`` from a lock file's text ('' when empty)."""
    fields = dict(
        line.split('=', 1) for line in text.splitlines() if '=' in line)
    if 'pid' not in fields:
        return ''
    host = fields.get('host')
    return f"pid {fields['pid']}" + (f' on {host}' if host else '')


@contextlib.contextmanager
def hold_folder(folder: str,
                tool: str,
                log=print) -> Iterator[Optional[str]]:
    """Hold ``folder`` for this process while the block runs.

    Args:
        folder (str): The work dir or output folder (created if missing).
        tool (str): What holds it, written in the lock (``'train.py'``).
        log (Callable): Where to say that a stale lock was taken over.
            Defaults to :func:`print`.

    Yields:
        str or None: The holder of the stale lock taken over, else None.

    Raises:
        FolderInUseError: A live process holds ``folder``; the message names
            the folder and that process's id.

    Examples:
        >>> with hold_folder('work_dirs/faster-rcnn', 'train.py'):
        ...     runner.train()
    """
    os.makedirs(folder, exist_ok=True)
    path = osp.join(folder, LOCK_NAME)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, 'r+') as lock:
        try:
            fcntl.lockf(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = _holder(lock.read()) or 'another process'
            raise FolderInUseError(
                f'{folder} is in use by another run ({holder}); wait for '
                'it to end or choose another folder') from None
        stale = _holder(lock.read())
        if stale:
            log(f'{folder}: took over the lock of a run that is no longer '
                f'running ({stale})')
        lock.seek(0)
        lock.truncate()
        lock.write(f'pid={os.getpid()}\nhost={socket.gethostname()}\n'
                   f'tool={tool}\n')
        lock.flush()
        try:
            yield stale or None
        finally:
            # emptied, not removed: removing would let a third run lock a
            # new file while a second one still waits on this one
            lock.seek(0)
            lock.truncate()
            lock.flush()
