"""A write that runs out of space ends a tool with one line, exit 2.

:func:`landmark.core.atomic_io.atomic_open` (and through it MMEngine's
checkpoints, see :mod:`landmark.core.atomic_file_backend`) removes its
temporary file and raises :class:`OSError` with ``errno.ENOSPC`` and the
final path as ``filename`` when the disk fills up; the file it would have
replaced is left as it was. :func:`exit_on_full_disk` turns that error into
the tools' one line.
"""
import errno
import sys
from typing import Any, Callable, Optional

#: Errors a full disk (or a used-up quota) gives a write.
FULL_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def full_disk_error(err: BaseException) -> Optional[OSError]:
    """``err``, or the OSError it was raised from, when it says the disk is
    full; else None."""
    while err is not None:
        if isinstance(err, OSError) and err.errno in FULL_DISK_ERRNOS:
            return err
        err = err.__cause__ or err.__context__
    return None


def full_disk_line(err: OSError) -> str:
    """``'error: <path>: no space left on the device'``."""
    where = err.filename if err.filename is not None else 'a file'
    return f'error: {where}: no space left on the device'


def exit_on_full_disk(run: Callable[..., int], *args: Any,
                      **kwargs: Any) -> int:
    """``run(*args, **kwargs)``; a full disk prints
    :func:`full_disk_line` on stderr and returns 2.

    Examples:
        >>> def main(argv=None) -> int:
        ...     return exit_on_full_disk(run_infer, parse_args(argv))
    """
    try:
        return run(*args, **kwargs)
    except Exception as err:  # noqa: B902 (re-raised unless a full disk)
        full = full_disk_error(err)
        if full is None:
            raise
        print(full_disk_line(full), file=sys.stderr)
        return 2
