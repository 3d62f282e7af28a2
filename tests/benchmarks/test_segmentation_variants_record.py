"""benchmarks/segmentation_variants.py --out: its figures become a record
with the variants as a list in the order they ran, which
tools/analysis_tools/plot_benchmarks.py draws."""

import pytest

from landmark.testing import load_script


@pytest.fixture(scope='module')
def bench():
    return load_script('benchmarks/segmentation_variants.py')


def test_the_variants_are_listed_in_the_order_they_ran(bench):
    # results.json as the benchmark writes it, two variants done, and the
    # keys of a dict in another order than VARIANTS
    results = {
        'config': 'c.py',
        'train_seconds': 12.5,
        'flip TTA 1:1': dict(mIoU=61.0, mDice=75.0, seconds=2.0),
        'plain': dict(mIoU=60.0, mDice=74.0, seconds=1.0),
    }
    record = bench.record_results(results)
    assert record == dict(
        config='c.py',
        train_seconds=12.5,
        variants=[
            dict(variant='plain', mIoU=60.0, mDice=74.0, seconds=1.0),
            dict(variant='flip TTA 1:1', mIoU=61.0, mDice=75.0, seconds=2.0)
        ])
    assert results['plain'] == dict(mIoU=60.0, mDice=74.0, seconds=1.0)


def test_the_record_is_drawn(bench, tmp_path):
    plot = load_script('tools/analysis_tools/plot_benchmarks.py')
    args = bench.parse_args(['c.py', str(tmp_path), '--out', 'r.json'])
    assert args.out == 'r.json'
    results = {
        name: dict(mIoU=60.0 + i, mDice=70.0 + i, seconds=1.0)
        for i, (name, *_) in enumerate(bench.VARIANTS)
    }
    record = dict(
        benchmark='segmentation_variants',
        path='r.json',
        results=bench.record_results(dict(results, config='c.py')))
    ax, = plot.benchmark_figure([record]).axes
    assert [c.get_label() for c in ax.containers] == \
        [name for name, *_ in bench.VARIANTS]
    assert [b.get_height() for b in ax.containers[-1]] == [64.0, 74.0]


def test_a_missing_config_is_one_line():
    import subprocess
    import sys

    from landmark.testing import REPO_ROOT
    done = subprocess.run([
        sys.executable, 'benchmarks/segmentation_variants.py',
        'configs/no_such_config.py', 'work_dirs/none'
    ],
                          cwd=REPO_ROOT,
                          capture_output=True,
                          text=True,
                          timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: config file 'configs/no_such_config.py' does not exist; "
        'expected a segmentation config (.py)')
