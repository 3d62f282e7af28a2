"""``max_pixels='auto'``: the largest pixel budget whose training step fits
in the memory given, found by probing (as Ultralytics' AutoBatch finds a
batch size).

Before training, one training step (forward, backward, optimizer step,
batch 1, the config's model, precision and activation checkpointing) runs
at the size of the largest training photo. While its peak memory is above
the budget, the pixel count is lowered (by the ratio of budget to peak at
first, then along the line through the last two probes; each side halved
after a probe that could not allocate at all, with one probe back up when
the size that then fits is well under the budget) and probed again.

Each probe runs in a fresh Python process: on the CPU the peak is that
process's peak resident memory (``ru_maxrss``: Python, libraries, model,
optimizer state and the step's activations, i.e. what the training process
itself needs, data-loader workers aside), which one process could not
measure again after a larger probe; on a GPU it is
``torch.cuda.max_memory_reserved`` (allocator cache included).

In a config (or ``tools/train.py ... --cfg-options max_pixels=auto
memory_budget=20GiB``; to see the choice without training:
``python -m landmark.detection.apis.auto_pixel_budget CONFIG
--memory-budget 20GiB``)::

    max_pixels = 'auto'
    memory_budget = '20GiB'   # default: free GPU memory, or on the CPU
                              # the available memory (MemAvailable)
"""
import argparse
import json
import math
import os
import os.path as osp
import re
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset
from landmark.detection.apis.data_root import annotation_file
from landmark.detection.datasets.transforms import (NativeResolution,
                                                    apply_pixel_budget)

AUTO = 'auto'
# stop lowering below this many pixels (a 64x48 photo)
MIN_PIXELS = 64 * 48
# aim a little under the budget: the steps of a run vary somewhat
HEADROOM = 0.95
# virtual memory a CPU probe maps beyond its resident peak (libraries,
# thread stacks, allocator reserves): ~3 GiB measured for the tiny DINO
ADDRESS_SPACE_SLACK = 6 * 2**30
_UNITS = {
    '': 1,
    'b': 1,
    'kb': 1e3,
    'mb': 1e6,
    'gb': 1e9,
    'tb': 1e12,
    'kib': 2**10,
    'mib': 2**20,
    'gib': 2**30,
    'tib': 2**40
}

# (width, height) -> peak bytes of one training step at that size
Probe = Callable[[int, int], float]


def parse_memory_size(text) -> int:
    """``'20GiB'`` -> bytes (also ``GB``, ``MiB``, ``MB``, plain numbers).

    Raises:
        ValueError: Not a size, with the text.
    """
    match = re.fullmatch(r'\s*([0-9.]+)\s*([a-zA-Z]*)\s*', str(text))
    unit = match and match.group(2).lower()
    if not match or unit not in _UNITS:
        raise ValueError(f'memory_budget={text!r}; expected a size such as '
                         "'20GiB', '512MiB' or '24GB'")
    return int(float(match.group(1)) * _UNITS[unit])


def available_memory(device: str) -> Tuple[int, str]:
    """The memory a step may use when no budget is given, and its source."""
    if device.startswith('cuda'):
        import torch
        free, _ = torch.cuda.mem_get_info()
        return free, 'free GPU memory'
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith('MemAvailable:'):
                return int(line.split()[1]) * 1024, 'MemAvailable'
    raise ValueError('max_pixels=auto: no memory_budget given and the '
                     'available memory is unknown here; set memory_budget')


def largest_training_photo(cfg: Config) -> Tuple[int, int]:
    """``(width, height)`` of the training photo with the most pixels, from
    the train annotation file (COCO ``images``).

    Raises:
        FileNotFoundError: The annotation file is missing (named).
        ValueError: It lists no image with a width and height.
    """
    ann_file = annotation_file(innermost_dataset(cfg.train_dataloader))
    if not osp.isfile(ann_file):
        raise FileNotFoundError(
            f'max_pixels=auto: train annotation file {ann_file!r} does not '
            'exist (the largest training photo is read from it)')
    with open(ann_file) as f:
        images = json.load(f).get('images', [])
    sizes = [(int(i['width']), int(i['height'])) for i in images
             if i.get('width') and i.get('height')]
    if not sizes:
        raise ValueError(f'max_pixels=auto: {ann_file} lists no image with '
                         'width and height')
    return max(sizes, key=lambda s: s[0] * s[1])


def _size_at(width: int, height: int, pixels: int) -> Tuple[int, int]:
    return NativeResolution(max_pixels=pixels).target_size(width, height)


def search_max_pixels(width: int,
                      height: int,
                      budget: float,
                      probe: Probe,
                      max_probes: int = 6) -> Tuple[Optional[int], List]:
    """Lower the pixel count from ``width x height`` until a probed step
    fits in ``budget`` bytes.

    Returns:
        tuple: The chosen ``max_pixels`` (None: even the largest photo
        fits, no budget needed) and the probes as ``(width, height, peak)``.

    Raises:
        ValueError: Nothing fitted down to :data:`MIN_PIXELS` or within
            ``max_probes`` probes; the message lists the probes.
    """
    probes = []
    pixels = width * height
    for _ in range(max_probes):
        w, h = _size_at(width, height, pixels)
        peak = probe(w, h)
        probes.append((w, h, peak))
        if peak <= budget:
            if len(probes) == 1:
                return None, probes
            return _refine_upwards(width, height, budget, probe, probes), \
                probes
        if math.isinf(peak):
            # the probe could not allocate (how far over is unknown):
            # halve each side
            target = w * h / 4
        elif len(probes) >= 2 and probes[-2][2] > peak and not math.isinf(
                probes[-2][2]):
            # the line through the last two probes, solved for the budget
            (w0, h0, p0), (w1, h1, p1) = probes[-2:]
            slope = (p0 - p1) / (w0 * h0 - w1 * h1)
            target = w1 * h1 - (p1 - HEADROOM * budget) / slope
        else:
            target = w * h * HEADROOM * budget / peak
        pixels = int(min(target, 0.9 * w * h))
        if pixels < MIN_PIXELS:
            break
    tried = ', '.join(f'{w}x{h}: {p / 2**30:.2f} GiB' for w, h, p in probes)
    raise ValueError(f'max_pixels=auto: no training step fitted in '
                     f'{budget / 2**30:.2f} GiB ({tried})')


def _refine_upwards(width: int, height: int, budget: float, probe: Probe,
                    probes: List) -> int:
    """After halving the sides past a probe that could not allocate, the
    first size that fits may be far under the budget: one more probe
    between it and the failed size, scaled by the room left (memory is
    not proportional to pixels, so it may fail: the fitting size stands).
    Appends the probe to ``probes``; returns the pixels chosen."""
    (_, _, above), (w, h, peak) = probes[-2:]
    if not math.isinf(above) or peak >= 0.8 * HEADROOM * budget:
        return w * h
    upper = probes[-2][0] * probes[-2][1]
    pixels = int(min(w * h * HEADROOM * budget / peak, 0.9 * upper))
    w1, h1 = _size_at(width, height, pixels)
    if w1 * h1 <= w * h:
        return w * h
    peak1 = probe(w1, h1)
    probes.append((w1, h1, peak1))
    return w1 * h1 if peak1 <= budget else w * h


def probe_in_subprocess(cfg: Config,
                        device: str,
                        memory_cap: Optional[int] = None,
                        timeout: float = 1800) -> Probe:
    """A :data:`Probe` that runs each step in a fresh process (module
    docstring) on ``cfg`` as it is now (model, optimizer wrapper, hooks).

    Args:
        memory_cap (int, optional): On the CPU, bytes of resident memory
            the probe must not pass: its address space is limited to this
            plus :data:`ADDRESS_SPACE_SLACK` (libraries and reserved but
            untouched pages), so a probe far over the budget fails to
            allocate (counted as not fitting) instead of exhausting the
            machine. Defaults to None (no limit).
    """
    tmp = tempfile.mkdtemp(prefix='auto_pixel_budget_')
    config = osp.join(tmp, 'probe_config.py')
    cfg.dump(config)

    def probe(width: int, height: int) -> float:
        spec = json.dumps(
            dict(
                config=config,
                width=width,
                height=height,
                device=device,
                address_space=None if memory_cap is None else memory_cap +
                ADDRESS_SPACE_SLACK))
        result = subprocess.run(
            [sys.executable, '-m', __name__, '--probe', spec],
            capture_output=True,
            text=True,
            timeout=timeout)
        lines = [ln for ln in result.stdout.splitlines() if ln.startswith('{')]
        if result.returncode != 0 or not lines:
            last = (result.stderr.strip().splitlines() or ['?'])[-1]
            if result.returncode in (-9, 137) or re.search(
                    'MemoryError|allocate memory|out of memory', last):
                return math.inf  # killed or refused: it does not fit
            raise RuntimeError(f'max_pixels=auto: the probe at {width}x'
                               f'{height} failed: {last}')
        return float(json.loads(lines[-1])['peak_bytes'])

    return probe


def resolve_auto_pixel_budget(cfg: Config,
                              device: Optional[str] = None,
                              probe: Optional[Probe] = None) -> Dict:
    """Replace ``max_pixels='auto'`` in a training config by a number.

    Does nothing unless ``cfg.max_pixels == 'auto'``. Otherwise probes
    (module docstring) against ``cfg.memory_budget`` (or the free memory),
    prints each probe, what it chose and why, and writes the choice into
    every ``NativeResolution`` (:func:`apply_pixel_budget`). Call it on the
    finished training config (after ``--amp`` and the data root).

    Args:
        cfg (Config): The training config, changed in place.
        device (str, optional): ``'cuda'`` or ``'cpu'``. Defaults to the
            GPU when there is one.
        probe (Probe, optional): Measures one step; defaults to
            :func:`probe_in_subprocess`.

    Returns:
        dict: ``max_pixels`` chosen, ``budget`` in bytes, ``probes``.
    """
    if cfg.get('max_pixels') != AUTO:
        return {}
    if device is None:
        import torch
        device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if cfg.get('memory_budget') is not None:
        budget, source = parse_memory_size(cfg.memory_budget), \
            f'memory_budget={cfg.memory_budget}'
    else:
        budget, source = available_memory(device)
    width, height = largest_training_photo(cfg)
    if cfg.get('max_long_side'):
        width, height = NativeResolution(
            max_long_side=cfg.max_long_side).target_size(width, height)
    print_log(
        f'max_pixels=auto: probing one training step on {device} from the '
        f'largest training photo ({width}x{height}) against '
        f'{budget / 2**30:.2f} GiB ({source})',
        logger='current')
    if probe is None:
        cap = None
        if not device.startswith('cuda'):
            cap = min(budget, available_memory(device)[0])
        probe = probe_in_subprocess(cfg, device, cap)

    def logged(w: int, h: int) -> float:
        start = time.time()
        peak = probe(w, h)
        # an infinite peak: the probe could not allocate within its cap
        found = ('could not allocate within the budget'
                 if math.isinf(peak) else f'peak {peak / 2**30:.2f} GiB, '
                 f'{"fits" if peak <= budget else "over the budget"}')
        print_log(
            f'max_pixels=auto: {w}x{h} ({w * h / 1e6:.2f} MP): {found} '
            f'({time.time() - start:.0f} s)',
            logger='current')
        return peak

    chosen, probes = search_max_pixels(width, height, budget, logged)
    cfg.max_pixels = chosen
    apply_pixel_budget(cfg)
    print_log(
        f'max_pixels=auto chose max_pixels={chosen}: '
        f'{describe_choice(chosen, probes, budget)} '
        f'({len(probes)} probe(s), budget {budget / 2**30:.2f} GiB)',
        logger='current')
    return dict(max_pixels=chosen, budget=budget, probes=probes)


def describe_choice(chosen: Optional[int], probes: list, budget: float) -> str:
    """Why ``chosen``: the largest probe ``(width, height, peak)`` that
    fitted ``budget`` (not the last probe: an upward one may not have)."""
    if chosen is None:
        return 'the largest training photo fits: no downscaling'
    width, height, _ = max((p for p in probes if p[2] <= budget),
                           key=lambda p: p[0] * p[1])
    return f'{width}x{height} is the largest probed size that fits'


class TrainingStep(NamedTuple):
    """What one training step of a config needs, built by
    :func:`build_training_step`."""
    model: Any  # the detector, on its device, in training mode
    optim_wrapper: Any
    data: dict  # one image and one box, as the data preprocessor takes it
    chunk_mib: Optional[float]  # ChunkedDeformableAttentionHook's, or None
    levers: List[str]  # the memory levers on, in words


def build_training_step(config: str, width: int, height: int,
                        device: str) -> TrainingStep:
    """The model of ``config`` (initialized as the runner does, seed 0:
    parameters MMDetection leaves to ``init_weights``, such as DINO's
    ``level_embed``, are otherwise uninitialized memory that turned the
    step's predictions into NaN now and then) with the memory
    levers of its hooks (activation checkpointing, chunked deformable
    attention), its optimizer (one step per batch: ``accumulative_counts``
    is 1, the optimizer's state is part of the peak) and a batch of one
    ``width x height`` image with one box of class 0 (valid for any
    model)."""
    import torch
    from mmdet.testing import demo_mm_inputs
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import MODELS, init_default_scope

    import landmark.detection  # noqa: F401 (registers the modules)
    from landmark.core.activation_checkpointing import checkpoint_modules
    from landmark.core.pretrained_weights import drop_pretrained_weights
    from landmark.detection.models.chunked_deformable_attention import \
        DEFAULT_CHUNK_MIB

    cfg = Config.fromfile(config)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    drop_pretrained_weights(cfg.model)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model = model.to(device)
    model.train()
    levers = []
    if cfg.model.get('backbone', {}).get('with_cp'):
        levers.append('backbone with_cp')
    chunk_mib = None
    for hook in cfg.get('custom_hooks', []):
        if hook['type'] == 'ActivationCheckpointingHook':
            checkpoint_modules(model, hook['modules'])
            levers.append('checkpointed ' + ', '.join(hook['modules']))
        elif hook['type'] == 'ChunkedDeformableAttentionHook':
            chunk_mib = hook.get('chunk_mib', DEFAULT_CHUNK_MIB)
            levers.append('chunked deformable attention (CPU only)')
    cfg.optim_wrapper.accumulative_counts = 1
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    levers.append(type(wrapper).__name__)
    numpy_state = np.random.get_state()  # demo_mm_inputs draws from it
    np.random.seed(0)
    data = demo_mm_inputs(
        batch_size=1,
        image_shapes=[(3, height, width)],
        num_items=[1],
        num_classes=2,  # labels drawn from [1, 2): class 1
        use_box_type=True,
        device=device)
    np.random.set_state(numpy_state)
    for sample in data['data_samples']:  # class 0: valid for any model
        sample.gt_instances.labels.zero_()
    return TrainingStep(model, wrapper, data, chunk_mib, levers)


def run_probe(config: str,
              width: int,
              height: int,
              device: str,
              address_space: Optional[int] = None) -> dict:
    """One training step at ``width x height`` in this process, its
    address space limited to ``address_space`` bytes when given."""
    if address_space is not None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    import torch

    from landmark.detection.models.chunked_deformable_attention import \
        chunked_deformable_attention

    step = build_training_step(config, width, height, device)
    if device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    with chunked_deformable_attention(step.chunk_mib):
        step.model.train_step(step.data, step.optim_wrapper)
    if device.startswith('cuda'):
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_reserved()
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return dict(peak_bytes=peak, step_s=time.perf_counter() - start)


def main(argv=None) -> int:
    """``python -m landmark.detection.apis.auto_pixel_budget CONFIG
    --memory-budget 20GiB [--amp] [--data-root DIR]``: print what
    ``max_pixels='auto'`` chooses for this training config, without
    training (``--probe`` is the child process of one probe)."""
    parser = argparse.ArgumentParser(
        description="what max_pixels='auto' chooses for a training config")
    parser.add_argument('config', nargs='?')
    parser.add_argument('--memory-budget', help="e.g. '20GiB'")
    parser.add_argument('--amp', action='store_true')
    parser.add_argument('--data-root')
    parser.add_argument('--probe', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(run_probe(**json.loads(args.probe))))
        return 0
    if not args.config:
        parser.error('a config is needed')
    from landmark.detection.apis.runner_setup import prepare_train_config
    options = dict(max_pixels=AUTO)
    if args.memory_budget:
        options['memory_budget'] = args.memory_budget
    try:
        cfg = prepare_train_config(
            args.config,
            amp=args.amp,
            data_root=args.data_root,
            from_scratch=True,
            cfg_options=options)
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    print(f'max_pixels = {cfg.max_pixels}')
    return 0


if __name__ == '__main__':
    os.environ.setdefault('PYTHONUNBUFFERED', '1')
    sys.exit(main())
