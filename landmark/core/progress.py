"""Progress with an ETA that reads well in a terminal and in a log file.

MMEngine's ``ProgressBar`` redraws one line with carriage returns; written
to a file or a pipe (CI logs, ``> log``) that became one line of thousands
of characters. :class:`ProgressBar` keeps MMEngine's bar on a terminal and
otherwise prints a short line every few seconds, as tqdm and Ultralytics
do.
"""
import sys
import time
from typing import Optional, TextIO

from mmengine.utils import ProgressBar as TerminalProgressBar


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, 'isatty', None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f'{hours}:{minutes:02d}:{secs:02d}' if hours else \
        f'{minutes}:{secs:02d}'


class LogProgress:
    """Progress as plain lines: ``desc 40/240 (17%) 3.2/s elapsed 0:12 ETA
    1:02``, at most one every ``interval`` seconds, and one at the end.

    Args:
        task_num (int): Number of steps; 0 if unknown.
        file (TextIO): Where the lines go. Defaults to ``sys.stderr``.
        interval (float): Seconds between lines. Defaults to 5.
        desc (str): Words before the count. Defaults to ``'progress'``.
    """

    def __init__(self,
                 task_num: int = 0,
                 file: Optional[TextIO] = None,
                 interval: float = 5.0,
                 desc: str = 'progress'):
        self.task_num = task_num
        self.file = file or sys.stderr
        self.interval = interval
        self.desc = desc
        self.completed = 0
        self.start_time = time.monotonic()
        self.last_print = self.start_time

    def update(self, num_tasks: int = 1) -> None:
        """Count ``num_tasks`` more steps; print a line when it is time."""
        self.completed += num_tasks
        now = time.monotonic()
        done = self.task_num > 0 and self.completed >= self.task_num
        if done or now - self.last_print >= self.interval:
            self.last_print = now
            self.file.write(self.line(now - self.start_time) + '\n')
            self.file.flush()

    def line(self, elapsed: float) -> str:
        """The progress line after ``elapsed`` seconds."""
        rate = self.completed / elapsed if elapsed > 0 else 0.0
        if self.task_num > 0:
            share = self.completed / self.task_num
            eta = (self.task_num - self.completed) / rate if rate else 0.0
            return (f'{self.desc} {self.completed}/{self.task_num} '
                    f'({share:.0%}) {rate:.1f}/s elapsed {_clock(elapsed)} '
                    f'ETA {_clock(eta)}')
        return (f'{self.desc} {self.completed} {rate:.1f}/s elapsed '
                f'{_clock(elapsed)}')


def ProgressBar(task_num: int = 0,
                bar_width: int = 50,
                start: bool = True,
                file: Optional[TextIO] = None,
                desc: str = 'progress',
                interval: float = 5.0):
    """MMEngine's progress bar on a terminal, :class:`LogProgress` lines
    elsewhere; a drop-in for ``mmengine.utils.ProgressBar`` (``update()``).

    Args:
        task_num (int): Number of steps; 0 if unknown.
        bar_width (int): The terminal bar's width. Defaults to 50.
        start (bool): Draw the terminal bar at once. Defaults to True.
        file (TextIO, optional): The stream. Defaults to ``sys.stderr``.
        desc (str): Words before the count in log lines.
        interval (float): Seconds between log lines. Defaults to 5.

    Examples:
        >>> bar = ProgressBar(len(paths), desc='checking images')
        >>> for path in paths:
        ...     check(path)
        ...     bar.update()
    """
    file = file or sys.stderr
    if _is_terminal(file):
        return TerminalProgressBar(task_num, bar_width, start, file)
    return LogProgress(task_num, file, interval, desc)
