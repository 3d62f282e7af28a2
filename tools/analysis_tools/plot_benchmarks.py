"""Draw a benchmark's ``--out`` JSON as a PNG for the docs.

Each input is the record a ``benchmarks/*.py --out PATH.json`` writes
(``benchmarks/benchmark_record.py``: command, date, machine, results); the
picture follows its ``benchmark``:

- ``native_resolution``: peak memory against megapixels, one line per
  model and setting, with the 24 GiB and ``gpu_gib`` (80) lines and the
  benchmark's own 12 MP prediction drawn dashed and labelled as one;
- ``classification_imbalance``: accuracy and macro-F1 per imbalance method,
  a panel per data set; ``--figure tta``: plain vs flip TTA vs the
  last-3-epoch ensemble per method;
- ``segmentation_variants``: val mIoU and mDice of one trained model
  plain, with flip TTA (1:1, 2:1), as its last-3-epoch ensemble and both;
- ``detection_variants``: bbox mAP, mAP@50 and the top-1 accuracies of the
  demo's detector plain (two epochs), with flip TTA and as their ensemble;
- ``retrieval_synthetic`` (one file per model): mAP@100 per post-process;
- ``retrieval_search``: search time per query against gallery size.

The footer names the file(s), date and machine (CPU cores, model, load
average at the start: timings on a shared machine are noisy).

Examples:
    python tools/analysis_tools/plot_benchmarks.py \\
        benchmarks/results/detection_variants.json \\
        --out docs/images/plots/detection_tta_ensemble.png
    python tools/analysis_tools/plot_benchmarks.py \\
        benchmarks/results/retrieval_search.json \\
        --out docs/images/plots/retrieval_search_time.png
    python tools/analysis_tools/plot_benchmarks.py \\
        benchmarks/results/retrieval_synthetic_arcface.json \\
        benchmarks/results/retrieval_synthetic_triplet.json \\
        --out docs/images/plots/retrieval_postprocess_map.png
"""
import argparse
import io
import json
import os.path as osp
import shlex
import sys
import textwrap
from typing import Callable, Dict, List, Sequence

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

GIB_LINES = (24.0, )  # drawn besides the record's gpu_gib (80 by default)
SETTING_COLORS = {
    'none': 'tab:red',
    'backbone': 'tab:orange',
    'bf16': 'tab:brown',
    'all': 'tab:blue',
    'all-chunked': 'tab:cyan',
    'all-bf16': 'tab:green',
    'all-bf16-chunked': 'tab:olive',
}
MODEL_MARKERS = ('o', 's', '^', 'D')
# test variants: plain in greys, TTA in blues, ensembles in greens (the
# shades in the order the variants come)
VARIANT_SHADES = {
    'plain': ('0.45', '0.7', '0.3'),
    'tta': ('tab:blue', 'tab:cyan', 'tab:purple'),
    'ensemble': ('tab:green', 'tab:olive', 'yellowgreen')
}


class BenchmarkFileError(ValueError):
    """A file that is not a benchmark's ``--out`` record (or not one this
    tool can draw); the message names the file."""


def load_record(path: str) -> dict:
    """Read one ``--out`` record.

    Raises:
        BenchmarkFileError: The file is missing, not JSON, or lacks
            ``benchmark`` / ``results``.
    """
    try:
        with open(path, encoding='utf-8') as f:
            record = json.load(f)
    except OSError as err:
        raise BenchmarkFileError(f'{path}: cannot read ({err.strerror})')
    except ValueError as err:
        raise BenchmarkFileError(
            f'{path}: not JSON ({err}); expected the --out file of a '
            'benchmarks/*.py run')
    if not isinstance(record, dict) or 'benchmark' not in record \
            or 'results' not in record:
        raise BenchmarkFileError(
            f'{path}: expected the --out record of a benchmarks/*.py run '
            '(an object with "benchmark" and "results")')
    record['path'] = path
    return record


def footer(records: Sequence[dict]) -> str:
    """Source line of a figure: file(s), date, machine, load."""
    first = records[0]
    cpu = first.get('machine', {})
    load = cpu.get('load_average') or ['?']
    names = ', '.join(osp.basename(r['path']) for r in records)
    date = (first.get('date') or '?')[:10]
    unfinished = '' if all(r.get('finished') for r in records) \
        else ' (unfinished run: the rows written so far)'
    return (f"{names}, {date}, {cpu.get('cpu_count', '?')} CPU cores "
            f"({cpu.get('processor', '?')}), load {load[0]} at the "
            f'start{unfinished}')


def _new_figure(ncols: int, width: float = 5.2, height: float = 3.8):
    fig, axes = plt.subplots(
        1, ncols, figsize=(width * ncols, height), squeeze=False)
    return fig, list(axes[0])


def _finish(fig: Figure, records: Sequence[dict], title: str) -> Figure:
    fig.suptitle(title, fontsize=10)
    # about 17 characters of 7-point text per inch of figure
    width = int(fig.get_figwidth() * 17)
    lines = textwrap.wrap(footer(records), width)
    fig.text(0.01, 0.01, '\n'.join(lines), fontsize=7, color='0.35')
    fig.tight_layout(rect=(0, 0.025 + 0.03 * len(lines), 1, 1))
    return fig


def _rows(record: dict, key: str) -> list:
    results = record['results']
    rows = results.get(key) if isinstance(results, dict) else results
    if not isinstance(rows, list):
        raise BenchmarkFileError(
            f"{record['path']}: expected a list under results.{key}")
    return rows


def native_resolution_figure(records: Sequence[dict]) -> Figure:
    """Peak memory (GiB) against megapixels; a panel per model, a line per
    setting; settings killed over the memory cap as crosses at the cap; the
    12 MP prediction dashed."""
    record, = records
    results = record['results']
    rows = _rows(record, 'rows')
    gpu_gib = results.get('gpu_gib', 80)
    cap = results.get('memory_cap_gib')
    on_gpu = str(results.get('device', 'cpu')).startswith('cuda')
    megapixels_12 = 4000 * 3000 / 1e6
    fits = {(s['model'], s['setting']): s for s in results.get('fits', [])}
    models = list(dict.fromkeys(r['model'] for r in rows))
    fig, axes = _new_figure(len(models), 4.6, 4.2)
    top = max([gpu_gib * 1.12] + [
        s['peak_12mp'] * 1.05 for s in fits.values() if 'peak_12mp' in s
    ])
    for ax, model in zip(axes, models):
        mine = [r for r in rows if r['model'] == model]
        for setting in dict.fromkeys(r['setting'] for r in mine):
            color = SETTING_COLORS.get(setting)
            done = sorted((r['long_side']**2 * 3 / 4 / 1e6, r['peak_gib'])
                          for r in mine
                          if r['setting'] == setting and 'error' not in r)
            if done:
                ax.plot(*zip(*done), marker='o', color=color, label=setting)
            over = [
                r['long_side']**2 * 3 / 4 / 1e6 for r in mine
                if r['setting'] == setting and r.get('over_cap')
                and not r.get('implied')
            ]
            if over and cap:
                ax.plot(
                    over, [cap] * len(over),
                    'x',
                    color=color,
                    markersize=9,
                    label=f'{setting}: killed over {cap:g} GiB')
            fit = fits.get((model, setting))
            if done and fit and 'peak_12mp' in fit:
                ax.plot([done[-1][0], megapixels_12],
                        [done[-1][1], fit['peak_12mp']],
                        '--',
                        color=color,
                        alpha=0.7)
                ax.plot([megapixels_12], [fit['peak_12mp']],
                        'o',
                        mfc='none',
                        color=color)
        for level in GIB_LINES + (gpu_gib, ):
            ax.axhline(level, color='0.3', linewidth=0.8, linestyle=':')
            ax.text(megapixels_12 * 1.05, level, f'{level:g} GiB ',
                    ha='right', va='bottom', fontsize=8)
        ax.axvline(megapixels_12, color='0.6', linewidth=0.6)
        ax.plot([], [], '--o', mfc='none', color='0.4',
                label='12 MP: predicted by a line through\n'
                'the two largest sizes (not measured)')
        ax.set_ylim(0, top)
        ax.set_xlim(0, megapixels_12 * 1.06)
        ax.set_title(model, fontsize=10)
        ax.set_xlabel('photo size, megapixels (4:3; 12 MP = 4000x3000)')
        ax.set_ylabel('peak GPU memory allocated, GiB' if on_gpu else
                      'peak resident memory on the CPU, GiB')
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc='center left')
    where = 'GPU' if on_gpu else 'CPU (resident memory; a GPU would differ)'
    return _finish(
        fig, records, 'One DINO training step (batch 1): peak memory per '
        f'memory lever,\nmeasured on the {where}')


def _method_bars(ax,
                 methods: List[str],
                 series: Dict[str, List[float]],
                 colors: Sequence[str],
                 fmt: str = '%.1f') -> None:
    width = 0.8 / len(series)
    for i, ((name, values), color) in enumerate(zip(series.items(), colors)):
        xs = [m + (i - (len(series) - 1) / 2) * width
              for m in range(len(methods))]
        bars = ax.bar(xs, values, width, label=name, color=color)
        ax.bar_label(bars, fmt=fmt, fontsize=6, padding=1)
    ax.set_xticks(range(len(methods)))
    ax.set_xticklabels(methods, rotation=30, ha='right', fontsize=7)
    ax.grid(axis='y', alpha=0.3)


def _by_data(record: dict) -> Dict[str, list]:
    by_data: Dict[str, list] = {}
    for row in _rows(record, 'results'):
        if not isinstance(row, dict) or 'plain' not in row:
            raise BenchmarkFileError(
                f"{record['path']}: expected rows with method, data, plain")
        by_data.setdefault(row['data'], []).append(row)
    if not by_data:
        raise BenchmarkFileError(f"{record['path']}: no finished run in it")
    return by_data


def _command_option(record: dict, flag: str, default: str) -> str:
    """The value of ``flag`` in the record's command (else ``default``,
    the benchmark's own default)."""
    words = shlex.split(record.get('command') or '')
    return words[words.index(flag) + 1] if flag in words[:-1] else default


def _imbalance_setting(record: dict) -> str:
    epochs = _command_option(record, '--epochs', '10')
    seed = _command_option(record, '--seed', '0')
    return (f'ResNet-18 from scratch, 64 px, {epochs} epochs, seed {seed} '
            '(one run)')


def classification_imbalance_figure(records: Sequence[dict]) -> Figure:
    """Accuracy and macro-F1 (argmax, %) per method, a panel per data
    set."""
    record, = records
    by_data = _by_data(record)
    fig, axes = _new_figure(len(by_data), 5.0, 4.0)
    for ax, (data, rows) in zip(axes, by_data.items()):
        _method_bars(
            ax, [r['method'] for r in rows], {
                'accuracy': [r['plain']['argmax']['accuracy'] for r in rows],
                'macro-F1': [r['plain']['argmax']['macro_f1'] for r in rows]
            }, ('tab:blue', 'tab:orange'))
        ax.set_title(data, fontsize=10)
        ax.set_ylabel('% on the validation split')
        ax.set_ylim(0, 100)
        ax.legend(fontsize=8, loc='upper left')
    return _finish(
        fig, records, 'Imbalance methods on the trash photos\n'
        f'{_imbalance_setting(record)}')


def classification_tta_figure(records: Sequence[dict]) -> Figure:
    """Accuracy (%) of the same trained model plain, with flip TTA and as
    the mean of its last 3 epochs, per method; a panel per data set."""
    record, = records
    by_data = _by_data(record)
    fig, axes = _new_figure(len(by_data), 5.0, 4.0)
    for ax, (data, rows) in zip(axes, by_data.items()):
        series = {
            label: [r[key]['argmax']['accuracy'] for r in rows]
            for label, key in (('plain', 'plain'), ('flip TTA', 'flip_tta'),
                               ('last-3-epoch ensemble', 'epoch_ensemble'))
            if all(key in r for r in rows)
        }
        _method_bars(ax, [r['method'] for r in rows], series,
                     ('tab:gray', 'tab:blue', 'tab:green'))
        ax.set_title(data, fontsize=10)
        ax.set_ylabel('accuracy, % on the validation split')
        ax.set_ylim(0, 100)
        ax.legend(fontsize=8, loc='upper left')
    return _finish(
        fig, records, 'Classification: plain vs flip TTA vs epoch '
        f'ensemble\n{_imbalance_setting(record)}')


def _variant_rows(record: dict, metrics: Sequence[str]) -> list:
    rows = _rows(record, 'variants')
    if not rows:
        raise BenchmarkFileError(f"{record['path']}: no variant in it yet")
    for row in rows:
        if not isinstance(row, dict) or 'variant' not in row or any(
                key not in row for key in metrics):
            raise BenchmarkFileError(
                f"{record['path']}: expected variants with variant, "
                f"{', '.join(metrics)}")
    return rows


def _variant_colors(names: Sequence[str]) -> List[str]:
    """A colour per test variant: an ensemble (with or without TTA) green,
    a TTA blue, anything else grey; shades in order within each."""
    used = {group: 0 for group in VARIANT_SHADES}
    colors = []
    for name in names:
        lower = name.lower()
        group = 'ensemble' if 'ensemble' in lower else \
            'tta' if 'tta' in lower else 'plain'
        shades = VARIANT_SHADES[group]
        colors.append(shades[used[group] % len(shades)])
        used[group] += 1
    return colors


def _variant_bars(ax, rows: list, metrics: Dict[str, str], fmt: str) -> None:
    """Bars of ``metrics`` (key -> label) grouped by metric, one series
    (colour) per test variant; the legend below the panel."""
    series = {
        row['variant']: [row[key] for key in metrics]
        for row in rows
    }
    _method_bars(ax, list(metrics.values()), series,
                 _variant_colors(list(series)), fmt)
    ax.set_xticklabels(list(metrics.values()), rotation=0, ha='center',
                       fontsize=8)
    ax.legend(fontsize=7, loc='upper center', bbox_to_anchor=(0.5, -0.08),
              ncol=min(3, len(series)), frameon=False)


def segmentation_variants_figure(records: Sequence[dict]) -> Figure:
    """Val mIoU and mDice (%) of one trained model per test variant
    (plain, flip TTA 1:1 and 2:1, epoch ensemble, both)."""
    record, = records
    results = record['results']
    rows = _variant_rows(record, ('mIoU', 'mDice'))
    fig, axes = _new_figure(1, 7.0, 4.2)
    ax = axes[0]
    _variant_bars(ax, rows, {'mIoU': 'mIoU', 'mDice': 'mDice'}, '%.2f')
    ax.set_ylabel('% on the validation split')
    ax.set_ylim(0, 100)
    config = osp.basename(results.get('config', '?'))
    trained = results.get('train_seconds')
    trained = f', trained {trained:.0f} s' if trained else ''
    seed = _command_option(record, '--seed', '0')
    return _finish(
        fig, records, 'Segmentation: plain vs flip TTA vs epoch ensemble '
        f'(one run)\n{config}{trained}, seed {seed}')


DETECTION_METRICS = {
    'bbox_mAP': 'bbox mAP',
    'bbox_mAP_50': 'mAP@50',
    'loc_acc': 'top-1 loc. acc.',
    'cls_acc': 'top-1 cls. acc.'
}


def detection_variants_figure(records: Sequence[dict]) -> Figure:
    """COCO bbox mAP, mAP@50 and top-1 localization / classification
    accuracy per test variant (plain, flip TTA, ensemble)."""
    record, = records
    results = record['results']
    rows = _variant_rows(record, ('bbox_mAP', 'bbox_mAP_50'))
    metrics = {
        key: label
        for key, label in DETECTION_METRICS.items()
        if all(key in row for row in rows)
    }
    fig, axes = _new_figure(1, 7.0, 4.2)
    ax = axes[0]
    _variant_bars(ax, rows, metrics, '%.3f')
    photos = results.get('val_images', '?')
    ax.set_ylabel(f'on {photos} validation photos, top-1 box per photo')
    ax.set_ylim(0, 1.05)
    config = osp.basename(results.get('config', '?'))
    return _finish(
        fig, records, 'Detection: plain vs flip TTA vs ensemble (one run)'
        f'\n{config}, {results.get("epochs", "?")} epochs')


def retrieval_synthetic_figure(records: Sequence[dict]) -> Figure:
    """mAP@100 per retrieval post-process, one bar per file (model)."""
    settings = list(
        dict.fromkeys(row['setting'] for record in records
                      for row in _rows(record, 'rows')))
    fig, axes = _new_figure(1, 7.0, 4.2)
    ax = axes[0]
    series = {}
    for record in records:
        results = record['results']
        name = osp.basename(results.get('config', record['path'])).split(
            '_')[0]
        if results.get('checkpoint'):
            checkpoint = osp.normpath(results['checkpoint']).split(osp.sep)
            name += f" ({'/'.join(checkpoint[-2:])})"
        values = {r['setting']: r['mAP_at_100'] for r in _rows(record, 'rows')}
        series[name] = [values.get(s, 0.0) for s in settings]
    _method_bars(ax, settings, series,
                 ('tab:blue', 'tab:orange', 'tab:green', 'tab:red'), '%.3f')
    queries = records[0]['results'].get('queries', '?')
    gallery = records[0]['results'].get('gallery', '?')
    ax.set_ylabel(f'mAP@100 ({queries} queries, {gallery} gallery photos)')
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, loc='lower left')
    return _finish(fig, records,
                   'Retrieval post-processing on the synthetic landmarks')


def retrieval_search_figure(records: Sequence[dict]) -> Figure:
    """Search time per query (ms) against gallery size, log-log, a line
    per index and query batch; k-reciprocal re-ranking per depth."""
    record, = records
    search = _rows(record, 'search')
    rerank = _rows(record, 'rerank')
    fig, axes = _new_figure(2 if rerank else 1, 4.8, 4.0)
    ax = axes[0]
    for kind, color in (('flat', 'tab:blue'), ('ivfpq', 'tab:orange')):
        for queries, style in zip(
                sorted({r['queries'] for r in search}), ('--', '-')):
            points = sorted((r['gallery'], r['search_ms_per_query'])
                            for r in search
                            if r['index'] == kind and r['queries'] == queries)
            if points:
                ax.plot(*zip(*points), style, marker='o', color=color,
                        label=f'{kind}, {queries} queries a batch')
    ax.set_xscale('log')
    ax.set_yscale('log')
    ax.set_xlabel('gallery size (embeddings)')
    ax.set_ylabel('search time, ms per query (top 100)')
    ax.set_title('faiss search', fontsize=10)
    ax.grid(alpha=0.3, which='both')
    ax.legend(fontsize=7)
    if rerank:
        ax = axes[1]
        depths = sorted({r['depth'] for r in rerank})
        for depth, color in zip(depths, ('tab:green', 'tab:red')):
            points = sorted((r['gallery'], r['ms_per_query']) for r in rerank
                            if r['depth'] == depth)
            ax.plot(*zip(*points), marker='o', color=color,
                    label=f'depth {depth}')
        ax.set_xscale('log')
        ax.set_yscale('log')
        ax.set_xlabel('gallery size (embeddings)')
        ax.set_ylabel('re-ranking time, ms per query')
        ax.set_title('k-reciprocal re-ranking', fontsize=10)
        ax.grid(alpha=0.3, which='both')
        ax.legend(fontsize=7)
    dim = record['results'].get('dim', '?')
    return _finish(
        fig, records, f'Search time against gallery size (random {dim}-d '
        'embeddings; wall-clock on a shared machine)')


# benchmark -> {figure name: function}; the first is the default
FIGURES: Dict[str, Dict[str, Callable[[Sequence[dict]], Figure]]] = {
    'native_resolution': {
        'memory': native_resolution_figure
    },
    'classification_imbalance': {
        'imbalance': classification_imbalance_figure,
        'tta': classification_tta_figure
    },
    'segmentation_variants': {
        'tta-ensemble': segmentation_variants_figure
    },
    'detection_variants': {
        'tta-ensemble': detection_variants_figure
    },
    'retrieval_synthetic': {
        'postprocess': retrieval_synthetic_figure
    },
    'retrieval_search': {
        'search-time': retrieval_search_figure
    },
}
MULTI_FILE = {'retrieval_synthetic'}


def benchmark_figure(records: Sequence[dict], figure: str = None) -> Figure:
    """The matplotlib Figure of ``records`` (from :func:`load_record`).

    Args:
        records (Sequence[dict]): One record, or several of the same
            benchmark where it overlays them (``retrieval_synthetic``).
        figure (str, optional): One of the benchmark's figures in
            :data:`FIGURES`. Defaults to its first.

    Raises:
        BenchmarkFileError: An unknown benchmark or figure, files of
            different benchmarks, or results without the expected rows.
    """
    kinds = {r['benchmark'] for r in records}
    first = records[0]
    if len(kinds) > 1:
        raise BenchmarkFileError(
            f"{first['path']}: records of different benchmarks "
            f'({sorted(kinds)}); expected one benchmark per picture')
    kind = first['benchmark']
    if kind not in FIGURES:
        raise BenchmarkFileError(
            f"{first['path']}: no picture for benchmark {kind!r}; expected "
            f'one of {sorted(FIGURES)}')
    if len(records) > 1 and kind not in MULTI_FILE:
        raise BenchmarkFileError(
            f'{kind} draws one file, got {len(records)}')
    choices = FIGURES[kind]
    name = figure or next(iter(choices))
    if name not in choices:
        raise BenchmarkFileError(
            f"{first['path']}: {kind} has no figure {name!r}; expected one "
            f'of {list(choices)}')
    try:
        return choices[name](records)
    except (KeyError, TypeError, AttributeError) as err:
        plt.close('all')
        raise BenchmarkFileError(
            f"{first['path']}: results of {kind} lack what the figure needs "
            f'({type(err).__name__}: {err})')


def save_figure(fig: Figure, out_file: str, dpi: int = 90) -> None:
    """Write ``fig`` as PNG to ``out_file`` atomically and close it."""
    from landmark.core.atomic_io import write_bytes_atomic
    buffer = io.BytesIO()
    fig.savefig(buffer, format='png', dpi=dpi)
    plt.close(fig)
    write_bytes_atomic(buffer.getvalue(), out_file)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument(
        'results', nargs='+', help='--out JSON of a benchmarks/*.py run')
    parser.add_argument('--out', required=True, help='PNG to write')
    parser.add_argument(
        '--figure',
        help='which figure of the benchmark (classification_imbalance: '
        'imbalance or tta); default its first')
    parser.add_argument('--dpi', type=int, default=90)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        records = [load_record(path) for path in args.results]
        fig = benchmark_figure(records, args.figure)
        save_figure(fig, args.out, args.dpi)
    except BenchmarkFileError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    except OSError as err:
        print(f'error: {args.out}: cannot write ({err.strerror})',
              file=sys.stderr)
        return 2
    print(f'Wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
