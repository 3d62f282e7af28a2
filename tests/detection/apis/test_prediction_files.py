import pickle

import numpy as np
import pytest
import torch

from landmark.core import ProblemLog
from landmark.detection.apis import dump_predictions_json, load_predictions

CLASSES = ['tower', 'dome']


def make_record():
    return dict(
        img_id=0,
        img_path='p/a.jpg',
        ori_shape=(40, 60),
        pred_instances=dict(
            bboxes=np.array([[1., 2., 30., 20.], [5., 5., 9., 9.]]),
            scores=np.array([0.2, 0.8]),
            labels=np.array([0, 1])))


def test_json_round_trip_sorts_by_score_and_lists_skipped(tmp_path):
    problems = ProblemLog()
    problems.add('unreadable_image', 'p/bad.jpg', 'cannot be decoded')
    path = str(tmp_path / 'predictions.json')
    dump_predictions_json([make_record()], path, CLASSES, problems)
    records, classes = load_predictions(path)
    assert classes == CLASSES
    (rec, ) = records
    assert rec['ori_shape'] == (40, 60)
    np.testing.assert_allclose(rec['pred_instances']['scores'], [0.8, 0.2])
    np.testing.assert_allclose(rec['pred_instances']['bboxes'][1],
                               [1, 2, 30, 20])
    import json
    assert json.load(open(path))['skipped'] == [
        dict(
            path='p/bad.jpg',
            kind='unreadable_image',
            reason='cannot be decoded')
    ]


def test_pickle_of_tools_test_out(tmp_path):
    rec = make_record()
    rec['pred_instances'] = {
        k: torch.as_tensor(v)
        for k, v in rec['pred_instances'].items()
    }
    path = tmp_path / 'results.pkl'
    path.write_bytes(pickle.dumps([rec]))
    records, classes = load_predictions(str(path))
    assert classes is None
    assert isinstance(records[0]['pred_instances']['bboxes'], np.ndarray)


def test_pickle_that_runs_code_is_refused(tmp_path):
    import os

    from landmark.core import UnsafePredictionFileError
    path = tmp_path / 'evil.pkl'

    class Evil:

        def __reduce__(self):
            return os.system, ('echo hacked', )

    path.write_bytes(pickle.dumps([Evil()]))
    with pytest.raises(UnsafePredictionFileError):
        load_predictions(str(path))


def test_unknown_file_type(tmp_path):
    path = tmp_path / 'preds.csv'
    path.write_text('x')
    with pytest.raises(ValueError, match='expected .json'):
        load_predictions(str(path))


def _image(**changes):
    image = dict(
        image_path='p/a.jpg',
        width=60,
        height=40,
        predictions=[dict(label_id=0, score=0.5, bbox_xyxy=[1, 2, 30, 20])])
    image.update(changes)
    return image


@pytest.mark.parametrize(
    'text, expected',
    [
        ('{"images": [', r'predictions.json is not JSON \(Expecting'),
        ('[1, 2]', 'predictions.json: expected the JSON of tools/infer.py'),
        # each broken image is named by its place in the file
        (dict(images=[_image(), {'image_path': 'p/b.jpg'}]),
         r"images\[1\]: KeyError 'predictions'"),
        (dict(images=[
            _image(predictions=[
                dict(label_id=0, score=0.5, bbox_xyxy=[1, 2, 3])
            ])
        ]), r'images\[0\]: ValueError cannot reshape'),
        (dict(images=[
            _image(predictions=[
                dict(label_id=0, score=0.5, bbox_xyxy=[float('nan'), 2, 3, 4])
            ])
        ]), r'images\[0\]: ValueError a box or score is not a finite number'),
    ])
def test_a_broken_prediction_json_is_named(tmp_path, text, expected):
    import json
    path = tmp_path / 'predictions.json'
    path.write_text(text if isinstance(text, str) else json.dumps(text))
    with pytest.raises(ValueError, match=expected) as err:
        load_predictions(str(path))
    assert str(path) in str(err.value)


def test_json_predictions_are_scored_by_file_name_not_position(tmp_path):
    """infer.py's JSON lists the photos in its own order: the n-th entry is
    not the COCO image of id n (0 and 1 are both ids of this file)."""
    import json

    from landmark.detection.evaluation.ensemble import evaluate_predictions
    ann = tmp_path / 'val.json'
    ann.write_text(
        json.dumps(
            dict(
                categories=[dict(id=1, name='tower')],
                images=[
                    dict(id=0, file_name='a.jpg', width=60, height=40),
                    dict(id=1, file_name='b.jpg', width=60, height=40)
                ],
                annotations=[
                    dict(
                        id=1,
                        image_id=0,
                        category_id=1,
                        bbox=[0, 0, 20, 20],
                        area=400,
                        iscrowd=0),
                    dict(
                        id=2,
                        image_id=1,
                        category_id=1,
                        bbox=[30, 10, 20, 20],
                        area=400,
                        iscrowd=0)
                ])))
    records = []
    for name, box in (('b.jpg', [30., 10., 50., 30.]), ('a.jpg',
                                                        [0., 0., 20., 20.])):
        records.append(
            dict(
                img_id=None,
                img_path=f'photos/{name}',
                ori_shape=(40, 60),
                pred_instances=dict(
                    bboxes=np.array([box]),
                    scores=np.array([0.9]),
                    labels=np.array([0]))))
    path = str(tmp_path / 'predictions.json')
    dump_predictions_json(records, path, ['tower'])
    loaded, _ = load_predictions(path)
    metrics = evaluate_predictions(loaded, str(ann))
    assert metrics['single_object/loc_acc'] == 1.0  # 0.0 paired by position
