import csv

import numpy as np
import pytest

from landmark.core.submission import image_id_sort_key
from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   check_unique_image_ids,
                                                   read_submission_csv,
                                                   submission_rows,
                                                   write_submission_csv)

CLASSES = ('tower', 'dome', 'arch')


def make_predictions():
    """Three images given out of order: img_10 (200x100, two boxes),
    img_2 (50x80, one box reaching past the right border), img_3 (none)."""
    return [
        dict(
            img_id=10,
            img_path='photos/img_10.jpg',
            ori_shape=(100, 200),
            pred_instances=dict(
                bboxes=np.array([[20., 10., 120., 60.], [0., 0., 50., 50.]]),
                scores=np.array([0.3, 0.9]),
                labels=np.array([2, 1]))),
        dict(
            img_id=2,
            img_path='photos/img_2.jpg',
            ori_shape=(80, 50),
            pred_instances=dict(
                bboxes=np.array([[10., 20., 60., 40.]]),
                scores=np.array([0.5]),
                labels=np.array([0]))),
        dict(
            img_id=3,
            img_path='photos/img_3.jpg',
            ori_shape=(64, 64),
            pred_instances=dict(
                bboxes=np.zeros((0, 4)),
                scores=np.zeros(0),
                labels=np.zeros(0, int))),
    ]


SIZES = {'img_10': (200, 100), 'img_2': (50, 80), 'img_3': (64, 64)}
# best box of each image in pixels, the img_2 one clipped to its 50 px width
BEST = {
    'img_2': ('tower', 0.5, [10, 20, 50, 40]),
    'img_10': ('dome', 0.9, [0, 0, 50, 50]),
}


def round_trip(tmp_path, fmt, sizes=SIZES):
    path = str(tmp_path / 'submission.csv')
    write_submission_csv(make_predictions(), path, fmt, CLASSES)
    return path, read_submission_csv(path, fmt, CLASSES, sizes)


@pytest.mark.parametrize('box_format', ['xyxy', 'xywh', 'cxcywh'])
@pytest.mark.parametrize('normalized', [False, True])
def test_round_trip_box_formats(tmp_path, box_format, normalized):
    fmt = SubmissionFormat(box_format=box_format, normalized=normalized)
    _, back = round_trip(tmp_path, fmt)
    assert list(back) == ['img_2', 'img_3', 'img_10']  # natural order
    assert back['img_3'] == []  # blank row
    for image_id, (name, score, box) in BEST.items():
        (row, ) = back[image_id]
        assert row['label_text'] == name
        assert row['label'] == CLASSES.index(name)
        assert row['score'] == pytest.approx(score)
        np.testing.assert_allclose(row['box'], box, atol=1e-3)


def test_normalized_values_are_fractions_of_the_image(tmp_path):
    fmt = SubmissionFormat(box_format='cxcywh', normalized=True)
    path, _ = round_trip(tmp_path, fmt)
    rows = list(csv.DictReader(open(path)))
    # img_10 is 200x100, its best box 0,0,50,50: centre (25, 25), 50x50
    assert rows[2]['image_id'] == 'img_10'
    assert [float(rows[2][k])
            for k in ('cx', 'cy', 'w', 'h')] == [0.125, 0.25, 0.25, 0.5]


def test_round_trip_label_ids_with_offset(tmp_path):
    fmt = SubmissionFormat(label_as='id', label_id_offset=1)
    path, back = round_trip(tmp_path, fmt)
    assert [r['label'] for r in csv.DictReader(open(path))
            if r['label']] == ['1',
                               '2']  # tower is class 0 -> id 1, dome 1 -> 2
    assert back['img_2'][0]['label'] == 0
    assert back['img_10'][0]['label'] == 1


def test_round_trip_without_score_and_renamed_reordered_columns(tmp_path):
    fmt = SubmissionFormat(
        box_format='xywh',
        fields=['image_id', 'x', 'y', 'w', 'h', 'label'],
        column_names=dict(image_id='ImageID', label='LandmarkName'))
    path, back = round_trip(tmp_path, fmt)
    with open(path) as f:
        assert f.readline().strip() == 'ImageID,x,y,w,h,LandmarkName'
    assert back['img_10'][0]['score'] is None
    np.testing.assert_allclose(back['img_10'][0]['box'], [0, 0, 50, 50])


@pytest.mark.parametrize('image_id_from, ids', [
    ('stem', ['img_2', 'img_3', 'img_10']),
    ('file_name', ['img_2.jpg', 'img_3.jpg', 'img_10.jpg']),
    ('img_id', ['2', '3', '10']),
])
def test_round_trip_image_ids_sorted(tmp_path, image_id_from, ids):
    fmt = SubmissionFormat(image_id_from=image_id_from)
    _, back = round_trip(tmp_path, fmt, sizes=None)
    assert list(back) == ids
    assert back[ids[2]][0]['label_text'] == 'dome'


def test_round_trip_all_boxes_by_decreasing_score(tmp_path):
    fmt = SubmissionFormat(single_object=False)
    _, back = round_trip(tmp_path, fmt)
    assert [r['score'] for r in back['img_10']] == [0.9, 0.3]
    np.testing.assert_allclose(back['img_10'][1]['box'], [20, 10, 120, 60])
    assert back['img_3'] == []  # blank row: the image is still listed


def test_round_trip_score_threshold_leaves_images_blank(tmp_path):
    _, back = round_trip(tmp_path, SubmissionFormat(score_thr=0.6))
    assert back['img_2'] == [] and back['img_3'] == []
    assert back['img_10'][0]['score'] == 0.9


def test_no_prediction_default_row(tmp_path):
    fmt = SubmissionFormat(
        no_prediction='default',
        default_prediction=dict(label='arch', box=[0, 0, 64, 64], score=0))
    _, back = round_trip(tmp_path, fmt)
    (row, ) = back['img_3']
    assert row['label_text'] == 'arch' and row['score'] == 0
    np.testing.assert_allclose(row['box'], [0, 0, 64, 64])


def test_no_prediction_skip_leaves_the_image_out(tmp_path):
    _, back = round_trip(tmp_path, SubmissionFormat(no_prediction='skip'))
    assert list(back) == ['img_2', 'img_10']


def test_duplicate_image_ids_are_refused():
    preds = make_predictions()
    preds[1]['img_path'] = 'other/img_10.png'
    with pytest.raises(ValueError, match="'img_10'.*file_name"):
        submission_rows(preds, SubmissionFormat(), CLASSES)


def test_shared_image_ids_are_found_before_predicting():
    paths = ['a/x.jpg', 'b/y.jpg', 'b/x.png']
    with pytest.raises(ValueError, match="'x'.*'a/x.jpg' and 'b/x.png'"):
        check_unique_image_ids(paths, SubmissionFormat())
    check_unique_image_ids(paths, SubmissionFormat(image_id_from='file_name'))


def test_unknown_predicted_label_names_the_image():
    preds = make_predictions()
    preds[1]['pred_instances']['labels'] = np.array([7])
    with pytest.raises(ValueError, match='img_2.jpg.*label 7'):
        submission_rows(preds, SubmissionFormat(), CLASSES)


def test_reader_names_file_and_row(tmp_path):
    path = tmp_path / 'bad.csv'
    path.write_text('image_id,label,score,x1,y1,x2,y2\n'
                    'a,tower,0.5,1,2,3,4\n'
                    'b,tower,high,1,2,3,4\n')
    with pytest.raises(ValueError, match=r"bad.csv, row 3 \(image 'b'\)"):
        read_submission_csv(str(path), SubmissionFormat(), CLASSES)


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / 'submission.csv'
    path.write_text('previous\n')
    preds = make_predictions()
    preds[2]['pred_instances'] = None  # breaks after rows were started
    with pytest.raises(TypeError):
        write_submission_csv(preds, str(path), SubmissionFormat(), CLASSES)
    assert path.read_text() == 'previous\n'
    assert [p.name for p in tmp_path.iterdir()] == ['submission.csv']


def test_natural_sort_key():
    ids = ['b10', 'a', 'b9', '100', '20']
    assert sorted(
        ids, key=image_id_sort_key) == ['20', '100', 'a', 'b9', 'b10']


@pytest.mark.parametrize('cell', ['nan', 'inf'])
def test_reader_refuses_non_finite_coordinates(tmp_path, cell):
    path = tmp_path / 'bad.csv'
    path.write_text('image_id,label,score,x1,y1,x2,y2\n'
                    'a,tower,0.5,1,2,3,4\n'
                    f'b,tower,0.5,{cell},1,{cell},8\n')
    with pytest.raises(ValueError) as err:
        read_submission_csv(str(path), SubmissionFormat(), CLASSES)
    assert str(err.value) == (
        f"{path}, row 3 (image 'b'): column 'x1' holds '{cell}'; expected a "
        'finite number')


def test_reader_names_a_row_whose_image_has_no_size(tmp_path):
    path = tmp_path / 'sub.csv'
    path.write_text('image_id,label,score,x1,y1,x2,y2\n'
                    'a,tower,0.5,0.1,0.2,0.3,0.4\n')
    fmt = SubmissionFormat(normalized=True)
    with pytest.raises(ValueError, match=r"sub.csv, row 2: image 'a' has no"):
        read_submission_csv(str(path), fmt, CLASSES, {'b': (10, 10)})
