"""What every tool that writes a folder does around its work: hold the
folder (:mod:`landmark.core.run_lock`) and end a full disk
(:mod:`landmark.core.full_disk`) or a folder held by another run with one
line, exit 2."""
import os
import sys
from typing import Any, Callable, Optional

from landmark.core.full_disk import exit_on_full_disk
from landmark.core.run_lock import FolderInUseError, hold_folder


def is_main_process() -> bool:
    """Whether this is rank 0 of a distributed run (or not distributed):
    the process that holds the work dir for all ranks."""
    return int(os.environ.get('RANK', '0')) == 0


def guarded_tool_run(run: Callable[..., int],
                     *args: Any,
                     folder: Optional[str] = None,
                     tool: str = 'a landmark tool') -> int:
    """``run(*args)`` holding ``folder`` (None holds nothing).

    Returns:
        int: ``run``'s exit code; 2, with one ``error:`` line on stderr,
        when another live run holds ``folder`` (the line names its process
        id) or a write runs out of space (the line names the file).

    Examples:
        >>> return guarded_tool_run(run_infer, args, folder=args.out_dir,
        ...                         tool='infer.py')
    """
    if folder is None:
        return exit_on_full_disk(run, *args)

    def log(line: str) -> None:
        print(f'warning: {line}', file=sys.stderr)

    try:
        with hold_folder(folder, tool, log=log):
            return exit_on_full_disk(run, *args)
    except FolderInUseError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
