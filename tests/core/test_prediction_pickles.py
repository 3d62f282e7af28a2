import os
import pickle

import numpy as np
import pytest
import torch

from landmark.core import (UnsafePredictionFileError, dump_prediction_pickle,
                           load_prediction_pickle)

HANDMADE = [
    dict(
        img_id=7,
        img_path='images/x.jpg',
        ori_shape=(64, 96, 3),
        pred_instances=dict(
            bboxes=torch.tensor([[1., 2., 30., 40.]]),
            scores=torch.tensor([.5]),
            labels=torch.tensor([3])))
]


def write(path, obj):
    with open(path, 'wb') as f:
        pickle.dump(obj, f)
    return str(path)


def test_reads_tensors_of_tools_test_out_as_numpy(tmp_path):
    records = load_prediction_pickle(write(tmp_path / 'p.pkl', HANDMADE))
    assert records[0]['img_id'] == 7
    assert records[0]['ori_shape'] == (64, 96)
    pred = records[0]['pred_instances']
    np.testing.assert_array_equal(pred['bboxes'], [[1., 2., 30., 40.]])
    assert pred['labels'].tolist() == [3]


def test_reads_protocol_2_pickles_as_mmengine_dump_writes_them(tmp_path):
    import mmengine
    path = str(tmp_path / 'dumped.pkl')
    mmengine.dump(HANDMADE, path)  # protocol 2: bytes via _codecs.encode
    records = load_prediction_pickle(path)
    np.testing.assert_array_equal(records[0]['pred_instances']['bboxes'],
                                  [[1., 2., 30., 40.]])


def test_written_files_read_back_the_same(tmp_path):
    records = load_prediction_pickle(write(tmp_path / 'p.pkl', HANDMADE))
    dump_prediction_pickle(records, str(tmp_path / 'q.pkl'))
    again = load_prediction_pickle(str(tmp_path / 'q.pkl'))
    np.testing.assert_allclose(again[0]['pred_instances']['bboxes'],
                               records[0]['pred_instances']['bboxes'])
    # Written atomically: no temporary file is left beside it.
    assert set(os.listdir(tmp_path)) == {'p.pkl', 'q.pkl'}


class RunsCode:

    def __reduce__(self):
        return (os.system, ('echo should-never-run', ))


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    path = write(tmp_path / 'evil.pkl', [RunsCode()])
    with pytest.raises(
            UnsafePredictionFileError,
            match=r'evil.pkl: refused to unpickle posix.system'):
        load_prediction_pickle(path)


@pytest.mark.parametrize('content, message', [
    ({
        'a': 1
    }, 'holds a dict; expected a list of per-image dicts'),
    ([[1, 2]], 'item 0 is a list; expected a dict with img_id'),
    ([dict(ori_shape=(2, 2), pred_instances=dict(bboxes=[[0, 0, 1, 1]]))
      ], 'pred_instances lacks scores, labels'),
])
def test_wrong_content_names_the_file_and_what_was_expected(
        tmp_path, content, message):
    path = write(tmp_path / 'wrong.pkl', content)
    with pytest.raises(ValueError, match=message):
        load_prediction_pickle(path)


def test_missing_and_non_pickle_files(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.pkl'):
        load_prediction_pickle(str(tmp_path / 'nope.pkl'))
    (tmp_path / 'text.pkl').write_text('img_id,score\n')
    with pytest.raises(
            ValueError, match='text.pkl: cannot be read as a '
            'pickle'):
        load_prediction_pickle(str(tmp_path / 'text.pkl'))
