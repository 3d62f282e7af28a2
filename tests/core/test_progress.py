"""Progress output in a log file: short lines, no carriage returns."""
import io

from landmark.core import progress
from landmark.core.progress import LogProgress, ProgressBar


class FakeClock:

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_file_gets_a_line_every_interval_and_at_the_end(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(progress.time, 'monotonic', clock)
    out = io.StringIO()
    bar = ProgressBar(240, file=out, desc='checking images', interval=5)
    assert isinstance(bar, LogProgress)
    for _ in range(240):  # 8 steps a second for 30 s
        clock.now += 0.125
        bar.update()
    text = out.getvalue()
    assert '\r' not in text
    lines = text.splitlines()
    # a line at 5, 10, 15, 20 and 25 s, and the last at 30 s
    assert len(lines) == 6
    assert lines[0] == ('checking images 40/240 (17%) 8.0/s elapsed 0:05 '
                        'ETA 0:25')
    assert lines[-1].startswith('checking images 240/240 (100%)')
    assert max(len(line) for line in lines) < 80


class Terminal(io.StringIO):

    def isatty(self):
        return True


def test_a_terminal_keeps_the_redrawn_bar():
    out = Terminal()
    bar = ProgressBar(3, file=out)
    for _ in range(3):
        bar.update()
    assert '\r' in out.getvalue() and 'ETA' in out.getvalue()
