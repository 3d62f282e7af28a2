"""tools/analysis_tools/plot_benchmarks.py draws what a benchmark's --out
file holds (the docs' pictures are regenerated from those files), and a
file that is not one gets one line naming it."""
import json

import matplotlib.colors
import pytest

from landmark.testing import load_script


@pytest.fixture(scope='module')
def plot():
    return load_script('tools/analysis_tools/plot_benchmarks.py')


@pytest.fixture(scope='module')
def benchmark_record():
    return load_script('benchmarks/benchmark_record.py')


def _record(benchmark, results, path='r.json'):
    return dict(
        benchmark=benchmark,
        command='python benchmarks/x.py',
        date='2026-12-05T01:00:00Z',
        finished='2026-12-05T01:05:00Z',
        machine=dict(
            platform='Linux',
            cpu_count=2,
            processor='CPU',
            load_average=[1.5, 1.0, 1.0]),
        results=results,
        path=path)


def _lines(ax):
    return {
        line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
        for line in ax.get_lines()
    }


def test_search_time_is_drawn_against_gallery_size(plot):
    # rows out of order: the line must still run from the small gallery up
    search = [
        dict(
            gallery=10000, index='flat', queries=100, search_ms_per_query=0.2),
        dict(
            gallery=1000, index='flat', queries=100, search_ms_per_query=0.05),
        dict(
            gallery=1000, index='ivfpq', queries=100,
            search_ms_per_query=0.06),
    ]
    rerank = [dict(gallery=1000, depth=100, ms_per_query=2.0)]
    fig = plot.benchmark_figure(
        [_record('retrieval_search', dict(search=search, rerank=rerank))])
    search_ax, rerank_ax = fig.axes
    lines = _lines(search_ax)
    assert lines['flat, 100 queries a batch'] == ([1000, 10000], [0.05, 0.2])
    assert lines['ivfpq, 100 queries a batch'] == ([1000], [0.06])
    assert _lines(rerank_ax)['depth 100'] == ([1000], [2.0])
    assert search_ax.get_xscale() == 'log'


def test_memory_plot_has_the_gib_lines_the_cap_and_the_prediction(plot):
    rows = [
        dict(
            model='dino-r50',
            long_side=1024,
            setting='all',
            peak_gib=3.0,
            step_gib=2.0,
            before_gib=1.0),
        dict(
            model='dino-r50',
            long_side=2048,
            setting='all',
            peak_gib=7.0,
            step_gib=6.0,
            before_gib=1.0),
        dict(
            model='dino-r50',
            long_side=2048,
            setting='none',
            over_cap=True,
            error='over 22.5 GiB'),
        # implied rows were never run: nothing is drawn for them
        dict(
            model='dino-r50',
            long_side=4096,
            setting='none',
            over_cap=True,
            implied=True,
            error='implied'),
    ]
    fits = [dict(model='dino-r50', setting='all', peak_12mp=30.0)]
    fig = plot.benchmark_figure([
        _record(
            'native_resolution',
            dict(
                device='cpu',
                memory_cap_gib=22.5,
                gpu_gib=80,
                rows=rows,
                fits=fits))
    ])
    ax, = fig.axes
    lines = _lines(ax)
    # megapixels of 4:3 photos: 1024x768 = 0.786432, 2048x1536 = 3.145728
    xs, ys = lines['all']
    assert xs == pytest.approx([0.786432, 3.145728]) and ys == [3.0, 7.0]
    assert lines['none: killed over 22.5 GiB'] == ([pytest.approx(3.145728)],
                                                   [22.5])
    # the prediction: dashed from the largest measured size to 12 MP
    dashed = [
        line for line in ax.get_lines()
        if line.get_linestyle() == '--' and len(line.get_xdata()) == 2
    ]
    assert [(list(d.get_xdata()), list(d.get_ydata())) for d in dashed] == \
        [([pytest.approx(3.145728), 12.0], [7.0, 30.0])]
    assert any('predicted' in name and '(not measured)' in name
               for name in lines)
    levels = sorted(line.get_ydata()[0] for line in ax.get_lines()
                    if list(line.get_ydata()) in ([24, 24], [80, 80]))
    assert levels == [24, 80]
    assert 'CPU' in ax.get_ylabel()


def test_imbalance_bars_are_accuracy_and_macro_f1_per_method(plot):

    def row(method, acc, f1):
        return dict(
            method=method,
            data='trash',
            plain=dict(argmax=dict(accuracy=acc, macro_f1=f1)))

    record = _record('classification_imbalance',
                     [row('CE', 61.0, 54.5),
                      row('LDAM-DRW', 60.2, 55.5)])
    record['command'] += ' --epochs 2'
    fig = plot.benchmark_figure([record])
    # the setting in the title comes from the command, not the default 10
    assert '2 epochs, seed 0' in fig._suptitle.get_text()
    ax, = fig.axes
    heights = {
        c.get_label(): [b.get_height() for b in c]
        for c in ax.containers
    }
    assert heights == {'accuracy': [61.0, 60.2], 'macro-F1': [54.5, 55.5]}
    assert [t.get_text() for t in ax.get_xticklabels()] == ['CE', 'LDAM-DRW']


def test_a_record_written_by_a_benchmark_becomes_a_png(plot, benchmark_record,
                                                       tmp_path, capsys):
    results = tmp_path / 'search.json'
    record = benchmark_record.BenchmarkRecord(
        str(results),
        'retrieval_search',
        argv=['benchmarks/retrieval_search.py', '--sizes', '1000'])
    record.write(
        dict(
            dim=8,
            search=[
                dict(
                    gallery=1000,
                    index='flat',
                    queries=10,
                    search_ms_per_query=0.1)
            ],
            rerank=[]),
        finished=True)
    written = json.loads(results.read_text())
    assert written['command'] == \
        'python benchmarks/retrieval_search.py --sizes 1000'
    assert written['machine']['cpu_count'] >= 1 and written['finished']
    png = tmp_path / 'plots' / 'search.png'
    assert plot.main([str(results), '--out', str(png)]) == 0
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert png.stat().st_size < 150 * 1024


@pytest.mark.parametrize('content, expected', [
    ('{"benchmark": "retrieval_search", "results": ', 'not JSON'),
    ('[1, 2]', 'expected the --out record'),
    ('{"benchmark": "retrieval_search", "results": {"search": 3}}',
     'expected a list under results.search'),
    ('{"benchmark": "retrieval_search", "results": {"search": [3], '
     '"rerank": []}}', 'lack what the figure needs (TypeError'),
    ('{"benchmark": "retrieval_search", "results": {"search": '
     '[{"gallery": 1}], "rerank": []}}',
     "lack what the figure needs (KeyError: 'queries'"),
    ('{"benchmark": "speed", "results": []}', "no picture for benchmark"),
])
def test_a_malformed_file_gets_one_line_naming_it(plot, tmp_path, capsys,
                                                  content, expected):
    bad = tmp_path / 'bad.json'
    bad.write_text(content)
    out = tmp_path / 'bad.png'
    assert plot.main([str(bad), '--out', str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and str(bad) in err and expected in err
    assert not out.exists()


def test_a_resumed_record_keeps_the_first_runs_command_and_date(
        benchmark_record, tmp_path):
    path = str(tmp_path / 'native.json')
    first = benchmark_record.BenchmarkRecord(
        path, 'native_resolution', argv=['benchmarks/native_resolution.py'])
    first.header['date'] = '2026-12-05T01:00:00Z'
    first.write(dict(rows=[1]))
    second = benchmark_record.BenchmarkRecord(
        path,
        'native_resolution',
        argv=['benchmarks/native_resolution.py', '--resume'])
    second.resume(path)
    second.write(dict(rows=[1, 2]), finished=True)
    written = json.loads(open(path).read())
    assert written['command'] == 'python benchmarks/native_resolution.py'
    assert written['date'] == '2026-12-05T01:00:00Z'
    assert [r['command'] for r in written['resumed']] == \
        ['python benchmarks/native_resolution.py --resume']
    assert written['results'] == dict(rows=[1, 2]) and written['finished']


def _bar_heights(ax):
    return {c.get_label(): [b.get_height() for b in c] for c in ax.containers}


def test_segmentation_variants_are_bars_per_metric_one_colour_a_variant(plot):
    variants = [
        dict(variant='plain', mIoU=66.99, mDice=79.58, seconds=3.0),
        dict(variant='flip TTA 1:1', mIoU=67.42, mDice=79.89, seconds=5.0),
        dict(
            variant='epoch ensemble (last 3)',
            mIoU=66.96,
            mDice=79.59,
            seconds=4.0),
    ]
    record = _record(
        'segmentation_variants',
        dict(
            config='configs/x/unet_membrane.py',
            train_seconds=146.2,
            variants=variants))
    record['command'] += ' --seed 3'
    assert 'tta-ensemble' in plot.FIGURES['segmentation_variants']
    fig = plot.benchmark_figure([record])
    ax, = fig.axes
    # one series per variant, in the record's order, values untouched
    assert _bar_heights(ax) == {
        'plain': [66.99, 79.58],
        'flip TTA 1:1': [67.42, 79.89],
        'epoch ensemble (last 3)': [66.96, 79.59]
    }
    assert [t.get_text() for t in ax.get_xticklabels()] == ['mIoU', 'mDice']
    # plain grey, TTA blue, ensemble green: told apart at a glance
    colours = [c.patches[0].get_facecolor() for c in ax.containers]
    assert colours == [
        matplotlib.colors.to_rgba(c) for c in ('0.45', 'tab:blue', 'tab:green')
    ]
    title = fig._suptitle.get_text()
    assert 'unet_membrane.py, trained 146 s, seed 3' in title


def test_detection_variants_show_the_metrics_every_variant_has(plot):
    variants = [
        dict(
            variant='epoch 6, plain',
            bbox_mAP=0.372,
            bbox_mAP_50=0.736,
            loc_acc=0.76,
            cls_acc=0.8,
            seconds=9.0),
        dict(
            variant='epoch 6, flip TTA',
            bbox_mAP=0.406,
            bbox_mAP_50=0.765,
            loc_acc=0.78,
            cls_acc=0.8,
            seconds=15.0),
        # a file scored without the top-1 metrics: only mAP is drawn
        dict(
            variant='ensemble of the three (WBF)',
            bbox_mAP=0.413,
            bbox_mAP_50=0.725,
            seconds=2.0),
    ]
    fig = plot.benchmark_figure([
        _record(
            'detection_variants',
            dict(
                config='configs/faster.py',
                epochs=6,
                val_images=50,
                variants=variants))
    ], 'tta-ensemble')
    ax, = fig.axes
    assert _bar_heights(ax) == {
        'epoch 6, plain': [0.372, 0.736],
        'epoch 6, flip TTA': [0.406, 0.765],
        'ensemble of the three (WBF)': [0.413, 0.725]
    }
    assert [t.get_text() for t in ax.get_xticklabels()] == \
        ['bbox mAP', 'mAP@50']
    assert '50 validation photos' in ax.get_ylabel()
    # the bars' colours tell the variants apart
    colours = [c.patches[0].get_facecolor() for c in ax.containers]
    assert len(set(colours)) == 3


@pytest.mark.parametrize('benchmark, variants, expected', [
    ('segmentation_variants', [], 'no variant in it yet'),
    ('segmentation_variants', [dict(variant='plain', mIoU=60.0)],
     'expected variants with variant, mIoU, mDice'),
    ('detection_variants', [dict(bbox_mAP=0.3, bbox_mAP_50=0.6)],
     'expected variants with variant, bbox_mAP, bbox_mAP_50'),
])
def test_a_variants_record_without_its_figures_is_named(
        plot, benchmark, variants, expected):
    record = _record(benchmark, dict(variants=variants), path='v.json')
    with pytest.raises(plot.BenchmarkFileError, match='^v.json: ' + expected):
        plot.benchmark_figure([record])
