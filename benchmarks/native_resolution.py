"""Peak memory and time of one DINO training step at native resolutions.

For DINO with a small Swin (Swin-T) and with ResNet-50, at several long
sides (4:3 photos), with and without activation checkpointing in the
backbone (``with_cp``), one training step (forward, backward, optimizer
step, batch 1) runs in a FRESH subprocess per setting, so the peak resident
memory (``ru_maxrss``) of one setting is not inflated by another. The model
is built from the landmark configs with random weights (no download).

Printed per setting: the memory before the step (model, optimizer, Python),
the peak during it, the step's own share (peak - before) and the step time;
then, per model and size, what checkpointing saves as a ratio measured in
the same run. On a GPU (``--device cuda``) the peak is
``torch.cuda.max_memory_allocated``.

Example:
    python benchmarks/native_resolution.py --sizes 512 1024 2048
"""
import argparse
import json
import os
import os.path as osp
import resource
import subprocess
import sys
import time

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
MODELS = {
    'dino-swin-t':
    'configs/dino/dino-4scale_swin-t_1xb2-native-res-12e_landmark.py',
    'dino-r50': 'configs/dino/dino-4scale_r50_1xb2-native-res-12e_landmark.py',
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--models', nargs='+', default=list(MODELS), choices=list(MODELS))
    parser.add_argument(
        '--sizes',
        nargs='+',
        type=int,
        default=[512, 1024, 2048],
        help='long sides in pixels (4:3 images)')
    parser.add_argument('--device', default='cpu', help='cpu or cuda')
    parser.add_argument(
        '--timeout', type=float, default=900, help='seconds per setting')
    parser.add_argument('--out', help='also write the rows to this JSON')
    parser.add_argument('--one', help=argparse.SUPPRESS)  # child process
    return parser.parse_args(argv)


def _rss_gib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run_one(model_name: str, long_side: int, with_cp: bool,
            device: str) -> dict:
    """One training step in this process; returns the measurements."""
    import torch
    from mmdet.registry import MODELS as REGISTRY
    from mmdet.testing import demo_mm_inputs
    from mmengine.config import Config

    import landmark  # noqa: F401
    from landmark.core.pretrained_weights import drop_pretrained_weights

    cfg = Config.fromfile(osp.join(REPO_ROOT, MODELS[model_name]))
    drop_pretrained_weights(cfg.model)
    cfg.model.backbone.with_cp = with_cp
    torch.manual_seed(0)
    model = REGISTRY.build(cfg.model).to(device)
    model.init_weights()
    model.train()
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
        with_cp=with_cp,
        before_gib=round(before, 2),
        peak_gib=round(peak, 2),
        step_gib=round(peak - before, 2),
        step_s=round(time.perf_counter() - start, 2),
        threads=torch.get_num_threads())


def measure(model_name, long_side, with_cp, device, timeout) -> dict:
    """Run one setting in a fresh subprocess."""
    spec = json.dumps([model_name, long_side, with_cp, device])
    try:
        result = subprocess.run([sys.executable, __file__, '--one', spec],
                                capture_output=True,
                                text=True,
                                timeout=timeout,
                                cwd=REPO_ROOT)
    except subprocess.TimeoutExpired:
        return dict(
            model=model_name,
            long_side=long_side,
            with_cp=with_cp,
            error=f'over {timeout:.0f} s')
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith('{')]
    if result.returncode != 0 or not lines:
        last = (result.stderr.strip().splitlines() or ['?'])[-1]
        if result.returncode < 0 or result.returncode == 137:
            last = f'killed (signal {-result.returncode}): out of memory?'
        return dict(
            model=model_name,
            long_side=long_side,
            with_cp=with_cp,
            error=last[:80])
    return json.loads(lines[-1])


def print_table(rows) -> None:
    header = (f"{'model':<12}{'image':>11}{'with_cp':>9}{'before GiB':>12}"
              f"{'peak GiB':>10}{'step GiB':>10}{'step s':>9}")
    print(header)
    print('-' * len(header))
    for r in rows:
        if 'error' in r:
            print(f"{r['model']:<12}{r['long_side']:>11}"
                  f"{str(r['with_cp']):>9}  {r['error']}")
            continue
        print(f"{r['model']:<12}{r['image']:>11}{str(r['with_cp']):>9}"
              f"{r['before_gib']:>12.2f}{r['peak_gib']:>10.2f}"
              f"{r['step_gib']:>10.2f}{r['step_s']:>9.1f}")
    print()
    print('Activation checkpointing, same run: step memory and time with '
          'with_cp=True over with_cp=False')
    for model in dict.fromkeys(r['model'] for r in rows):
        for size in dict.fromkeys(r['long_side'] for r in rows):
            pair = {
                r['with_cp']: r
                for r in rows if r['model'] == model and r['long_side'] == size
                and 'error' not in r
            }
            if len(pair) == 2 and pair[False]['step_gib'] > 0:
                mem = pair[True]['step_gib'] / pair[False]['step_gib']
                tim = pair[True]['step_s'] / pair[False]['step_s']
                print(f'  {model:<12}{size:>6} px: memory x{mem:.2f}, '
                      f'time x{tim:.2f}')


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*json.loads(args.one))))
        return 0
    settings = [(m, s, cp) for m in args.models for s in args.sizes
                for cp in (False, True)]
    print(
        f'{len(settings)} settings, one fresh process each, on '
        f'{args.device} ({os.cpu_count()} CPU cores visible)',
        flush=True)
    rows = []
    start = time.time()
    for i, (model, size, cp) in enumerate(settings, 1):
        row = measure(model, size, cp, args.device, args.timeout)
        rows.append(row)
        elapsed = time.time() - start
        eta = elapsed / i * (len(settings) - i)
        print(
            f'[{i}/{len(settings)}] {model} {size} px with_cp={cp}: '
            f"{row.get('error') or str(row['step_s']) + ' s'}  "
            f'(elapsed {elapsed:.0f} s, eta {eta:.0f} s)',
            flush=True)
    print()
    print_table(rows)
    if args.out:
        from landmark.core.atomic_io import dump_json_atomic
        dump_json_atomic(rows, args.out, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
