"""Write files atomically: a crash never leaves half a file behind.

Every output of landmark (COCO JSON, CSV, images, reports) is written to a
temporary file in the destination folder and renamed over the target, which
is atomic on POSIX file systems. A write that fails (a full disk) removes
the temporary file and leaves the target as it was; a full disk is raised as
``OSError(ENOSPC)`` naming the target (:mod:`landmark.core.full_disk`).
"""
import contextlib
import json
import os
import os.path as osp
import tempfile
from typing import Any, Iterator, TextIO

from landmark.core.full_disk import FULL_DISK_ERRNOS


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: str, mode: str = 'w', **kwargs) -> Iterator[TextIO]:
    """Open a temporary file beside ``path``; rename it to ``path`` on success.

    Args:
        path (str): Final destination. Missing parent folders are created.
        mode (str): ``'w'`` (text) or ``'wb'`` (binary). Defaults to ``'w'``.
        **kwargs: Passed to :func:`open` (``encoding``, ``newline``...).

    Examples:
        >>> with atomic_open('out/predictions.csv', newline='') as f:
        ...     f.write('image_id,label\\n')
    """
    if mode not in ('w', 'wb'):
        raise ValueError(f'atomic_open supports modes w and wb, got {mode!r}')
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    try:
        fd, tmp_path = tempfile.mkstemp(
            dir=folder, prefix=f'.{osp.basename(path)}.', suffix='.tmp')
    except OSError as err:
        if err.errno in FULL_DISK_ERRNOS:  # no inode left
            raise OSError(err.errno, os.strerror(err.errno), path) from err
        raise
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the permissions an
        # ordinary open() would (0666 less the umask).
        os.chmod(tmp_path, 0o666 & ~_current_umask())
        os.replace(tmp_path, path)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp_path)
        if isinstance(err, OSError) and err.errno in FULL_DISK_ERRNOS \
                and err.filename in (None, tmp_path):
            # name the file the user asked for, not our temporary one
            raise OSError(err.errno, os.strerror(err.errno), path) from err
        raise


def dump_json_atomic(obj: Any, path: str, indent: int = None) -> None:
    """Write ``obj`` as JSON to ``path`` atomically."""
    with atomic_open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, indent=indent)


def write_bytes_atomic(data: bytes, path: str) -> None:
    """Write ``data`` to ``path`` atomically (used for encoded images)."""
    with atomic_open(path, 'wb') as f:
        f.write(data)
