"""The ``--out`` file of a benchmark: its figures with how they were made.

Every benchmark that takes ``--out PATH.json`` writes one JSON object::

    {"benchmark": "retrieval_search",            # which script
     "command": "python benchmarks/retrieval_search.py --out r.json",
     "date": "2026-12-05T01:20:00Z",             # start, UTC
     "finished": "2026-12-05T01:22:10Z",         # null while it runs
     "machine": {"platform": "Linux-...", "cpu_count": 2,
                 "processor": "AMD EPYC", "load_average": [1.6, 1.3, 1.5]},
     "results": ...}                             # the script's figures

``tools/analysis_tools/plot_benchmarks.py`` draws the PNGs from it. The
file is written to a temporary file beside it and renamed, so a reader
never sees half of one; a benchmark that runs long rewrites it after each
step with ``finished`` null.

Standard library only: ``benchmarks/native_resolution.py`` measures its
children's memory against its own, and importing ``landmark`` (torch,
mmdet) would cost the parent most of a GiB.
"""
import datetime
import json
import os
import os.path as osp
import platform
import shlex
import sys
import tempfile
from typing import Any, List, Optional


def _processor() -> str:
    """The CPU's model name (``/proc/cpuinfo``), else ``platform``'s."""
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def utc_now() -> str:
    """The time now, UTC, to the second (``2026-12-05T01:20:00Z``)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def machine() -> dict:
    """Platform, visible CPU cores, CPU model and the load average now
    (timings measured on a shared machine are only as good as its load)."""
    return dict(
        platform=platform.platform(),
        cpu_count=os.cpu_count(),
        processor=_processor(),
        load_average=[round(x, 2) for x in os.getloadavg()])


def command_line(argv: Optional[List[str]] = None) -> str:
    """The command as a user would type it: ``python benchmarks/x.py ...``
    (the script's path relative to the repository when it is inside)."""
    argv = list(sys.argv if argv is None else argv)
    script = osp.abspath(argv[0])
    root = osp.dirname(osp.dirname(osp.abspath(__file__)))
    if script.startswith(root + os.sep):
        argv[0] = osp.relpath(script, root)
    return shlex.join(['python'] + argv)


class BenchmarkRecord:
    """The ``--out`` JSON of one benchmark run, rewritten atomically.

    Args:
        path (str): Where to write (``.json``).
        benchmark (str): The script's name, e.g. ``'retrieval_search'``;
            what the plotting tool dispatches on.
        argv (list[str], optional): The command line. Defaults to
            ``sys.argv``.

    Examples:
        >>> record = BenchmarkRecord('out.json', 'retrieval_search')
        >>> record.write(rows)               # after each step, unfinished
        >>> record.write(rows, finished=True)
    """

    def __init__(self,
                 path: str,
                 benchmark: str,
                 argv: Optional[List[str]] = None) -> None:
        self.path = path
        self.header = dict(
            benchmark=benchmark,
            command=command_line(argv),
            date=utc_now(),
            finished=None,
            machine=machine())

    def resume(self, path: str) -> None:
        """Keep the command, date and machine of the run that wrote the
        record at ``path`` (a run resumed with ``--resume``): this run's
        command and date are added under ``resumed``. A file that is not a
        record (an older format) changes nothing."""
        try:
            with open(path, encoding='utf-8') as f:
                earlier = json.load(f)
        except (OSError, ValueError):
            return
        if not isinstance(earlier, dict) or 'command' not in earlier:
            return
        resumed = list(earlier.get('resumed') or [])
        resumed.append(
            dict(command=self.header['command'], date=self.header['date']))
        self.header = dict(
            benchmark=self.header['benchmark'],
            command=earlier['command'],
            date=earlier.get('date'),
            finished=None,
            machine=earlier.get('machine', self.header['machine']),
            resumed=resumed)

    def write(self, results: Any, finished: bool = False) -> None:
        """Write the header and ``results``; ``finished`` stamps the end."""
        record = dict(self.header, results=results)
        if finished:
            record['finished'] = utc_now()
        write_json_atomic(record, self.path)


def write_json_atomic(obj: Any, path: str) -> None:
    """Write ``obj`` as indented JSON to ``path`` via a temporary file in
    the same folder and a rename; on failure the old file stays."""
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(path)}.', suffix='.tmp')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=1)
            f.write('\n')
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise
