"""What a report holds, whatever the task: the metrics of each prediction
file (a "run": plain, TTA, an ensemble member...) and the images of the
gallery, each with its error and what to draw."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

# the verdict of an image judged right; every other kind is an error
RIGHT = 'right'
UNREADABLE = 'unreadable'


@dataclass
class RunMetrics:
    """The figures of one prediction file.

    Args:
        name (str): Its column heading (``plain``, ``tta``, a file stem).
        source (str): The prediction file.
        summary (dict[str, float]): Headline metrics, in display order.
        per_class (dict[str, dict[str, float]]): ``class -> column ->
            value``; columns as :attr:`per_class_columns`.
        per_class_columns (list[str]): The per-class columns.
        confusion (np.ndarray, optional): ``(C, C)`` counts, rows true,
            columns predicted (classification).
    """
    name: str
    source: str
    summary: Dict[str, float]
    per_class: Dict[str, Dict[str, float]] = field(default_factory=dict)
    per_class_columns: List[str] = field(default_factory=list)
    confusion: Optional[np.ndarray] = None


@dataclass
class ThumbnailSpec:
    """What to draw for one gallery image (drawn in worker threads by
    :func:`landmark.report.thumbnails.draw_thumbnail`).

    Args:
        kind (str): ``'boxes'``, ``'label'``, ``'mask'`` or
            ``'retrieval'``.
        image_path (str): The photo (the query for retrieval).
        wrong (bool): Framed red when True.
        payload (dict): The kind's drawing arguments.
        photo_size (tuple[int, int], optional): The photo's ``(width,
            height)`` when the predictions give it (saves reading its
            header).
    """
    kind: str
    image_path: str
    wrong: bool
    payload: Dict[str, Any] = field(default_factory=dict)
    photo_size: Optional[Tuple[int, int]] = None


@dataclass
class GalleryItem:
    """One image of the gallery, judged on the first prediction file.

    Args:
        key (str): Its id (file name, image id or query id), unique.
        classes (list[str]): Its ground-truth class names (the class
            filter).
        predicted (str): What the model answered, in words.
        kind (str): :data:`RIGHT` or the kind of error (``'wrong class'``,
            ``'poor box'``, ``'no prediction'``...).
        error (float): How wrong, larger is worse (the default sort).
        caption (str): One line under the thumbnail.
        spec (ThumbnailSpec): What to draw.
        verdicts (list[tuple[str, str]]): ``(run name, kind)`` of every
            prediction file, shown side by side.
    """
    key: str
    classes: List[str]
    predicted: str
    kind: str
    error: float
    caption: str
    spec: ThumbnailSpec
    verdicts: List[Tuple[str, str]] = field(default_factory=list)

    @property
    def wrong(self) -> bool:
        return self.kind != RIGHT


@dataclass
class TaskReport:
    """Everything :func:`landmark.report.write_report_folder` writes.

    Args:
        task (str): ``'detection'``, ``'classification'``,
            ``'segmentation'`` or ``'retrieval'``.
        title (str): The page title.
        class_names (list[str]): The classes (landmark ids for retrieval).
        runs (list[RunMetrics]): One per prediction file, in the order
            given.
        items (list[GalleryItem]): The gallery, worst first.
        num_images (int): Images judged (the gallery may hold fewer).
        problems (list[tuple[str, str]]): ``(file, reason)`` of each photo
            or prediction that could not be used.
        notes (list[str]): Lines shown under the title (config, ground
            truth, thresholds).
    """
    task: str
    title: str
    class_names: Sequence[str]
    runs: List[RunMetrics]
    items: List[GalleryItem]
    num_images: int
    problems: List[Tuple[str, str]] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def left_out_predictions(source: str,
                         names: Sequence[str],
                         what: str = 'the test set') -> List[Tuple[str, str]]:
    """One problem line for the predictions of ``source`` whose images
    ``what`` does not hold (a prediction file may cover more photos than the
    test set), naming the first few; none when there are none."""
    if not names:
        return []
    shown = ', '.join(str(n) for n in names[:5])
    more = f' and {len(names) - 5} more' if len(names) > 5 else ''
    return [(source, f'{len(names)} prediction(s) of images not in {what}, '
             f'left out: {shown}{more}')]


def attach_verdicts(items_per_run: Sequence[Dict[str, GalleryItem]],
                    run_names: Sequence[str]) -> List[GalleryItem]:
    """The first run's items, each with every run's verdict on the same
    image (``'-'`` where a run has no prediction for it)."""
    first = items_per_run[0]
    for key, item in first.items():
        item.verdicts = [(name, run[key].kind if key in run else '-')
                         for name, run in zip(run_names, items_per_run)]
    return list(first.values())


@dataclass
class ScoredRun:
    """One prediction file judged: its metrics, its images by key and the
    ``(file, reason)`` of what could not be judged."""
    metrics: RunMetrics
    items: Dict[str, GalleryItem]
    problems: List[Tuple[str, str]] = field(default_factory=list)
