"""The partial file of tools/infer.py: what survives a kill, and what a
resumed run accepts."""
import json

import numpy as np
import pytest

from landmark.detection.apis import PredictionJournal

PATHS = ['photos/a.jpg', 'photos/b.jpg', 'photos/c.jpg']
RUN = dict(checkpoint='/ckpt/epoch_12.pth', batch_size=1)


def record(index: int) -> dict:
    """A prediction of photo ``index`` with float32 boxes and scores, as
    the model gives them (0.1 and 0.7 are not exact in float32)."""
    return dict(
        img_id=index,
        img_path=PATHS[index],
        ori_shape=(60, 80),
        pred_instances=dict(
            bboxes=np.array([[0.1, 2, 30.7, 40], [5, 5, 9, 9]], np.float32),
            scores=np.array([0.7, 0.1 * index], np.float32),
            labels=np.array([index, 0], np.int64)))


def assert_same_record(got: dict, expected: dict) -> None:
    assert got['img_id'] == expected['img_id']
    assert got['img_path'] == expected['img_path']
    assert got['ori_shape'] == expected['ori_shape']
    for key, value in expected['pred_instances'].items():
        # bit for bit, dtype included: the CSV from a resumed run must be
        # the CSV of an uninterrupted one
        assert got['pred_instances'][key].dtype == value.dtype
        np.testing.assert_array_equal(got['pred_instances'][key], value)


def test_finished_photos_are_read_back_exactly(tmp_path):
    path = str(tmp_path / 'out' / 'predictions.partial.jsonl')
    journal = PredictionJournal(path, RUN)
    assert journal.start(resume=False, image_paths=PATHS) == {}
    journal.append(record(0))
    journal.append(record(2))
    # read by a new process: nothing was closed (a kill -9)
    done = PredictionJournal(path, RUN).start(resume=True, image_paths=PATHS)
    assert sorted(done) == [0, 2]
    assert_same_record(done[0], record(0))
    assert_same_record(done[2], record(2))


def test_a_line_cut_short_by_a_kill_is_dropped_and_overwritten(tmp_path):
    path = tmp_path / 'predictions.partial.jsonl'
    journal = PredictionJournal(str(path), RUN)
    journal.start(resume=False, image_paths=PATHS)
    journal.append(record(0))
    journal.close()
    whole = path.read_bytes()
    # killed in the middle of a long line (longer than the next one)
    path.write_bytes(whole + b'{"img_id": 1, "bboxes": [' + b'1.5, ' * 400)
    resumed = PredictionJournal(str(path), RUN)
    assert sorted(resumed.start(resume=True, image_paths=PATHS)) == [0]
    resumed.append(record(1))
    resumed.close()
    lines = path.read_bytes().split(b'\n')
    assert len(lines) == 4 and lines[-1] == b''  # run, photo 0, photo 1
    assert [r['img_id'] for r in resumed.records()] == [0, 1]
    again = PredictionJournal(str(path), RUN)
    assert sorted(again.start(resume=True, image_paths=PATHS)) == [0, 1]


def test_an_interrupted_run_is_not_overwritten_without_resume(tmp_path):
    path = str(tmp_path / 'predictions.partial.jsonl')
    journal = PredictionJournal(path, RUN)
    journal.start(resume=False, image_paths=PATHS)
    journal.close()
    # only the first line: no photo finished, a new run may start over
    assert PredictionJournal(path, RUN).start(False, PATHS) == {}
    journal = PredictionJournal(path, RUN)
    journal.start(False, PATHS)
    journal.append(record(1))
    with pytest.raises(ValueError, match='pass --resume'):
        PredictionJournal(path, RUN).start(resume=False, image_paths=PATHS)


def test_resume_refuses_another_run_or_other_inputs(tmp_path):
    path = str(tmp_path / 'predictions.partial.jsonl')
    journal = PredictionJournal(path, RUN)
    journal.start(False, PATHS)
    journal.append(record(1))
    other = dict(RUN, checkpoint='/ckpt/epoch_6.pth')
    with pytest.raises(ValueError) as err:
        PredictionJournal(path, other).start(True, PATHS)
    assert str(err.value).startswith(f'{path}, line 1: written by a run with '
                                     "checkpoint = '/ckpt/epoch_12.pth'")
    moved = ['photos/a.jpg', 'photos/c.jpg', 'photos/b.jpg']
    with pytest.raises(ValueError, match=r"line 2: photo 1 is 'photos/b.jpg'"):
        PredictionJournal(path, RUN).start(True, moved)


def test_a_broken_line_before_the_last_is_named(tmp_path):
    path = tmp_path / 'predictions.partial.jsonl'
    path.write_text(
        json.dumps(dict(RUN, format='landmark-infer-journal/1')) +
        '\nnot json\n')
    with pytest.raises(ValueError, match=r'jsonl, line 2: not a line of'):
        PredictionJournal(str(path), RUN).start(True, PATHS)
    path.write_text('{"some": "other file"}\n')
    with pytest.raises(ValueError, match='line 1: not the partial file'):
        PredictionJournal(str(path), RUN).start(True, PATHS)


def test_remove_after_the_outputs_are_written(tmp_path):
    path = tmp_path / 'predictions.partial.jsonl'
    journal = PredictionJournal(str(path), RUN)
    journal.start(False, PATHS)
    journal.append(record(2))
    journal.append(record(0))
    assert [r['img_id'] for r in journal.records()] == [0, 2]  # input order
    journal.remove()
    assert not path.exists()


def test_an_out_dir_that_is_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / 'out').write_text('a file, not a folder')
    path = str(tmp_path / 'out' / 'predictions.partial.jsonl')
    with pytest.raises(ValueError) as err:
        PredictionJournal(path, RUN).start(False, PATHS)
    assert str(err.value) == (f'cannot write {path} (File exists); expected '
                              f'{tmp_path / "out"} to be a writable folder')
