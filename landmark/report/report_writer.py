"""Build a report from a config and prediction files, and write it as one
folder (``index.html`` + ``thumbnails/``), atomically: everything is
written into a temporary folder beside the destination, which is renamed
into place once complete (a report already there is replaced only then)."""
import os
import os.path as osp
import shutil
import time
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from landmark.core.atomic_io import atomic_open
from landmark.report.ground_truth import (classification_truth,
                                          detection_truth, load_report_config,
                                          retrieval_sets, segmentation_truth)
from landmark.report.html_page import PAGE_SIZE, render_index_html
from landmark.report.prediction_files import (read_classification_predictions,
                                              read_detection_predictions,
                                              read_retrieval_predictions,
                                              read_segmentation_predictions,
                                              read_skipped_photos)
from landmark.report.report_data import TaskReport, attach_verdicts
from landmark.report.thumbnails import (RETRIEVAL_THUMB_SIZE, THUMB_SIZE,
                                        write_thumbnails)

NUM_GALLERY = 1000  # the worst images shown by default


def run_names(prediction_files: Sequence[str],
              names: Optional[Sequence[str]] = None) -> List[str]:
    """Column headings: ``names`` when given (one per file), else the
    file names without extension, made unique with their folder."""
    if names:
        if len(names) != len(prediction_files):
            raise ValueError(f'{len(names)} --names for '
                             f'{len(prediction_files)} prediction files; '
                             'expected one name per file')
        return list(names)
    stems = [
        osp.splitext(osp.basename(osp.normpath(p)))[0]
        for p in prediction_files
    ]
    if len(set(stems)) < len(stems):
        stems = [
            osp.join(osp.basename(osp.dirname(osp.abspath(p))), s)
            for p, s in zip(prediction_files, stems)
        ]
    if len(set(stems)) < len(stems):
        stems = [f'{i + 1}: {s}' for i, s in enumerate(stems)]
    return stems


class TaskJudge(NamedTuple):
    """How one task judges its prediction files: ``score(path, name)`` ->
    :class:`~landmark.report.report_data.ScoredRun`, the class names, the
    lines under the title and the problems of the ground truth itself."""
    score: Callable
    class_names: List[str]
    notes: List[str]
    problems: List[Tuple[str, str]]


def _detection_judge(cfg, iou_thr: float, retrieval: dict) -> TaskJudge:
    from landmark.report.detection_metrics import score_detection_run
    truth = detection_truth(cfg)

    def score(path, name):
        run = score_detection_run(
            read_detection_predictions(path), truth, name, path, iou_thr)
        run.problems += read_skipped_photos(path)
        return run

    return TaskJudge(score, list(truth.class_names), [
        f'ground truth {truth.ann_file}; a top-1 box is right with the '
        f'right class and IoU >= {iou_thr}'
    ], [])


def _classification_judge(cfg, iou_thr: float, retrieval: dict) -> TaskJudge:
    from landmark.report.classification_metrics import \
        score_classification_run
    truth = classification_truth(cfg)

    def score(path, name):
        return score_classification_run(
            read_classification_predictions(path, truth.class_names), truth,
            name, path)

    return TaskJudge(score, list(truth.class_names), [
        f'ground truth: the test set of the config '
        f'({len(truth.by_name)} photos)'
    ], list(truth.left_out))


def _segmentation_judge(cfg, iou_thr: float, retrieval: dict) -> TaskJudge:
    from landmark.report.segmentation_metrics import score_segmentation_run
    truth = segmentation_truth(cfg)

    def score(path, name):
        return score_segmentation_run(
            read_segmentation_predictions(path, truth.class_names), truth,
            name, path, iou_thr)

    return TaskJudge(score, list(truth.class_names), [
        f'ground truth: the test set of the config ({len(truth.by_id)} '
        f'images); an image is right with a mean IoU >= {iou_thr}'
    ], list(truth.left_out))


def _retrieval_judge(cfg, iou_thr: float, retrieval: dict) -> TaskJudge:
    from landmark.report.retrieval_metrics import score_retrieval_run
    sets = retrieval_sets(**retrieval)

    def score(path, name):
        return score_retrieval_run(
            read_retrieval_predictions(path), sets, name, path)

    return TaskJudge(
        score, sorted({g.landmark_id
                       for g in sets.gallery}),
        [f'{len(sets.queries)} queries, {len(sets.gallery)} gallery photos'],
        list(sets.problems))


TASK_JUDGES = dict(
    detection=_detection_judge,
    classification=_classification_judge,
    segmentation=_segmentation_judge,
    retrieval=_retrieval_judge)


def build_report(config: str,
                 prediction_files: Sequence[str],
                 task: Optional[str] = None,
                 names: Optional[Sequence[str]] = None,
                 data_root: Optional[str] = None,
                 cfg_options: Optional[dict] = None,
                 iou_thr: float = 0.5,
                 retrieval: Optional[dict] = None) -> TaskReport:
    """Judge every prediction file against the ground truth.

    Args:
        config (str): The config of the test run: its task
            (``default_scope``), test set and class names (for retrieval,
            the task only: the sets come from ``retrieval``).
        prediction_files (Sequence[str]): One or more files of one test set
            (plain, TTA, ensemble members...); the gallery judges the
            first.
        task (str, optional): Defaults to the config's.
        names (Sequence[str], optional): A column name per file.
        data_root (str, optional): ``--data-root`` of ``tools/test.py``.
        cfg_options (dict, optional): ``--cfg-options``.
        iou_thr (float): IoU of a right top-1 box (detection) or image
            (segmentation). Defaults to 0.5.
        retrieval (dict, optional): Keyword arguments of
            :func:`~landmark.report.ground_truth.retrieval_sets`.

    Returns:
        TaskReport: Every image of the first file, worst first.

    Raises:
        FileNotFoundError / ValueError: A file is missing or unusable; the
            message names it and what was expected.
    """
    if not prediction_files:
        raise ValueError('no prediction file; expected one or more')
    for path in prediction_files:
        if not osp.exists(path):
            raise FileNotFoundError(f'prediction file {path!r} does not '
                                    'exist')
    task, cfg = load_report_config(config, data_root, cfg_options, task)
    names = run_names(prediction_files, names)
    judge = TASK_JUDGES[task](cfg, iou_thr, retrieval or {})
    notes, problems = list(judge.notes), list(judge.problems)
    scored = [
        judge.score(path, name) for path, name in zip(prediction_files, names)
    ]
    for run in scored:
        problems += run.problems
    items = attach_verdicts([run.items for run in scored], names)
    items.sort(key=lambda item: -item.error)
    title = f'{task} report: {osp.basename(config)}'
    notes.insert(0, f'config {config}')
    notes.append('predictions: ' +
                 ', '.join(f'{n} = {p}'
                           for n, p in zip(names, prediction_files)))
    return TaskReport(task, title,
                      judge.class_names, [r.metrics for r in scored], items,
                      len(items), problems, notes)


def _check_destination(out_dir: str) -> None:
    if osp.isfile(out_dir):
        raise ValueError(f'{out_dir} is a file; expected a folder for the '
                         'report')
    if osp.isdir(out_dir) and os.listdir(out_dir) and not osp.isfile(
            osp.join(out_dir, 'index.html')):
        raise ValueError(f'{out_dir} holds files but no index.html; '
                         'expected a new or empty folder, or an earlier '
                         'report to replace')


def write_report_folder(report: TaskReport,
                        out_dir: str,
                        num_gallery: int = NUM_GALLERY,
                        page_size: int = PAGE_SIZE,
                        thumb_size: Optional[Tuple[int, int]] = None,
                        workers: int = 0) -> Dict[str, float]:
    """Write ``out_dir/index.html`` and ``out_dir/thumbnails/`` atomically.

    Args:
        report (TaskReport): From :func:`build_report`.
        out_dir (str): The report folder; an earlier report there is
            replaced once the new one is complete. A folder holding other
            files is refused.
        num_gallery (int): The worst images drawn; 0 for all.
        page_size (int): Gallery cards per page.
        thumb_size (tuple[int, int], optional): Thumbnail width and
            height. Defaults to 256x192, or for retrieval the row of a query
            and its results (540x88).
        workers (int): Drawing threads (0: one per core).

    Returns:
        dict: ``thumbnails`` drawn, ``unreadable`` photos and ``seconds``.
    """
    start = time.perf_counter()
    if thumb_size is None:
        thumb_size = RETRIEVAL_THUMB_SIZE if report.task == 'retrieval' \
            else THUMB_SIZE
    out_dir = osp.normpath(out_dir)
    _check_destination(out_dir)
    if num_gallery and len(report.items) > num_gallery:
        report.items = report.items[:num_gallery]
    parent = osp.dirname(osp.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = osp.join(parent, f'.{osp.basename(out_dir)}.tmp-{os.getpid()}')
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        files = [
            osp.join(tmp, 'thumbnails', f'{i:05d}.jpg')
            for i in range(len(report.items))
        ]
        os.makedirs(osp.join(tmp, 'thumbnails'))
        unreadable = write_thumbnails([item.spec for item in report.items],
                                      files, thumb_size, workers)
        for i, reason in sorted(unreadable.items()):
            report.problems.append((report.items[i].spec.image_path, reason))
        thumbnails = {
            i: f'thumbnails/{i:05d}.jpg'
            for i in range(len(report.items)) if i not in unreadable
        }
        with atomic_open(osp.join(tmp, 'index.html'), encoding='utf-8') as f:
            f.write(
                render_index_html(report, thumbnails, unreadable, thumb_size,
                                  page_size))
        _replace_folder(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dict(
        thumbnails=len(thumbnails),
        unreadable=len(unreadable),
        seconds=time.perf_counter() - start)


def _replace_folder(new: str, out_dir: str) -> None:
    """Rename ``new`` to ``out_dir``; an existing ``out_dir`` is moved
    aside first and removed after, so ``out_dir`` is always either the
    old report or the new one."""
    old = None
    if osp.exists(out_dir):
        old = osp.join(
            osp.dirname(osp.abspath(out_dir)),
            f'.{osp.basename(out_dir)}.old-{os.getpid()}')
        shutil.rmtree(old, ignore_errors=True)
        os.rename(out_dir, old)
    try:
        os.rename(new, out_dir)
    except OSError:
        if old is not None:
            os.rename(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
