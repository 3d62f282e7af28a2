"""The steps of ``tools/gpu_check.sh`` after mmcv's build, within a time
budget, and their JSON and markdown summary.

The script installs the wheel folder and builds mmcv (step 1, timed by
the script), then runs this module, which runs each later step in a
subprocess, in order:

2. ``pytest -m gpu`` (``tests/gpu``);
3. the headline Swin-L DINO step at 4000x3000 with every memory lever;
4. the largest size that trains (``max_pixels='auto'``'s probe);
5. ``benchmarks/native_resolution.py``, Swin-L and Swin-T at 2048 and 4096;
6. plain vs flip-TTA photos per second of the tiny DINO.

The whole script has :data:`BUDGET_S` seconds from its start. A step
starts only if the time left covers its estimate (:data:`STEPS`); it may
run until only the estimates of the steps after it are left (a step that
writes its rows as it goes, such as the benchmark, keeps what it finished).
A step that cannot start is skipped, with a line saying so. The summary
goes to ``OUTDIR/gpu_check.json`` and ``OUTDIR/gpu_check.md``.

Examples:
    python -m landmark.core.gpu_check OUTDIR --started-at 1700000000 \\
        --build-seconds 190 --build-status ok
    python -m landmark.core.gpu_check OUTDIR --dry-run
"""
import argparse
import json
import os
import os.path as osp
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from typing import Dict, List, NamedTuple, Optional

from landmark.core.atomic_io import atomic_open, dump_json_atomic

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# the whole of tools/gpu_check.sh (install and build included)
BUDGET_S = 540
# kept for writing the summary at the end
SUMMARY_S = 10


class Step(NamedTuple):
    """One step: ``command`` (``{py}`` and ``{out}`` filled in), the
    seconds it needs at least (``estimate_s``) and the JSON file it writes
    (``result``, in the output folder)."""
    name: str
    command: List[str]
    estimate_s: float
    result: Optional[str] = None


STEPS = (
    Step('pytest -m gpu', [
        '{py}', '-m', 'pytest', 'tests/gpu', '-m', 'gpu', '-q', '-rs', '-p',
        'no:cacheprovider', '--junitxml', '{out}/pytest_gpu.xml'
    ], 120, 'pytest_gpu.xml'),
    Step('headline Swin-L DINO step at 4000x3000', [
        '{py}', '-m', 'landmark.detection.apis.gpu_measurements', 'headline',
        '--out', '{out}/headline.json'
    ], 60, 'headline.json'),
    Step('largest size that trains', [
        '{py}', '-m', 'landmark.detection.apis.gpu_measurements', 'largest',
        '--headline', '{out}/headline.json', '--out', '{out}/largest.json'
    ], 60, 'largest.json'),
    Step('native-resolution benchmark', [
        '{py}', 'benchmarks/native_resolution.py', '--device', 'cuda',
        '--models', 'dino-swin-l', 'dino-swin-t', '--sizes', '2048', '4096',
        '--settings', 'all-bf16', 'all', 'none', '--timeout', '150',
        '--out', '{out}/native_resolution.json', '--markdown'
    ], 60, 'native_resolution.json'),
    Step('plain vs flip-TTA photos/s, tiny DINO', [
        '{py}', '-m', 'landmark.detection.apis.gpu_measurements', 'tta',
        '--out', '{out}/tta.json'
    ], 45, 'tta.json'),
)


def plan_timeout(left_s: float, step: Step,
                 later: List[Step]) -> Optional[float]:
    """Seconds ``step`` may run with ``left_s`` seconds of the budget
    left: None when that does not cover its estimate (skip it); else what
    is left after the estimates of the ``later`` steps, and at least its
    own estimate."""
    if left_s < step.estimate_s:
        return None
    return max(step.estimate_s, left_s - sum(s.estimate_s for s in later))


def read_step_result(out_dir: str, step: Step):
    """What a step wrote (its JSON, or the counts of pytest's junit XML);
    None if it wrote nothing readable."""
    if step.result is None:
        return None
    path = osp.join(out_dir, step.result)
    if not osp.isfile(path):
        return None
    try:
        if path.endswith('.xml'):
            suite = ElementTree.parse(path).getroot()
            suite = suite if suite.tag == 'testsuite' else suite[0]
            counts = {k: int(suite.get(k, 0))
                      for k in ('tests', 'failures', 'errors', 'skipped')}
            counts['passed'] = (counts['tests'] - counts['failures'] -
                                counts['errors'] - counts['skipped'])
            return counts
        with open(path) as f:
            return json.load(f)
    except (ValueError, OSError, IndexError, ElementTree.ParseError) as err:
        return dict(error=f'{path}: unreadable ({err})')


def run_step(step: Step, out_dir: str, timeout: float,
             python: str = sys.executable) -> Dict:
    """Run one step in its own process group (killed whole at the
    timeout); its output goes to ``OUTDIR/<n>.log``."""
    command = [
        part.replace('{py}', python).replace('{out}', out_dir)
        for part in step.command
    ]
    slug = re.sub('[^a-z0-9]+', '_', step.name.lower()).strip('_')
    log = osp.join(out_dir, f'{slug}.log')
    start = time.time()
    with open(log, 'w') as f:
        child = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            returncode = child.wait(timeout=timeout)
            status = 'ok' if returncode == 0 else f'failed (exit {returncode})'
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            status = f'stopped at its {timeout:.0f} s'
    record = dict(
        step=step.name,
        status=status,
        seconds=round(time.time() - start, 1),
        log=osp.relpath(log, out_dir),
        command=' '.join(command))
    result = read_step_result(out_dir, step)
    if result is not None:
        record['result'] = result
    return record


def run_steps(out_dir: str,
              started_at: float,
              budget_s: float = BUDGET_S,
              steps=STEPS,
              python: str = sys.executable,
              clock=time.time) -> List[Dict]:
    """Run ``steps`` in order within ``budget_s`` seconds of
    ``started_at`` (module docstring); one record per step."""
    records = []
    for k, step in enumerate(steps):
        left = started_at + budget_s - SUMMARY_S - clock()
        timeout = plan_timeout(left, step, list(steps[k + 1:]))
        if timeout is None:
            line = (f"skipped: {int(max(left, 0))} s of the budget left, the "
                    f'step needs about {step.estimate_s:.0f} s')
            print(f'[gpu_check] {step.name}: {line}', flush=True)
            records.append(dict(step=step.name, status=line, seconds=0))
            continue
        print(f'[gpu_check] {step.name} (up to {timeout:.0f} s)', flush=True)
        record = run_step(step, out_dir, timeout, python)
        print(f'[gpu_check] {step.name}: {record["status"]} in '
              f'{record["seconds"]:.0f} s', flush=True)
        records.append(record)
    return records


def _gib(value) -> str:
    return '-' if value is None else f'{value / 2**30:.2f} GiB'


def _figures(record: Dict) -> str:
    """One line of the figures a step found, for the markdown table."""
    result = record.get('result')
    if isinstance(result, list):  # the benchmark's rows
        done = sum('error' not in row for row in result)
        return (f'{done} settings measured, {len(result) - done} out of '
                'memory or stopped (table below)')
    if not isinstance(result, dict) or 'error' in result:
        return result.get('error', '') if isinstance(result, dict) else ''
    if 'passed' in result:
        return (f"{result['passed']} passed, {result['failures']} failed, "
                f"{result['errors']} errors, {result['skipped']} skipped")
    if 'peak_allocated_bytes' in result:
        steps = ', '.join(f'{s:.2f}' for s in result['step_s'])
        return (f"{result['image']}: peak allocated "
                f"{_gib(result['peak_allocated_bytes'])} (reserved "
                f"{_gib(result['peak_reserved_bytes'])}), steps {steps} s, "
                f"loss {result['loss']:.3f}")
    if 'probes' in result:
        probes = '; '.join(
            f'{w}x{h}: {_gib(p) if p is not None else "out of memory"}'
            for w, h, p in result['probes'])
        return (f"largest that fitted: {result.get('largest')} "
                f"(budget {_gib(result.get('budget_bytes'))}; {probes})")
    if 'plain_photos_per_s' in result:
        return (f"{result['photos']} photos of {result['size']}: plain "
                f"{result['plain_photos_per_s']}/s, flip TTA "
                f"{result['flip_tta_photos_per_s']}/s")
    return ''


def benchmark_table(rows: List[Dict]) -> List[str]:
    """Markdown lines of the native-resolution benchmark's rows."""
    lines = [
        '| model | image | setting | peak GiB | step s |',
        '|---|---|---|---:|---:|'
    ]
    for row in rows:
        image = row.get('image') or row.get('long_side')
        if 'error' in row:
            lines.append(f"| {row['model']} | {image} | {row['setting']} | "
                         f"{row['error']} | |")
        else:
            lines.append(f"| {row['model']} | {image} | {row['setting']} | "
                         f"{row['peak_gib']:.2f} | {row['step_s']:.2f} |")
    return lines


def write_summary(out_dir: str, summary: Dict) -> None:
    """``gpu_check.json`` and ``gpu_check.md`` in ``out_dir``."""
    dump_json_atomic(summary, osp.join(out_dir, 'gpu_check.json'), indent=1)
    lines = [
        f"# GPU check, {summary['date']}", '',
        f"{summary.get('gpu', '?')}; torch {summary.get('torch', '?')}, "
        f"CUDA {summary.get('cuda', '?')}; {summary['seconds']:.0f} s of "
        f"the {summary['budget_s']:.0f} s budget", '',
        '| step | status | seconds | figures |', '|---|---|---:|---|'
    ]
    for record in summary['steps']:
        lines.append(f"| {record['step']} | {record['status']} | "
                     f"{record['seconds']:.0f} | {_figures(record)} |")
    for record in summary['steps']:
        if isinstance(record.get('result'), list):
            lines += ['', f"{record['step']} (`{record['command']}`):", '']
            lines += benchmark_table(record['result'])
    with atomic_open(osp.join(out_dir, 'gpu_check.md')) as f:
        f.write('\n'.join(lines) + '\n')


def device_facts() -> Dict:
    """The GPU, torch and CUDA of this machine."""
    import torch
    facts = dict(torch=torch.__version__, cuda=torch.version.cuda)
    if torch.cuda.is_available():
        facts['gpu'] = torch.cuda.get_device_name(0)
        facts['gpu_memory_gib'] = round(
            torch.cuda.get_device_properties(0).total_memory / 2**30, 1)
    else:
        facts['gpu'] = 'no CUDA device'
    return facts


def describe_steps(budget_s: float = BUDGET_S) -> str:
    """The steps and their estimates, as ``--dry-run`` prints them."""
    lines = [
        f'budget: {budget_s:.0f} s for the whole script, '
        f'{SUMMARY_S} s kept for the summary',
        '1. install the wheel folder, build mmcv for the local GPU '
        '(MAX_JOBS=nproc), timed'
    ]
    for k, step in enumerate(STEPS, start=2):
        command = ' '.join(step.command).replace('{py}', 'python').replace(
            '{out}', 'OUTDIR')
        lines.append(f'{k}. {step.name} (needs about {step.estimate_s:.0f} '
                     f's): {command}')
    return '\n'.join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('out_dir')
    parser.add_argument(
        '--started-at',
        type=float,
        default=None,
        help='epoch seconds the script started (default: now)')
    parser.add_argument('--budget', type=float, default=BUDGET_S)
    parser.add_argument('--build-seconds', type=float, default=None)
    parser.add_argument('--build-status', default='not run')
    parser.add_argument('--build-detail', default='')
    parser.add_argument('--dry-run', action='store_true')
    args = parser.parse_args(argv)
    if args.dry_run:
        print(describe_steps(args.budget))
        return 0
    started_at = args.started_at or time.time()
    os.makedirs(args.out_dir, exist_ok=True)
    build = dict(
        step='install and build mmcv',
        status=args.build_status,
        seconds=args.build_seconds or 0,
        detail=args.build_detail)
    if args.build_status == 'ok':
        records = run_steps(args.out_dir, started_at, args.budget)
    else:
        records = [
            dict(
                step=s.name,
                status='skipped: mmcv was not built',
                seconds=0) for s in STEPS
        ]
    summary = dict(
        date=time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime()),
        budget_s=args.budget,
        seconds=round(time.time() - started_at, 1),
        steps=[build] + records,
        **device_facts())
    write_summary(args.out_dir, summary)
    print(f"[gpu_check] summary: {osp.join(args.out_dir, 'gpu_check.md')}")
    failed = [r for r in summary['steps'] if r['status'] != 'ok'
              and not r['status'].startswith('skipped')]
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
