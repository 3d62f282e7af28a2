"""Peak memory and time of one DINO training step at native resolutions.

For DINO with Swin-T, ResNet-50 (and Swin-L), at several long sides (4:3
photos), with each memory lever (``--settings``):

- ``none``: no activation checkpointing, fp32;
- ``backbone``: the backbone's own checkpointing (``with_cp=True``);
- ``all``: backbone + every deformable encoder and decoder layer
  (:func:`landmark.core.activation_checkpointing.checkpoint_modules`, what
  ``ActivationCheckpointingHook`` does);
- ``all-bf16``: ``all`` with the forward pass under bf16 autocast (what
  ``--amp`` does on the CPU; fp16 on a GPU);
- ``all-chunked``, ``all-bf16-chunked``: the same, with mmcv's CPU
  deformable attention run in chunks of queries
  (:func:`landmark.detection.models.chunked_deformable_attention.
  chunked_deformable_attention`, what ``ChunkedDeformableAttentionHook``
  does; no effect on a GPU);
- ``bf16``: no checkpointing, bf16 autocast (fp32 vs bf16 alone),

one training step (forward, backward, optimizer step, batch 1) runs in a
FRESH subprocess per setting, so the peak resident memory (``ru_maxrss``)
of one setting is not inflated by another. The model is built from the
landmark configs with random weights (no download).

Printed per setting: the memory before the step (model, optimizer, Python),
the peak during it, the step's own share (peak - before) and the step time;
then, per model and size, each lever's memory and time as a ratio to
``none`` (or to the setting with the fewest levers that fitted) measured
in the same run; then per model and setting the fit below. On a GPU
(``--device cuda``) the peak is ``torch.cuda.max_memory_allocated``.

``--memory-cap 22.5`` kills a setting's process once its resident memory
passes 22.5 GiB (polled; "over the cap", not measured), so the whole table
runs in one go on a machine of 24 GiB without the kernel's OOM killer.
A setting is then not run where the table already shows it cannot fit
(``--no-prune`` runs it anyway): at a larger size than one where it was
over the cap (or over ``--timeout``), or where a setting with every lever
it has and more was over the cap at that size; the rows say so
("implied"). At each size the settings with the most levers run first.
``--out FILE`` is rewritten after every setting (the rows with the
command, date and machine, ``benchmarks/benchmark_record.py``; at the end
also the fits below, which ``tools/analysis_tools/plot_benchmarks.py``
draws), and ``--resume`` keeps the rows already in it (or in a file of the
older format, a bare list of rows), so an interrupted run goes on where it
stopped; ``--print-only`` prints the tables of the rows in it and runs
nothing. A resumed record keeps the first run's command, date and machine
and lists the resuming commands under ``resumed``; ``--resume`` with
fewer ``--models``/``--sizes`` than the file holds, all of them run, only
rewrites the fits (of every row in the file).
Per model and setting: the largest photo that trained, and the step
memory a line through the two largest sizes that fit predicts for a
4000x3000 (12 MP) photo, against ``--gpu-gib`` (80) of one GPU (a line
through all sizes, as before, put 4096x3072 a third too low; a power law
fitted in log-log did as badly), with a backtest where three sizes or more
fit: the largest predicted from the two below it.

Example:
    python benchmarks/native_resolution.py --sizes 512 1024 2048
    python benchmarks/native_resolution.py --models dino-swin-t \\
        --sizes 4096 --settings all-bf16
    python benchmarks/native_resolution.py \\
        --models dino-swin-t dino-r50 dino-swin-l \\
        --sizes 1024 2048 3072 4096 --memory-cap 22.5 --out table.json
"""
import argparse
import json
import os
import os.path as osp
import resource
import subprocess
import sys
import tempfile
import time

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
MODELS = {
    'dino-swin-t':
    'configs/dino/dino-4scale_swin-t_1xb2-native-res-12e_landmark.py',
    'dino-r50':
    'configs/dino/dino-4scale_r50_1xb2-native-res-12e_landmark.py',
    'dino-swin-l':
    'configs/dino/dino-5scale_swin-l_1xb2-native-res-12e_landmark.py',
}
# setting -> (backbone with_cp, encoder/decoder checkpointing, autocast,
# chunked deformable attention)
SETTINGS = {
    'none': (False, False, False, False),
    'backbone': (True, False, False, False),
    'all': (True, True, False, False),
    'all-bf16': (True, True, True, False),
    'bf16': (False, False, True, False),
    'all-chunked': (True, True, False, True),
    'all-bf16-chunked': (True, True, True, True),
}
# the levers each setting has; a setting with a subset of another's levers
# needs at least as much memory as it
LEVERS = {
    name: {
        lever
        for lever, on in zip(('with_cp', 'encoder/decoder', 'autocast',
                              'chunked attention'), flags)
        if on
    }
    for name, flags in SETTINGS.items()
}
TRANSFORMER_LAYERS = ['encoder.layers', 'decoder.layers']
PHOTO_12MP = 4000 * 3000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--models',
        nargs='+',
        default=['dino-swin-t', 'dino-r50'],
        choices=list(MODELS))
    parser.add_argument(
        '--settings',
        nargs='+',
        default=['none', 'backbone', 'all', 'all-bf16'],
        choices=list(SETTINGS))
    parser.add_argument(
        '--sizes',
        nargs='+',
        type=int,
        default=[512, 1024, 2048],
        help='long sides in pixels (4:3 images)')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    parser.add_argument(
        '--timeout', type=float, default=900, help='seconds per setting')
    parser.add_argument(
        '--memory-cap',
        type=float,
        help='GiB of resident memory past which a setting is killed '
        '(CPU; "over the cap")')
    parser.add_argument(
        '--no-prune',
        action='store_true',
        help='run settings the table already shows cannot fit')
    parser.add_argument(
        '--gpu-gib',
        type=float,
        default=80,
        help='memory of the GPU the 12 MP prediction is set against')
    parser.add_argument(
        '--out', help='write the rows to this JSON (after every setting)')
    parser.add_argument(
        '--markdown',
        action='store_true',
        help='also print the tables in Markdown (as in the README)')
    parser.add_argument(
        '--print-only',
        action='store_true',
        help='print the tables of the rows in --out, run nothing (a '
        'missing setting stays missing, not started)')
    parser.add_argument(
        '--resume',
        action='store_true',
        help='keep the rows already in --out and run only the others')
    parser.add_argument('--one', help=argparse.SUPPRESS)  # child process
    return parser.parse_args(argv)


def _rss_gib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run_one(model_name: str, long_side: int, setting: str,
            device: str) -> dict:
    """One training step in this process; returns the measurements."""
    import torch
    from mmdet.registry import MODELS as REGISTRY
    from mmdet.testing import demo_mm_inputs
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    import landmark.detection  # noqa: F401
    from landmark.core.activation_checkpointing import checkpoint_modules
    from landmark.core.pretrained_weights import drop_pretrained_weights
    init_default_scope('mmdet')
    from landmark.detection.models.chunked_deformable_attention import (
        DEFAULT_CHUNK_MIB, chunked_deformable_attention)
    with_cp, transformer_cp, low_precision, chunked = SETTINGS[setting]
    cfg = Config.fromfile(osp.join(REPO_ROOT, MODELS[model_name]))
    drop_pretrained_weights(cfg.model)
    cfg.model.backbone.with_cp = with_cp
    torch.manual_seed(0)
    model = REGISTRY.build(cfg.model).to(device)
    model.init_weights()
    model.train()
    if transformer_cp:
        checkpoint_modules(model, TRANSFORMER_LAYERS)
    device_type = 'cuda' if device.startswith('cuda') else 'cpu'
    autocast = torch.autocast(
        device_type,
        dtype=torch.float16 if device_type == 'cuda' else torch.bfloat16,
        enabled=low_precision)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    height = long_side * 3 // 4
    packed = demo_mm_inputs(
        batch_size=1,
        image_shapes=[(3, height, long_side)],
        num_items=[1],
        num_classes=5,
        use_box_type=True,
        device=device)
    data = model.data_preprocessor(packed, True)
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated() / 2**30
    else:
        before = _rss_gib()
    start = time.perf_counter()
    with chunked_deformable_attention(DEFAULT_CHUNK_MIB if chunked else None):
        with autocast:
            losses = model(**data, mode='loss')
            loss, _ = model.parse_losses(losses)
        loss.backward()
    optimizer.step()
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() / 2**30
    else:
        peak = _rss_gib()
    return dict(
        model=model_name,
        long_side=long_side,
        image=f'{long_side}x{height}',
        setting=setting,
        loss=round(float(loss), 3),
        before_gib=round(before, 2),
        peak_gib=round(peak, 2),
        step_gib=round(peak - before, 2),
        step_s=round(time.perf_counter() - start, 2),
        threads=torch.get_num_threads())


def _rss_of(pid: int) -> float:
    """Resident memory of process ``pid`` in GiB (0 once it is gone)."""
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def measure(model_name,
            long_side,
            setting,
            device,
            timeout,
            memory_cap=None) -> dict:
    """Run one setting in a fresh subprocess.

    With ``memory_cap`` (GiB) the child's resident memory is polled and the
    child killed once it passes the cap: the row then has ``error`` and
    ``over_cap=True``.
    """
    spec = json.dumps([model_name, long_side, setting, device])
    row = dict(model=model_name, long_side=long_side, setting=setting)
    start = time.perf_counter()
    # the child's output goes to files: a pipe nobody reads while the
    # memory is polled would block a child that writes many warnings
    with tempfile.TemporaryFile('w+') as out, \
            tempfile.TemporaryFile('w+') as err:
        child = subprocess.Popen([sys.executable, __file__, '--one', spec],
                                 stdout=out,
                                 stderr=err,
                                 text=True,
                                 cwd=REPO_ROOT)
        over_cap = 0.0
        while child.poll() is None:
            if time.perf_counter() - start > timeout:
                child.kill()
                child.wait()
                return dict(row, error=f'over {timeout:.0f} s', over_time=True)
            rss = _rss_of(child.pid)
            if memory_cap is not None and rss > memory_cap:
                over_cap = rss
                child.kill()
                child.wait()
                break
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if over_cap:
        return dict(
            row,
            error=f'over {memory_cap:g} GiB (killed at {over_cap:.1f} GiB '
            f'after {time.perf_counter() - start:.0f} s)',
            over_cap=True)
    lines = [ln for ln in stdout.splitlines() if ln.startswith('{')]
    if child.returncode != 0 or not lines:
        last = (stderr.strip().splitlines() or ['?'])[-1]
        if child.returncode < 0 or child.returncode == 137:
            last = f'killed (signal {-child.returncode}): out of memory?'
        out_of_memory = 'memory' in last.lower() or 'alloc' in last.lower()
        return dict(row, error=last[:80], over_cap=out_of_memory)
    return json.loads(lines[-1])


def print_markdown(rows, summaries, gpu_gib=80.0) -> None:
    """The two tables of the README: every setting, then per model and
    setting the largest photo that trained and the 12 MP prediction."""
    done = [r for r in rows if 'error' not in r]
    print('\n| model | image | setting | peak GiB | step GiB | step s '
          '| step memory / base | step time / base |')
    print('|---|---|---|---:|---:|---:|---:|---:|')
    for r in rows:
        image = r.get('image') or f"{r['long_side']}x{r['long_side'] * 3 // 4}"
        if 'error' in r:
            print(f"| {r['model']} | {image} | {r['setting']} | "
                  f"{r['error']} | | | | |")
            continue
        by_setting = _fitted_at(done, r['model'], r['long_side'])
        base_name = _ratio_base(by_setting)
        base = by_setting[base_name]
        if r is base:
            ratios = f'1 ({base_name}) | 1'
        else:
            ratios = (f"x{r['step_gib'] / base['step_gib']:.2f} | "
                      f"x{r['step_s'] / base['step_s']:.2f}")
        print(f"| {r['model']} | {image} | {r['setting']} | "
              f"{r['peak_gib']:.2f} | {r['step_gib']:.2f} | "
              f"{r['step_s']:.1f} | {ratios} |")
    print('\n| model | setting | largest photo that trained (peak GiB) '
          '| 12 MP step GiB | 12 MP peak GiB '
          f'| on a {gpu_gib:g} GiB GPU (peak with the step x{STEP_MARGIN:g}, '
          'predicted) '
          '| backtest: largest size '
          'predicted / measured |')
    print('|---|---|---|---:|---:|---|---|')
    for s in summaries:
        largest = s['largest']
        trained = (f"{largest['image']} ({largest['peak_gib']:.1f})"
                   if largest else 'none')
        if 'step_12mp' in s:
            before = s['peak_12mp'] - s['step_12mp']
            verdict = fits_verdict(before, s['step_12mp'], gpu_gib)
            fit = (f"{s['step_12mp']:.1f} | {s['peak_12mp']:.1f} | "
                   f'{verdict}')
        else:
            fit = '- | - | -'
        backtest = (f"{s['backtest']:.1f} / {s['backtest_of']:.1f}"
                    if 'backtest' in s else '-')
        print(f"| {s['model']} | {s['setting']} | {trained} | {fit} "
              f'| {backtest} |')


def _open_record(path):
    """The ``--out`` record (``benchmarks/benchmark_record.py``; standard
    library only: importing landmark (torch, mmdet) would cost this parent
    process most of a GiB the settings run against)."""
    # the tests load this file by path, without benchmarks/ on sys.path
    sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
    from benchmark_record import BenchmarkRecord
    return BenchmarkRecord(path, 'native_resolution')


def read_rows(path) -> list:
    """The rows of an ``--out`` file: a record (``results.rows``) or the
    older bare list of rows; ``ValueError`` naming the file otherwise."""
    with open(path) as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = data.get('results', {}).get('rows')
    if not isinstance(data, list) or not all(
            isinstance(r, dict) and {'model', 'long_side', 'setting'} <= set(r)
            for r in data):
        raise ValueError('no list of rows with model, long_side, setting')
    return data


def _results(rows, args, summaries=None) -> dict:
    results = dict(
        device=args.device,
        memory_cap_gib=args.memory_cap,
        gpu_gib=args.gpu_gib,
        photo_12mp=[4000, 3000],
        rows=rows)
    if summaries is not None:
        results['fits'] = summaries
    return results


def ordered_settings(models, sizes, settings) -> list:
    """``(model, size, setting)`` in the order they run: per model, sizes
    from small to large, and at each size the settings with the most
    levers first (so a larger one can be pruned when they fail)."""
    by_levers = sorted(settings, key=lambda name: -len(LEVERS[name]))
    return [(model, size, name) for model in models for size in sorted(sizes)
            for name in by_levers]


def implied_failure(model, size, setting, rows):
    """Why ``setting`` cannot fit given the ``rows`` run so far, or None.

    It cannot when the same setting was over the memory cap or the time
    limit at a size no larger, or when a setting with all of its levers
    and more was over the memory cap at a size no larger.
    """
    for r in rows:
        if r['model'] != model or r['long_side'] > size:
            continue
        if r.get('over_cap') and LEVERS[setting] <= LEVERS[r['setting']]:
            return f"implied: {r['setting']} was over the cap at " \
                f"{r['long_side']}"
        if r.get('over_time') and r['setting'] == setting:
            return f"implied: over the time limit at {r['long_side']}"
    return None


def print_table(rows) -> None:
    width = max([len(r['setting']) for r in rows] + [7]) + 2
    header = (f"{'model':<12}{'image':>11}{'setting':>{width}}"
              f"{'before GiB':>12}{'peak GiB':>10}{'step GiB':>10}"
              f"{'step s':>9}")
    print(header)
    print('-' * len(header))
    for r in rows:
        if 'error' in r:
            print(f"{r['model']:<12}{r['long_side']:>11}"
                  f"{r['setting']:>{width}}  {r['error']}")
            continue
        print(f"{r['model']:<12}{r['image']:>11}{r['setting']:>{width}}"
              f"{r['before_gib']:>12.2f}{r['peak_gib']:>10.2f}"
              f"{r['step_gib']:>10.2f}{r['step_s']:>9.1f}")


def _fitted_at(done, model, size) -> dict:
    """``setting -> row`` of the rows in ``done`` for ``model`` at
    ``size``."""
    return {
        r['setting']: r
        for r in done if r['model'] == model and r['long_side'] == size
    }


def _ratio_base(by_setting) -> str:
    """The setting with the fewest levers (``none`` before ``backbone``
    before ``bf16``) among those that fitted: what ratios are taken to."""
    return min(
        by_setting, key=lambda n: (len(LEVERS[n]), list(SETTINGS).index(n)))


def print_ratios(rows) -> None:
    """Each setting's step memory and time over the one with the fewest
    levers that fitted at that size (``none`` where it did), same run."""
    done = [r for r in rows if 'error' not in r]
    print('\nSame run, each setting over the one with the fewest levers '
          'that fitted (none where it did): step memory, step time')
    for model in dict.fromkeys(r['model'] for r in done):
        for size in dict.fromkeys(r['long_side'] for r in done):
            by_setting = _fitted_at(done, model, size)
            if len(by_setting) < 2:
                continue
            base_name = _ratio_base(by_setting)
            base = by_setting[base_name]
            if base['step_gib'] <= 0:
                continue
            parts = [
                f"{name} x{r['step_gib'] / base['step_gib']:.2f} / "
                f"x{r['step_s'] / base['step_s']:.2f}"
                for name, r in by_setting.items() if name != base_name
            ]
            print(f"  {model:<12}{size:>6} px over {base_name}: "
                  f"{'; '.join(parts)}")


def fit_line(points):
    """Least-squares ``(intercept, slope)`` of ``y`` against ``x``."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x)**2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var
    return mean_y - slope * mean_x, slope


def predict_step(points, megapixels):
    """Step memory at ``megapixels`` from a line through the two largest
    of ``points`` (``(megapixels, step GiB)``): memory grows faster than
    linearly over the small sizes, so a line through all of them (or a
    power law) predicts large photos too low."""
    a, b = fit_line(sorted(points)[-2:])
    return a + b * megapixels


# The backtests ran low by up to x1.3 (ResNet-50 `all`: 10.0 GiB predicted,
# 13.0 measured) and the 12 MP rows extrapolate further than any backtest:
# a prediction "fits" only when the peak with its step scaled by this
# margin is under the GPU's memory (docs/native_resolution.md)
STEP_MARGIN = 1.3


def fits_verdict(before_gib: float, step_gib: float, gpu_gib: float) -> str:
    """``'fits, N GiB to spare'`` or ``'does not fit'`` for a predicted
    step: the memory before the step plus the step times
    :data:`STEP_MARGIN`, against ``gpu_gib``."""
    with_margin = before_gib + STEP_MARGIN * step_gib
    if with_margin <= gpu_gib:
        return f'fits, {gpu_gib - with_margin:.0f} GiB to spare'
    return 'does not fit'


def print_fits(rows, gpu_gib=80.0) -> list:
    """Per model and setting: the largest photo that trained and the step
    memory :func:`predict_step` gives for 12 MP;
    returns one summary per model and setting (``largest`` row or None;
    ``step_12mp``, ``peak_12mp`` where two sizes or more fit; ``backtest``
    and ``backtest_of`` where three or more did)."""
    done = [r for r in rows if 'error' not in r]
    fits = []
    print('\nLargest photo that trained; step memory at 4000x3000 (12 MP) '
          'from a line through the two largest sizes that fit, against '
          f'{gpu_gib:g} GiB; backtest: the largest size predicted from the '
          'two below it')
    for model in dict.fromkeys(r['model'] for r in rows):
        for setting in dict.fromkeys(r['setting'] for r in rows):
            same = [
                r for r in done
                if r['model'] == model and r['setting'] == setting
            ]
            summary = dict(model=model, setting=setting, largest=None)
            fits.append(summary)
            if not same:
                print(f'  {model:<12}{setting:>16}: no size fitted')
                continue
            largest = max(same, key=lambda r: r['long_side'])
            summary['largest'] = largest
            text = (f"  {model:<12}{setting:>16}: largest {largest['image']}"
                    f" ({largest['peak_gib']:.1f} GiB peak)")
            points = sorted({(r['long_side']**2 * 3 / 4 / 1e6, r['step_gib'])
                             for r in same})
            if len(points) >= 2:
                before = max(r['before_gib'] for r in same)
                step = predict_step(points, PHOTO_12MP / 1e6)
                peak = before + step
                summary.update(
                    step_12mp=step,
                    peak_12mp=peak,
                    peak_12mp_margin=before + STEP_MARGIN * step,
                    sizes=len(points))
                verdict = fits_verdict(before, step, gpu_gib)
                text += (f'; 12 MP (predicted): step {step:6.1f}, peak '
                         f'{peak:6.1f} GiB, with the margin '
                         f'{before + STEP_MARGIN * step:6.1f}: {verdict}')
            if len(points) >= 3:
                x, y = points[-1]
                backtest = predict_step(points[:-1], x)
                summary.update(backtest=backtest, backtest_of=y)
                text += (f'; backtest {backtest:.1f} vs {y:.1f} GiB '
                         f'(x{backtest / y:.2f})')
            print(text)
    return fits


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*json.loads(args.one))))
        return 0
    settings = ordered_settings(args.models, args.sizes, args.settings)
    rows, done = [], set()
    if (args.resume or args.print_only) and args.out and osp.exists(args.out):
        try:
            rows = read_rows(args.out)
            done = {(r['model'], r['long_side'], r['setting']) for r in rows}
        except (OSError, ValueError, TypeError, KeyError) as err:
            print(f'{args.out}: expected the rows of an earlier run of '
                  f'this benchmark (--out), could not read them '
                  f'({type(err).__name__}: {err})')
            return 2
        print(f'{len(rows)} rows kept from {args.out}')
    if args.print_only and not rows:
        print(f'--print-only: no rows to print (--out {args.out})')
        return 2
    todo = [] if args.print_only else [s for s in settings if s not in done]
    print(
        f'{len(todo)} settings, one fresh process each, on '
        f'{args.device} ({os.cpu_count()} CPU cores visible)',
        flush=True)
    # a resumed run with nothing left to run still writes the fits
    record = None
    if args.out and not args.print_only and (todo or args.resume):
        record = _open_record(args.out)
        if args.resume and rows:
            record.resume(args.out)
    start = time.time()
    for i, (model, size, name) in enumerate(todo, 1):
        implied = None if args.no_prune else implied_failure(
            model, size, name, rows)
        if implied:
            row = dict(
                model=model,
                long_side=size,
                setting=name,
                error=implied,
                implied=True)
        else:
            row = measure(model, size, name, args.device, args.timeout,
                          args.memory_cap)
        rows.append(row)
        if record:
            record.write(_results(rows, args))
        elapsed = time.time() - start
        # an upper bound: pruned settings take no time
        eta = elapsed / i * (len(todo) - i)
        print(
            f'[{i}/{len(todo)}] {model} {size} px {name}: '
            f"{row.get('error') or str(row['step_s']) + ' s'}  "
            f'(elapsed {elapsed:.0f} s, eta at most {eta:.0f} s)',
            flush=True)
    order = {key: i for i, key in enumerate(settings)}
    rows.sort(key=lambda r: order.get(
        (r['model'], r['long_side'], r['setting']), len(order)))
    print()
    print_table(rows)
    print_ratios(rows)
    summaries = print_fits(rows, args.gpu_gib)
    if record:
        record.write(_results(rows, args, summaries), finished=True)
    if args.markdown:
        print_markdown(rows, summaries, args.gpu_gib)
    return 0


if __name__ == '__main__':
    sys.exit(main())
