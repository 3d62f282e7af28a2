"""The partial file of ``tools/infer.py``: every finished photo's
prediction, appended and flushed as it is predicted.

A crash or ``kill -9`` at photo 900 of 1000 leaves the 899 finished ones
in the journal; ``--resume`` reads them back and predicts only the rest.
The final CSV and JSON are written from the journal, in an uninterrupted
run as in a resumed one, so both give the same files.

The file is JSON Lines: a first line describing the run (config,
checkpoint, TTA, number of inputs), then one line per finished photo
(the records of :func:`~landmark.detection.apis.predict_images`, arrays as
lists). A last line cut short by a kill is dropped on resume (that photo
is predicted again).
"""
import json
import os
import os.path as osp
from typing import Dict, List, Sequence

import numpy as np

JOURNAL_NAME = 'predictions.partial.jsonl'
_FORMAT = 'landmark-infer-journal/1'


def _encode(record: dict) -> str:
    inst = record['pred_instances']
    return json.dumps(
        dict(
            img_id=int(record['img_id']),
            img_path=record['img_path'],
            ori_shape=[int(v) for v in record['ori_shape']],
            bboxes=np.asarray(inst['bboxes']).tolist(),
            scores=np.asarray(inst['scores']).tolist(),
            labels=np.asarray(inst['labels']).tolist()))


def _decode(line: dict) -> dict:
    # float32, as predicted: the CSV written from a record read back is
    # the CSV of the record itself (thresholds compare in float32)
    return dict(
        img_id=int(line['img_id']),
        img_path=line['img_path'],
        ori_shape=tuple(line['ori_shape']),
        pred_instances=dict(
            bboxes=np.asarray(line['bboxes'], np.float32).reshape(-1, 4),
            scores=np.asarray(line['scores'], np.float32).reshape(-1),
            labels=np.asarray(line['labels'], np.int64).reshape(-1)))


class PredictionJournal:
    """Append-only record of the photos a run has finished.

    Args:
        path (str): The journal file, e.g. ``<out-dir>/``
            :data:`JOURNAL_NAME`.
        run (dict): What identifies the run (config, checkpoint, TTA,
            inputs); a resumed run must match it.

    Examples:
        >>> journal = PredictionJournal('out/predictions.partial.jsonl',
        ...                             dict(checkpoint='epoch_12.pth'))
        >>> done = journal.start(resume=True, image_paths=paths)
        >>> for record in predict_images(model, paths, skip=done):
        ...     journal.append(record)
        >>> records = journal.records()  # write the outputs, then
        >>> journal.remove()
    """

    def __init__(self, path: str, run: dict) -> None:
        self.path = path
        self.run = dict(run, format=_FORMAT)
        self._file = None
        self._records: Dict[int, dict] = {}

    @property
    def exists(self) -> bool:
        return osp.isfile(self.path)

    def start(self, resume: bool,
              image_paths: Sequence[str]) -> Dict[int, dict]:
        """Open the journal for appending.

        Args:
            resume (bool): Keep the photos an earlier run finished
                (``--resume``); else start a new journal, which is refused
                when the file holds finished photos (an interrupted run's
                work).
            image_paths (Sequence[str]): This run's inputs; a resumed
                record must name the same file at the same index.

        Returns:
            dict[int, dict]: The finished records by index in
            ``image_paths`` (empty unless resuming).

        Raises:
            ValueError: A journal is there without ``resume``, or it is
                from another run, or a line other than the last is broken
                (the message names the file and the line), or the folder
                cannot be written.
        """
        folder = osp.dirname(osp.abspath(self.path))
        try:
            os.makedirs(folder, exist_ok=True)
            return self._open(resume, image_paths)
        except OSError as err:
            raise ValueError(
                f'cannot write {self.path} ({err.strerror or err}); expected '
                f'{folder} to be a writable folder') from None

    def _open(self, resume: bool,
              image_paths: Sequence[str]) -> Dict[int, dict]:
        if not resume and self._holds_photos():
            raise ValueError(
                f'{self.path} holds the photos of an interrupted run; pass '
                '--resume to predict only the rest, or delete it to start '
                'afresh')
        good_bytes = self._read(image_paths) if self.exists else 0
        if not good_bytes:  # new, or killed before its first line
            self._file = open(self.path, 'wb')
            self._write_line(json.dumps(self.run))
            return {}
        self._file = open(self.path, 'r+b')
        self._file.truncate(good_bytes)  # drop a line cut short by a kill
        self._file.seek(good_bytes)
        return dict(self._records)

    def _holds_photos(self) -> bool:
        """Whether the file has a complete line after its first."""
        if not self.exists:
            return False
        with open(self.path, 'rb') as f:
            return f.read().count(b'\n') > 1

    def _read(self, image_paths: Sequence[str]) -> int:
        """Load the finished records; return the byte length of the
        complete lines (a last line without its newline was cut short)."""
        with open(self.path, 'rb') as f:
            complete, _, _ = f.read().rpartition(b'\n')
        if not complete:
            return 0
        for line_num, raw in enumerate(complete.split(b'\n'), start=1):
            where = f'{self.path}, line {line_num}'
            try:
                line = json.loads(raw.decode('utf-8'))
                record = _decode(line) if line_num > 1 else None
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f'{where}: not a line of the partial file of '
                                 f'tools/infer.py ({err}); delete it to start '
                                 'afresh') from None
            try:
                if record is None:
                    self._check_run(line)
                else:
                    self._check_record(record, image_paths)
                    self._records[record['img_id']] = record
            except ValueError as err:
                raise ValueError(f'{where}: {err}') from None
        return len(complete) + 1

    def _check_run(self, line: dict) -> None:
        if not isinstance(line, dict) or line.get('format') != _FORMAT:
            raise ValueError('not the partial file of tools/infer.py; '
                             'delete it to start afresh')
        for key, value in self.run.items():
            if line.get(key) != value:
                raise ValueError(
                    f'written by a run with {key} = {line.get(key)!r}, this '
                    f'run has {value!r}; resume with the same arguments, or '
                    'delete the file to start afresh')

    def _check_record(self, record: dict, image_paths: Sequence[str]) -> None:
        index = record['img_id']
        if not (0 <= index < len(image_paths)
                and image_paths[index] == record['img_path']):
            raise ValueError(
                f'photo {index} is {record["img_path"]!r}, not among this '
                "run's inputs at that place; resume with the same INPUT")

    def _write_line(self, text: str) -> None:
        try:
            self._file.write(text.encode('utf-8') + b'\n')
            self._file.flush()  # in the OS's hands: survives a kill -9
        except OSError as err:  # a full disk: name the journal
            raise OSError(err.errno, err.strerror, self.path) from err

    def append(self, record: dict) -> None:
        """Add one finished photo (a record of ``predict_images``)."""
        line = _encode(record)
        self._write_line(line)
        self._records[int(record['img_id'])] = _decode(json.loads(line))

    def records(self) -> List[dict]:
        """Every finished record, in input order."""
        return [self._records[i] for i in sorted(self._records)]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def remove(self) -> None:
        """Close and delete the journal (the outputs are written)."""
        self.close()
        if self.exists:
            os.remove(self.path)


def journal_path(out_dir: str) -> str:
    """Where ``tools/infer.py`` keeps the journal of ``out_dir``."""
    return osp.join(out_dir, JOURNAL_NAME)
