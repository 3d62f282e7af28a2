"""Search fusion settings on the validation set and save the best."""
import itertools
import os.path as osp
from typing import Dict, List, Optional, Sequence

from landmark.core.atomic_io import atomic_open
from landmark.detection.evaluation.ensemble.prediction_evaluation import \
    evaluate_predictions
from landmark.detection.evaluation.ensemble.prediction_fusion import \
    fuse_prediction_sets
from landmark.detection.models.tta import FUSION_METHODS, BoxFuser


def candidate_weights(num_members: int,
                      boost: float = 2.0) -> List[List[float]]:
    """Equal weights, then each member weighted ``boost`` times the others.

    >>> candidate_weights(2)
    [[1.0, 1.0], [2.0, 1.0], [1.0, 2.0]]
    """
    options = [[1.0] * num_members]
    if num_members > 1:
        for i in range(num_members):
            options.append(
                [boost if j == i else 1.0 for j in range(num_members)])
    return options


def search_fusion(prediction_sets: Sequence[Sequence[dict]],
                  ann_file: str,
                  methods: Sequence[str] = FUSION_METHODS,
                  iou_thrs: Sequence[float] = (0.4, 0.55, 0.7),
                  skip_box_thrs: Sequence[float] = (0.0, 0.05),
                  weight_options: Optional[Sequence[Sequence[float]]] = None,
                  conf_type: str = 'avg',
                  single_object: bool = True,
                  metric_key: str = 'coco/bbox_mAP',
                  progress: bool = False) -> List[Dict]:
    """Evaluate every combination of fusion settings; best first.

    Args:
        prediction_sets (Sequence[Sequence[dict]]): One record list per
            member (model or epoch).
        ann_file (str): COCO annotations of the validation images.
        methods (Sequence[str]): Fusers to try. Defaults to all four.
        iou_thrs (Sequence[float]): IoU thresholds to try.
        skip_box_thrs (Sequence[float]): Score floors to try.
        weight_options (Sequence[Sequence[float]], optional): Member weights
            to try; :func:`candidate_weights` by default.
        conf_type (str): WBF cluster score. Defaults to ``'avg'``.
        single_object (bool): Keep the top box per image. Defaults to True.
        metric_key (str): The metric that ranks the settings.
            Defaults to ``'coco/bbox_mAP'``.
        progress (bool): Show a progress bar with ETA. Defaults to False.

    Returns:
        list[dict]: One row per setting: ``method``, ``iou_thr``,
        ``skip_box_thr``, ``weights``, ``score`` (the ``metric_key`` value)
        and ``metrics`` (all of them), best score first.
    """
    weight_options = weight_options or candidate_weights(len(prediction_sets))
    grid = list(
        itertools.product(methods, iou_thrs, skip_box_thrs, weight_options))
    bar = None
    if progress:
        from landmark.core.progress import ProgressBar
        bar = ProgressBar(len(grid))
    rows = []
    for method, iou_thr, skip_box_thr, weights in grid:
        fuser = BoxFuser(
            method=method,
            iou_thr=iou_thr,
            skip_box_thr=skip_box_thr,
            conf_type=conf_type,
            single_object=single_object)
        fused, _ = fuse_prediction_sets(prediction_sets, fuser, weights)
        metrics = evaluate_predictions(fused, ann_file)
        if metric_key not in metrics:
            raise KeyError(f'metric {metric_key!r} not computed; expected '
                           f'one of {", ".join(sorted(metrics))}')
        rows.append(
            dict(
                method=method,
                iou_thr=iou_thr,
                skip_box_thr=skip_box_thr,
                weights=list(weights),
                score=metrics[metric_key],
                metrics=metrics))
        if bar is not None:
            bar.update()
    if bar is not None:
        print()
    # Stable sort: among equal scores the earlier (simpler) setting wins.
    return sorted(rows, key=lambda row: -row['score'])


def format_search_table(rows: Sequence[Dict],
                        metric_key: str,
                        members: Optional[Dict[str, float]] = None) -> str:
    """A plain-text table of the tried settings (and the members alone)."""
    lines = [f'{"setting":<44} {metric_key:>16}']
    for name, score in (members or {}).items():
        lines.append(f'{"member " + name:<44} {score:>16.4f}')
    for row in rows:
        weights = ','.join(f'{w:g}' for w in row['weights'])
        setting = (f'{row["method"]} iou={row["iou_thr"]:g} '
                   f'skip={row["skip_box_thr"]:g} w=[{weights}]')
        lines.append(f'{setting:<44} {row["score"]:>16.4f}')
    return '\n'.join(lines)


def write_fusion_snippet(row: Dict,
                         path: str,
                         member_files: Sequence[str] = (),
                         metric_key: str = 'coco/bbox_mAP',
                         conf_type: str = 'avg',
                         single_object: bool = True) -> None:
    """Write the best setting as a config snippet ``tools/ensemble.py
    --fusion-cfg`` reads (``fusion`` and ``weights``)."""
    files = ', '.join(osp.basename(f) for f in member_files)
    text = (f'# Best fusion found by tools/tune_fusion.py ({metric_key} = '
            f'{row["score"]:.4f}) for: {files}\n'
            'fusion = dict(\n'
            "    type='BoxFuser',\n"
            f'    method={row["method"]!r},\n'
            f'    iou_thr={row["iou_thr"]!r},\n'
            f'    skip_box_thr={row["skip_box_thr"]!r},\n'
            f'    conf_type={conf_type!r},\n'
            f'    single_object={single_object!r})\n'
            f'weights = {[float(w) for w in row["weights"]]!r}\n')
    with atomic_open(path, 'w', encoding='utf-8') as f:
        f.write(text)
