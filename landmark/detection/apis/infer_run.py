"""What ``tools/infer.py`` does with a detection config: predict on photos
with :class:`~landmark.inference.Inferencer` (the Python API's prediction
path), streaming each finished photo to a partial file, then write the CSV,
the JSON and (optionally) the drawn photos.

A crash or kill leaves every finished photo in
``<out-dir>/predictions.partial.jsonl``; the same command with ``--resume``
predicts only the rest and writes the files an uninterrupted run writes.
"""
import argparse
import json
import os.path as osp
import sys
import time
from typing import Sequence

import cv2

from landmark.core import (ImageReadError, ProblemLog, decode_image,
                           resolve_image_inputs)
from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.checkpoint_loader import CHECKPOINT_ERRORS
from landmark.core.runner import report_user_error
from landmark.detection.apis.drawing_names import (drawing_clash_notes,
                                                   drawing_names)
from landmark.detection.apis.prediction_files import dump_predictions_json
from landmark.detection.apis.prediction_journal import (PredictionJournal,
                                                        journal_path)
from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   check_unique_image_ids,
                                                   submission_format_from_args,
                                                   write_submission_csv)
from landmark.detection.visualization import draw_predictions
from landmark.inference import Inferencer

# OSError: an input or output folder that cannot be read or written
_USER_ERRORS = (OSError, KeyError, ValueError, *CHECKPOINT_ERRORS)


def _run_settings(args: argparse.Namespace, num_inputs: int) -> dict:
    """What a resumed run must share with the interrupted one: everything
    that changes a photo's boxes (not the device, nor the CSV layout)."""
    return dict(
        config=osp.abspath(args.config),
        checkpoint=osp.abspath(args.checkpoint),
        tta=bool(args.tta),
        batch_size=args.batch_size,
        max_pixels=args.max_pixels,
        max_long_side=args.max_long_side,
        cfg_options=json.dumps(args.cfg_options, sort_keys=True, default=str),
        inputs=num_inputs)


def save_drawing(record: dict, out_file: str, class_names: Sequence[str],
                 fmt: SubmissionFormat, score_thr,
                 problems: ProblemLog) -> None:
    """Draw one photo's boxes at its full resolution into ``out_file``.

    Args:
        record (dict): A record of :func:`predict_images`
            (:meth:`DetectionResult.record`).
        out_file (str): The drawing (``.jpg``, ``.jpeg`` or ``.png``).
        class_names (Sequence[str]): Class name of each label.
        fmt (SubmissionFormat): Its ``score_thr`` and ``single_object``
            pick the boxes drawn by default.
        score_thr (float | None): Draw boxes scored at least this; None:
            the best box in single-object mode, 0.3 otherwise.
        problems (ProblemLog): Told when the photo can no longer be read.
    """
    path = record['img_path']
    try:
        image = decode_image(path)
    except ImageReadError as err:  # removed or changed since predicted
        problems.add('unreadable_image', path, str(err), skipped=False)
        return
    if score_thr is None:
        score_thr = fmt.score_thr if fmt.single_object else max(
            fmt.score_thr, .3)
    inst = record['pred_instances']
    drawn = draw_predictions(
        image,
        inst['bboxes'],
        inst['scores'],
        inst['labels'],
        class_names,
        score_thr=score_thr,
        max_boxes=1 if fmt.single_object else None)
    ok, data = cv2.imencode(osp.splitext(out_file)[1], drawn)
    if not ok:
        raise RuntimeError(f'could not encode the drawing of {path} as '
                           f'{out_file}')
    write_bytes_atomic(data.tobytes(), out_file)


def _drawing_files(paths: Sequence[str], show_dir: str) -> list:
    """The drawing of each photo, naming the photos whose names clash."""
    names, clashes = drawing_names(paths)
    for note in drawing_clash_notes(paths, names, clashes):
        print(note, file=sys.stderr)
    return [osp.join(show_dir, name) for name in names]


def run_infer(args: argparse.Namespace) -> int:
    """Predict from ``tools/infer.py``'s parsed flags.

    Returns:
        int: 0; 1 when a photo was skipped (unreadable, out of memory);
        2 on a bad input that stops the run (one ``error:`` line); 130 when
        interrupted (the partial file keeps the finished photos).
    """
    try:
        fmt = submission_format_from_args(args)
        paths = resolve_image_inputs(args.input, recursive=args.recursive)
        if fmt.image_id_from != 'img_id':
            check_unique_image_ids(paths, fmt)
        inferencer = Inferencer.from_args(args, progress=True)
        journal = PredictionJournal(
            journal_path(args.out_dir), _run_settings(args, len(paths)))
        done = journal.start(args.resume, paths)
    except _USER_ERRORS as err:
        if isinstance(err, OSError) and err.strerror:  # args[0] is errno
            err = ValueError(str(err))
        return report_user_error(err)
    class_names = inferencer.class_names
    drawings = _drawing_files(paths, args.show_dir) if args.show_dir else []
    resumed = f', {len(done)} done before (--resume)' if done else ''
    if args.resume and not done:
        print(f'note: --resume: {journal.path} held no finished photo; '
              'predicting them all')
    print(f'Predicting {len(paths) - len(done)} of {len(paths)} image(s)'
          f'{resumed} with {args.config} on {args.device}'
          f'{" with TTA" if args.tta else ""}, batch size {args.batch_size}')
    problems = ProblemLog()
    num_new = 0
    start = time.perf_counter()
    try:
        for index, result in inferencer.predict_files(
                paths, problems, skip=done):
            record = result.record(index)
            if args.show_dir:
                save_drawing(record, drawings[index], class_names, fmt,
                             args.show_score_thr, problems)
            journal.append(record)
            num_new += 1
    except KeyboardInterrupt:
        journal.close()
        print(
            f'\nInterrupted: the {len(done) + num_new} finished photo(s) '
            f'are kept in {journal.path}; run the same command with '
            '--resume to predict the rest',
            file=sys.stderr)
        return 130
    seconds = time.perf_counter() - start
    return _write_outputs(journal, class_names, fmt, args, problems,
                          (num_new, len(paths), seconds))


def _write_outputs(journal: PredictionJournal, class_names, fmt, args,
                   problems: ProblemLog, counts: tuple) -> int:
    """Write the CSV and JSON from the journal, then remove it."""
    num_new, num_inputs, seconds = counts
    records = journal.records()
    csv_path = osp.join(args.out_dir, 'predictions.csv')
    json_path = osp.join(args.out_dir, 'predictions.json')
    try:
        num_rows = write_submission_csv(records, csv_path, fmt, class_names)
    except ValueError as err:  # the journal stays: fix the flags, --resume
        journal.close()
        return report_user_error(err)
    dump_predictions_json(records, json_path, class_names, problems)
    journal.remove()
    kept = len(records) - num_new
    print(f'Predicted {num_new} of {num_inputs} image(s) in {seconds:.1f} s '
          f'({num_new / max(seconds, 1e-9):.2f} images/s)' +
          (f'; {kept} came from the interrupted run' if kept else ''))
    print(f'Wrote {csv_path} ({num_rows} rows) and {json_path}')
    if args.show_dir:
        print(f'Drew the boxes on the images in {args.show_dir}')
    return problems.report_skipped()
