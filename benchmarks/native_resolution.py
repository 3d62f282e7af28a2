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
- ``bf16``: no checkpointing, bf16 autocast (fp32 vs bf16 alone),

one training step (forward, backward, optimizer step, batch 1) runs in a
FRESH subprocess per setting, so the peak resident memory (``ru_maxrss``)
of one setting is not inflated by another. The model is built from the
landmark configs with random weights (no download).

Printed per setting: the memory before the step (model, optimizer, Python),
the peak during it, the step's own share (peak - before) and the step time;
then, per model and size, each lever's memory and time as a ratio to
``none`` measured in the same run; then per model and setting a straight
line fitted to step memory against megapixels (least squares over the
sizes run) and what it predicts for a 4000x3000 (12 MP) photo. On a GPU
(``--device cuda``) the peak is ``torch.cuda.max_memory_allocated``.

Example:
    python benchmarks/native_resolution.py --sizes 512 1024 2048
    python benchmarks/native_resolution.py --models dino-swin-t \\
        --sizes 4096 --settings all-bf16
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
    'dino-r50':
    'configs/dino/dino-4scale_r50_1xb2-native-res-12e_landmark.py',
    'dino-swin-l':
    'configs/dino/dino-5scale_swin-l_1xb2-native-res-12e_landmark.py',
}
# setting -> (backbone with_cp, encoder/decoder checkpointing, autocast)
SETTINGS = {
    'none': (False, False, False),
    'backbone': (True, False, False),
    'all': (True, True, False),
    'all-bf16': (True, True, True),
    'bf16': (False, False, True),
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
    parser.add_argument('--out', help='also write the rows to this JSON')
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

    import landmark.detection  # noqa: F401
    from landmark.core.activation_checkpointing import checkpoint_modules
    from landmark.core.pretrained_weights import drop_pretrained_weights

    from mmengine.registry import init_default_scope
    init_default_scope('mmdet')
    with_cp, transformer_cp, low_precision = SETTINGS[setting]
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


def measure(model_name, long_side, setting, device, timeout) -> dict:
    """Run one setting in a fresh subprocess."""
    spec = json.dumps([model_name, long_side, setting, device])
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
            setting=setting,
            error=f'over {timeout:.0f} s')
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith('{')]
    if result.returncode != 0 or not lines:
        last = (result.stderr.strip().splitlines() or ['?'])[-1]
        if result.returncode < 0 or result.returncode == 137:
            last = f'killed (signal {-result.returncode}): out of memory?'
        return dict(
            model=model_name,
            long_side=long_side,
            setting=setting,
            error=last[:80])
    return json.loads(lines[-1])


def print_table(rows) -> None:
    header = (f"{'model':<12}{'image':>11}{'setting':>10}{'before GiB':>12}"
              f"{'peak GiB':>10}{'step GiB':>10}{'step s':>9}")
    print(header)
    print('-' * len(header))
    for r in rows:
        if 'error' in r:
            print(f"{r['model']:<12}{r['long_side']:>11}"
                  f"{r['setting']:>10}  {r['error']}")
            continue
        print(f"{r['model']:<12}{r['image']:>11}{r['setting']:>10}"
              f"{r['before_gib']:>12.2f}{r['peak_gib']:>10.2f}"
              f"{r['step_gib']:>10.2f}{r['step_s']:>9.1f}")


def print_ratios(rows) -> None:
    """Each setting's step memory and time over ``none``'s, same run."""
    done = [r for r in rows if 'error' not in r]
    print('\nSame run, each setting over no checkpointing in fp32 (none): '
          'step memory, step time')
    for model in dict.fromkeys(r['model'] for r in done):
        for size in dict.fromkeys(r['long_side'] for r in done):
            by_setting = {
                r['setting']: r
                for r in done if r['model'] == model and r['long_side'] == size
            }
            base = by_setting.get('none')
            if not base or base['step_gib'] <= 0:
                continue
            parts = [
                f"{name} x{r['step_gib'] / base['step_gib']:.2f} / "
                f"x{r['step_s'] / base['step_s']:.2f}"
                for name, r in by_setting.items() if name != 'none'
            ]
            print(f"  {model:<12}{size:>6} px: {'; '.join(parts)}")


def fit_line(points):
    """Least-squares ``(intercept, slope)`` of ``y`` against ``x``."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x)**2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var
    return mean_y - slope * mean_x, slope


def print_fits(rows) -> list:
    """Step memory against megapixels per model and setting, and what the
    line predicts for 12 MP (4000x3000); returns the fits."""
    done = [r for r in rows if 'error' not in r]
    fits = []
    print('\nStep memory (GiB) = a + b x megapixels, least squares over '
          'the sizes run; prediction for 4000x3000 (12 MP)')
    for model in dict.fromkeys(r['model'] for r in done):
        for setting in dict.fromkeys(r['setting'] for r in done):
            same = [
                r for r in done
                if r['model'] == model and r['setting'] == setting
            ]
            points = sorted({(r['long_side']**2 * 3 / 4 / 1e6, r['step_gib'])
                             for r in same})
            if len(points) < 2:
                continue
            a, b = fit_line(points)
            before = max(r['before_gib'] for r in same)
            step = a + b * PHOTO_12MP / 1e6
            fits.append(
                dict(model=model, setting=setting, a=a, b=b, step_12mp=step))
            print(f'  {model:<12}{setting:>10}: a={a:6.2f}  b={b:5.2f} GiB/MP'
                  f'  -> 12 MP: step {step:6.1f} GiB, peak '
                  f'{before + step:6.1f} GiB  ({len(points)} sizes)')
    return fits


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*json.loads(args.one))))
        return 0
    settings = [(m, s, name) for m in args.models for s in args.sizes
                for name in args.settings]
    print(
        f'{len(settings)} settings, one fresh process each, on '
        f'{args.device} ({os.cpu_count()} CPU cores visible)',
        flush=True)
    rows = []
    start = time.time()
    for i, (model, size, name) in enumerate(settings, 1):
        row = measure(model, size, name, args.device, args.timeout)
        rows.append(row)
        elapsed = time.time() - start
        eta = elapsed / i * (len(settings) - i)
        print(
            f'[{i}/{len(settings)}] {model} {size} px {name}: '
            f"{row.get('error') or str(row['step_s']) + ' s'}  "
            f'(elapsed {elapsed:.0f} s, eta {eta:.0f} s)',
            flush=True)
    print()
    print_table(rows)
    print_ratios(rows)
    print_fits(rows)
    if args.out:
        from landmark.core.atomic_io import dump_json_atomic
        dump_json_atomic(rows, args.out, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
