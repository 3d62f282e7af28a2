"""The native-resolution benchmark's pruning and fits, which decide what the
the one-run memory table of docs/benchmarks.md shows as measured, implied
or predicted."""
import importlib.util
import os.path as osp

import pytest

BENCHMARK = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'benchmarks',
    'native_resolution.py')


@pytest.fixture(scope='module')
def bench():
    spec = importlib.util.spec_from_file_location('native_resolution',
                                                  BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _over_cap(setting, size, model='dino-swin-t'):
    return dict(
        model=model,
        long_side=size,
        setting=setting,
        error='over 22.5 GiB',
        over_cap=True)


def test_settings_with_most_levers_run_first_at_each_size(bench):
    order = bench.ordered_settings(['dino-swin-t'], [2048, 1024],
                                   ['none', 'backbone', 'all', 'all-bf16'])
    assert [size for _, size, _ in order] == [1024] * 4 + [2048] * 4
    assert [name for _, _, name in order[:4]
            ] == ['all-bf16', 'all', 'backbone', 'none']


def test_a_setting_is_implied_over_only_by_one_with_its_levers_and_more(bench):
    rows = [_over_cap('all', 2048)]
    # fewer levers, same or larger size: cannot fit either
    assert bench.implied_failure('dino-swin-t', 2048, 'none', rows)
    assert bench.implied_failure('dino-swin-t', 2048, 'backbone', rows)
    assert bench.implied_failure('dino-swin-t', 3072, 'all', rows)
    # more levers (bf16 on top), a smaller size, another model: still run
    assert bench.implied_failure('dino-swin-t', 2048, 'all-bf16', rows) is None
    assert bench.implied_failure('dino-swin-t', 1024, 'none', rows) is None
    assert bench.implied_failure('dino-r50', 2048, 'none', rows) is None
    # bf16 alone does not have all's levers: not implied by all's failure,
    # but by its own failure at a smaller size
    assert bench.implied_failure('dino-swin-t', 2048, 'bf16', rows) is None
    rows.append(_over_cap('bf16', 1024))
    assert bench.implied_failure('dino-swin-t', 2048, 'bf16', rows)
    assert bench.implied_failure('dino-swin-t', 1024, 'none', rows)


def test_a_timeout_implies_only_the_same_setting_at_larger_sizes(bench):
    rows = [
        dict(
            model='dino-swin-l',
            long_side=2048,
            setting='all',
            error='over 1800 s',
            over_time=True)
    ]
    assert bench.implied_failure('dino-swin-l', 3072, 'all', rows)
    # a slower run is not a larger one: fewer levers may be faster
    assert bench.implied_failure('dino-swin-l', 3072, 'none', rows) is None
    assert bench.implied_failure('dino-swin-l', 1024, 'all', rows) is None


def test_12mp_prediction_follows_the_two_largest_sizes(bench):
    # 1 GiB per MP up to 4 MP, then 3 GiB per MP: the line through the two
    # largest points, not through all of them
    points = [(1.0, 1.0), (4.0, 4.0), (8.0, 16.0)]
    assert bench.predict_step(points, 12.0) == pytest.approx(28.0)
    assert bench.predict_step(list(reversed(points)), 12.0) == \
        pytest.approx(28.0)


def test_print_only_starts_no_setting_a_file_lacks(bench, tmp_path, capsys,
                                                   monkeypatch):
    # --resume on a file missing settings runs them; --print-only must not
    # (a second run beside a real one took its memory)
    out = tmp_path / 'rows.json'
    out.write_text('[{"model": "dino-swin-t", "long_side": 1024, '
                   '"image": "1024x768", "setting": "all", "loss": 1.0, '
                   '"before_gib": 1.0, "peak_gib": 3.0, "step_gib": 2.0, '
                   '"step_s": 10.0, "threads": 1}]')

    def no_run(*args, **kwargs):
        raise AssertionError('a setting was started')

    monkeypatch.setattr(bench, 'measure', no_run)
    assert bench.main(['--print-only', '--out', str(out), '--markdown']) == 0
    assert '| dino-swin-t | 1024x768 | all | 3.00 | 2.00 | 10.0 |' in \
        capsys.readouterr().out
    assert bench.main(['--print-only', '--out', str(tmp_path / 'no.json')]) \
        == 2


def test_fits_means_the_peak_with_the_margin_is_under_the_gpu(bench):
    # docs/native_resolution.md's 12 MP rows: 1.3 GiB before the step
    # ResNet-50 `backbone`: 1.3 + 1.3 x 57.9 = 76.6 -> 3 GiB to spare;
    # `none` of Swin-T: 1.3 + 1.3 x 75.8 = 99.8 -> over 80 GiB although
    # its peak without the margin (77.1) is under
    assert bench.fits_verdict(1.3, 57.9, 80) == 'fits, 3 GiB to spare'
    assert bench.fits_verdict(1.3, 75.8, 80) == 'does not fit'
    assert bench.fits_verdict(1.3, 75.8, 120) == 'fits, 20 GiB to spare'
