"""Loss and validation-metric curves from MMEngine's JSON log.

A training run writes ``work_dirs/<name>/<timestamp>/vis_data/scalars.json``
(and ``<timestamp>.json``), one JSON object per logged step: training lines
carry ``loss*`` keys and ``iter`` / ``epoch``, validation lines the metrics
(``coco/bbox_mAP``, ``single_object/accuracy``...) at their ``step``.
"""
import io
import json
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.core.atomic_io import write_bytes_atomic

# keys of a log line that are bookkeeping, not a curve worth plotting
NON_METRIC_KEYS = ('step', 'epoch', 'iter', 'lr', 'base_lr', 'time',
                   'data_time', 'memory', 'eta', 'mode')

Curve = Tuple[List[float], List[float]]


@dataclass
class TrainingLog:
    """Curves read from one JSON log: ``name -> (steps, values)``."""
    path: str
    losses: Dict[str, Curve] = field(default_factory=dict)
    metrics: Dict[str, Curve] = field(default_factory=dict)


def _append(curves: Dict[str, Curve], key: str, step, value) -> None:
    steps, values = curves.setdefault(key, ([], []))
    steps.append(float(step))
    values.append(float(value))


def read_training_log(path: str) -> TrainingLog:
    """Parse a JSON-lines log of MMEngine.

    Raises:
        ValueError: A line is not JSON (names the line), or the file holds
            no loss and no metric.
    """
    log = TrainingLog(path)
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}, line {number}: not JSON ({err}); '
                                 'expected a vis_data/*.json log of MMEngine')
            is_train = any(k.startswith('loss') for k in entry)
            step = entry.get('iter', entry.get('step', number)) \
                if is_train else entry.get('step', number)
            for key, value in entry.items():
                if key in NON_METRIC_KEYS or not isinstance(
                        value, (int, float)) or isinstance(value, bool):
                    continue
                if is_train and key.startswith('loss'):
                    _append(log.losses, key, step, value)
                elif not is_train:
                    _append(log.metrics, key, step, value)
    if not log.losses and not log.metrics:
        raise ValueError(f'{path} holds no loss and no validation metric; '
                         'expected a vis_data/*.json log of MMEngine')
    return log


def plot_training_logs(logs: Sequence[TrainingLog],
                       out_file: str,
                       keys: Optional[Sequence[str]] = None,
                       labels: Optional[Sequence[str]] = None,
                       dpi: int = 100) -> List[str]:
    """Draw losses (left) and validation metrics (right) to a PNG/JPEG.

    Args:
        logs (Sequence[TrainingLog]): One or more runs, overlaid.
        out_file (str): Image to write (atomically).
        keys (Sequence[str], optional): Curves to draw; defaults to every
            loss and metric.
        labels (Sequence[str], optional): Legend name per run; defaults to
            the log's folder name.
        dpi (int): Resolution. Defaults to 100.

    Returns:
        list[str]: The curve names drawn.
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    labels = labels or [_run_name(log.path) for log in logs]
    panels = []
    for title, attr in (('training losses', 'losses'), ('validation metrics',
                                                        'metrics')):
        names = sorted({k for log in logs for k in getattr(log, attr)})
        if keys is not None:
            names = [k for k in names if k in keys]
        if names:
            panels.append((title, attr, names))
    if not panels:
        raise ValueError(f'none of the keys {list(keys or [])} is in the '
                         'log(s)')
    fig, axes = plt.subplots(
        1, len(panels), figsize=(6.5 * len(panels), 4.2), squeeze=False)
    drawn = []
    for ax, (title, attr, names) in zip(axes[0], panels):
        for log, run in zip(logs, labels):
            for name in names:
                curve = getattr(log, attr).get(name)
                if curve is None:
                    continue
                legend = name if len(logs) == 1 else f'{run}: {name}'
                ax.plot(
                    *curve,
                    marker='o' if attr == 'metrics' else None,
                    markersize=3,
                    linewidth=1.2,
                    label=legend)
        ax.set_title(title)
        ax.set_xlabel('iteration' if attr ==
                      'losses' else 'validation step (epoch or iteration)')
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        drawn += names
    fig.tight_layout()
    buffer = io.BytesIO()
    ext = osp.splitext(out_file)[1].lower().lstrip('.') or 'png'
    fig.savefig(buffer, format='jpeg' if ext == 'jpg' else ext, dpi=dpi)
    plt.close(fig)
    write_bytes_atomic(buffer.getvalue(), out_file)
    return drawn


def _run_name(path: str) -> str:
    parts = osp.normpath(osp.abspath(path)).split(osp.sep)
    # work_dirs/<name>/<timestamp>/vis_data/scalars.json -> <name>
    return parts[-4] if len(parts) >= 4 and parts[-2] == 'vis_data' \
        else osp.basename(path)
