"""max_pixels='auto': the search against a memory model worked out by hand,
and real probes on the tiny DINO."""
import numpy as np
import pytest
from mmengine.config import Config

from landmark.detection.apis.auto_pixel_budget import (
    describe_choice, parse_memory_size, resolve_auto_pixel_budget,
    search_max_pixels)
from landmark.detection.apis.runner_setup import prepare_train_config
from landmark.detection.datasets.transforms import apply_pixel_budget
from landmark.testing import REPO_ROOT

GIB = 2**30
TINY_DINO = (f'{REPO_ROOT}/configs/dino/'
             'dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py')


def linear_memory(base=1 * GIB, per_pixel=1000):
    """A step whose peak is 1 GiB plus 1000 bytes a pixel; records probes."""
    calls = []

    def probe(width, height):
        calls.append((width, height))
        return base + per_pixel * width * height

    return probe, calls


def test_largest_photo_that_fits_needs_no_budget():
    probe, calls = linear_memory()
    # 4000x3000: 1 GiB + 12e9 B = 12.2 GiB < 20 GiB
    chosen, probes = search_max_pixels(4000, 3000, 20 * GIB, probe)
    assert chosen is None and calls == [(4000, 3000)]


def test_budget_is_lowered_until_the_step_fits():
    probe, calls = linear_memory()
    # fits when pixels <= (6 GiB - 1 GiB) / 1000 = 5.37 M pixels
    limit = 5 * GIB / 1000
    chosen, probes = search_max_pixels(4000, 3000, 6 * GIB, probe)
    assert probes[-1][2] <= 6 * GIB < probes[0][2]
    assert chosen == probes[-1][0] * probes[-1][1]
    # the line through two probes lands at 95 % of the budget at once:
    # (0.95 * 6 GiB - 1 GiB) / 1000 = 5.05 M pixels, within 6 % of the limit
    assert len(calls) == 3
    assert 0.93 * limit < chosen <= limit
    assert abs(probes[-1][0] / probes[-1][1] - 4 / 3) < 0.01  # 4:3 kept


def test_a_probe_that_cannot_allocate_halves_the_sides():
    probe, calls = linear_memory()

    def capped(width, height):  # the address-space cap refuses > 4 MP
        peak = probe(width, height)
        return float('inf') if width * height > 4e6 else peak

    # 12 MP refused; 2000x1500 (3 MP) fits in 6 GiB with 1 GiB + 3e9 B =
    # 3.79 GiB, under 80 % of 95 % of the budget, so one probe goes back
    # up: 3 MP x 5.7 / 3.79 = 4.5 MP, refused: 3 MP stands
    chosen, probes = search_max_pixels(4000, 3000, 6 * GIB, capped)
    assert calls[:2] == [(4000, 3000), (2000, 1500)] and len(calls) == 3
    assert 4e6 < calls[2][0] * calls[2][1] < 4.6e6
    assert chosen == 2000 * 1500


def test_after_halving_the_probe_upwards_is_kept_when_it_fits():
    probe, calls = linear_memory()

    def capped(width, height):  # refuses > 11 MP
        peak = probe(width, height)
        return float('inf') if width * height > 11e6 else peak

    # 12 MP refused; 3 MP: 3.79 GiB, far under 10 GiB; then 3 MP x 9.5 /
    # 3.79 = 7.5 MP: 1 GiB + 7.5e9 B = 8.0 GiB, fits and is chosen
    chosen, probes = search_max_pixels(4000, 3000, 10 * GIB, capped)
    assert len(calls) == 3 and chosen == calls[2][0] * calls[2][1]
    assert 7.3e6 < chosen < 7.7e6 and probes[-1][2] <= 10 * GIB


def test_the_choice_names_the_probe_that_fitted_not_the_last_one():
    # 12 MP refused, 3 MP fits, the probe back up to 10.8 MP refused: the
    # log must name 2000x1500 (it named the last probe, 3794x2846)
    probes = [(4000, 3000, float('inf')), (2000, 1500, 1 * GIB),
              (3794, 2846, float('inf'))]
    assert describe_choice(3_000_000, probes, 8 * GIB) == \
        '2000x1500 is the largest probed size that fits'
    assert 'no downscaling' in describe_choice(None, probes[:1], 20 * GIB)


def test_nothing_fits_names_the_probes():
    probe, _ = linear_memory(base=3 * GIB)
    with pytest.raises(
            ValueError,
            match=r'no training step fitted in '
            r'2.00 GiB \(4000x3000: 14.18 GiB'):
        search_max_pixels(4000, 3000, 2 * GIB, probe)


@pytest.mark.parametrize('text, size', [('20GiB', 20 * GIB),
                                        ('512 MiB', 512 * 2**20),
                                        ('24GB', 24 * 10**9), ('1024', 1024)])
def test_memory_sizes(text, size):
    assert parse_memory_size(text) == size


def test_bad_memory_size_is_named():
    with pytest.raises(ValueError, match="memory_budget='20 gigs'"):
        parse_memory_size('20 gigs')


def test_auto_leaves_pipelines_unlimited_until_resolved():
    cfg = Config(
        dict(
            max_pixels='auto',
            train_dataloader=dict(
                dataset=dict(pipeline=[dict(type='NativeResolution')]))))
    apply_pixel_budget(cfg)
    assert cfg.max_pixels == 'auto'
    assert cfg.train_dataloader.dataset.pipeline[0]['max_pixels'] is None
    assert resolve_auto_pixel_budget(Config(dict(max_pixels=100))) == {}


@pytest.fixture(scope='module')
def photos_1024(tmp_path_factory):
    from landmark.detection.datasets import generate_landmark_dataset
    root = str(tmp_path_factory.mktemp('photos_1024'))
    generate_landmark_dataset(
        root, num_train=3, num_val=1, seed=0, sizes=((1024, 768), ))
    return root


def auto_config(data_root, budget):
    # the tiny DINO without its 320 px limit: training photos of 1024x768
    return prepare_train_config(
        TINY_DINO,
        data_root=data_root,
        cfg_options=dict(
            max_pixels='auto', memory_budget=budget, max_long_side=None))


@pytest.fixture
def each_size_probed_once(monkeypatch):
    """Real probes (:func:`probe_in_subprocess`), but a size already
    probed with a finite peak is not probed again: the same config at the
    same size peaks the same, whatever the budget. Each probe is a fresh
    process and one DINO step (~20 s on one core). Returns the sizes
    probed, in order."""
    from landmark.detection.apis import auto_pixel_budget
    real = auto_pixel_budget.probe_in_subprocess
    peaks, probed = {}, []

    def probe_in_subprocess(cfg, device, memory_cap=None, **kwargs):
        probe = real(cfg, device, memory_cap, **kwargs)

        def once(width, height):
            if (width, height) not in peaks:
                probed.append((width, height))
                peak = probe(width, height)
                if peak == float('inf'):  # refused under this cap only
                    return peak
                peaks[width, height] = peak
            return peaks[width, height]

        return once

    monkeypatch.setattr(auto_pixel_budget, 'probe_in_subprocess',
                        probe_in_subprocess)
    return probed


@pytest.mark.slow
def test_small_budget_chooses_fewer_pixels_than_a_large_one(
        photos_1024, each_size_probed_once):
    # measured here: a probe at 1024x768 peaks at ~2.4 GiB of resident
    # memory, at 128x96 ~1.0 GiB (Python, libraries and model included)
    large = auto_config(photos_1024, '64GiB')
    assert large.max_pixels is None  # 1024x768 fits: no downscaling
    assert each_size_probed_once == [(1024, 768)]
    # 1024x768 (2.4 GiB, measured above) is over 1.5 GiB: smaller sizes
    small = auto_config(photos_1024, '1.5GiB')
    assert len(each_size_probed_once) > 1  # smaller sizes, probed for real
    assert small.max_pixels is not None and small.max_pixels < 1024 * 768
    pipeline = small.train_dataloader.dataset.pipeline
    assert [
        t['max_pixels'] for t in pipeline if t['type'] == 'NativeResolution'
    ] == [small.max_pixels]


def test_the_probe_step_is_one_photo_of_the_size_with_the_configs_levers(
        tmp_path):
    from landmark.detection.apis.auto_pixel_budget import (
        build_training_step, run_probe)

    # the tiny DINO with one memory lever of each kind switched on
    config = tmp_path / 'levers.py'
    config.write_text(
        f"_base_ = ['{TINY_DINO}']\n"
        "custom_hooks = [\n"
        "    dict(type='ActivationCheckpointingHook', modules=['encoder']),\n"
        "    dict(type='ChunkedDeformableAttentionHook', chunk_mib=64)]\n")
    step = build_training_step(str(config), 96, 64, 'cpu')
    assert step.data['inputs'][0].shape == (3, 64, 96)
    assert step.data['data_samples'][0].gt_instances.labels.tolist() == [0]
    assert step.chunk_mib == 64
    assert step.levers == [
        'checkpointed encoder', 'chunked deformable attention (CPU only)',
        type(step.optim_wrapper).__name__
    ]
    # the probe runs that step (forward, backward, optimizer) in full
    assert set(run_probe(str(config), 96, 64, 'cpu')) == {
        'peak_bytes', 'step_s'
    }


def test_the_probe_model_is_initialized_as_the_runner_initializes_it():
    """MMDetection leaves some parameters (DINO's ``level_embed``) to
    ``init_weights``; a probe without it ran on uninitialized memory and
    failed now and then on NaN predictions (seen in CI)."""
    import torch
    from mmengine.registry import MODELS, init_default_scope

    from landmark.core.pretrained_weights import drop_pretrained_weights
    from landmark.detection.apis.auto_pixel_budget import build_training_step

    cfg = Config.fromfile(TINY_DINO)
    init_default_scope('mmdet')
    drop_pretrained_weights(cfg.model)
    torch.manual_seed(0)
    runner_model = MODELS.build(cfg.model)
    runner_model.init_weights()
    step = build_training_step(TINY_DINO, 96, 64, 'cpu')
    probed = step.model.state_dict()
    for name, value in runner_model.state_dict().items():
        assert torch.equal(probed[name], value), name
    # the photo is drawn the same each time, whatever NumPy drew before
    np.random.rand(7)
    again = build_training_step(TINY_DINO, 96, 64, 'cpu')
    assert torch.equal(again.data['inputs'][0], step.data['inputs'][0])
