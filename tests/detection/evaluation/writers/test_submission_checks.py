import json

import pytest

from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   check_submission,
                                                   images_from_coco,
                                                   read_sample_submission)

CLASSES = ('tower', 'dome')
SIZES = {'a': (100, 50), 'b': (100, 50), 'c': (40, 40)}
HEADER = 'image_id,label,score,x1,y1,x2,y2\n'
GOOD_ROWS = ('a,tower,0.9,10,10,90,40\n'
             'b,dome,0.8,0,0,100,50\n'
             'c,,,,,,\n')


def check(tmp_path, text, fmt=None, **kwargs):
    path = tmp_path / 'submission.csv'
    path.write_text(text)
    kwargs.setdefault('image_sizes', SIZES)
    return check_submission(
        str(path), fmt or SubmissionFormat(), class_names=CLASSES, **kwargs)


def test_a_valid_file_passes(tmp_path):
    report = check(tmp_path, HEADER + GOOD_ROWS)
    assert report.ok, report.summary()
    assert (report.num_rows, report.num_images) == (3, 3)
    assert 'no problems found' in report.summary()


# each bad file: (rows after the header, kind, row named, image named)
BAD_FILES = {
    'missing_image': ('a,tower,0.9,10,10,90,40\nc,,,,,,\n', None, 'b'),
    'duplicate_image': (GOOD_ROWS + 'a,dome,0.1,1,1,2,2\n', 5, 'a'),
    'unknown_image': (GOOD_ROWS + 'z,dome,0.1,1,1,2,2\n', 5, 'z'),
    'wrong_type': (GOOD_ROWS.replace('0.8,0,0', '0.8,zero,0'), 3, 'b'),
    'missing_value': (GOOD_ROWS.replace('0.8,0,0', '0.8,,0'), 3, 'b'),
    'unknown_class': (GOOD_ROWS.replace('dome', 'castle'), 3, 'b'),
    'empty_box': (GOOD_ROWS.replace('10,10,90,40', '90,10,10,40'), 2, 'a'),
    'box_outside': (GOOD_ROWS.replace('0,0,100,50', '0,0,100.5,50'), 3, 'b'),
}


@pytest.mark.parametrize('kind', sorted(BAD_FILES))
def test_each_error_kind_is_caught_and_names_the_row(tmp_path, kind):
    rows, row, image_id = BAD_FILES[kind]
    report = check(tmp_path, HEADER + rows)
    assert [p.kind for p in report.problems] == [kind], report.summary()
    (problem, ) = report.problems
    assert (problem.row, problem.image_id) == (row, image_id)
    where = f'row {row}, ' if row else ''
    assert f"{where}image '{image_id}'" in report.summary()


@pytest.mark.parametrize(
    'header',
    [
        'image_id,label,score,x1,y1,x2\n',  # missing column
        'image_id,label,score,x1,y1,x2,y2,extra\n',  # unexpected column
        'image_id,score,label,x1,y1,x2,y2\n',  # another order
    ])
def test_wrong_columns_are_named(tmp_path, header):
    report = check(tmp_path, header, image_sizes=None)
    assert [p.kind for p in report.problems] == ['wrong_column']
    assert report.problems[0].row == 1


def test_missing_column_stops_before_the_rows(tmp_path):
    report = check(tmp_path, 'image_id,label,x1,y1,x2,y2\n' + GOOD_ROWS)
    assert [p.kind for p in report.problems] == ['wrong_column']
    assert "missing ['score']" in str(report.problems[0])


def test_normalized_boxes_are_checked_against_one(tmp_path):
    fmt = SubmissionFormat(normalized=True, box_format='xywh')
    text = (
        'image_id,label,score,x,y,w,h\n'
        'a,tower,0.9,0.5,0.5,0.5,0.5\n'  # reaches x = y = 1.0 exactly
        'b,tower,0.9,0.6,0.0,0.5,0.5\n')  # x2 = 1.1
    report = check(tmp_path, text, fmt, image_sizes=None)
    assert [(p.kind, p.row) for p in report.problems] == [('box_outside', 3)]


def test_label_ids_outside_the_classes(tmp_path):
    fmt = SubmissionFormat(label_as='id', label_id_offset=1)
    text = HEADER + 'a,1,0.9,1,1,9,9\nb,2,0.9,1,1,9,9\nc,3,0.9,1,1,9,9\n'
    report = check(tmp_path, text, fmt)
    assert [(p.kind, p.row) for p in report.problems] == [('unknown_class', 4)]
    assert 'expected 1..2' in report.summary()


def test_skip_policy_allows_missing_images(tmp_path):
    report = check(tmp_path, HEADER + 'a,tower,0.9,10,10,90,40\n',
                   SubmissionFormat(no_prediction='skip'))
    assert report.ok, report.summary()


def test_blank_rows_are_refused_unless_the_format_allows_them(tmp_path):
    fmt = SubmissionFormat(
        no_prediction='default',
        default_prediction=dict(label='tower', box=[0, 0, 1, 1]))
    report = check(tmp_path, HEADER + GOOD_ROWS, fmt)
    assert [(p.kind, p.row) for p in report.problems] == [('missing_value', 4)]


def test_sample_submission_gives_header_and_images(tmp_path):
    sample = tmp_path / 'sample.csv'
    sample.write_text('ImageID,LandmarkName,x1,y1,x2,y2\nq,,,,,\nr,,,,,\n')
    fmt = SubmissionFormat(
        with_score=False,
        column_names=dict(image_id='ImageID', label='LandmarkName'))
    header, ids = read_sample_submission(str(sample), fmt)
    assert ids == ['q', 'r']
    report = check(
        tmp_path,
        ','.join(header) + '\nq,dome,1,1,5,5\n',
        fmt,
        image_sizes=None,
        expected_image_ids=ids,
        expected_header=header)
    assert [(p.kind, p.image_id)
            for p in report.problems] == [('missing_image', 'r')]


def test_images_from_coco_use_the_format_ids(tmp_path):
    ann = tmp_path / 'val.json'
    ann.write_text(
        json.dumps(
            dict(images=[
                dict(id=7, file_name='x/img_7.jpg', width=30, height=20)
            ])))
    assert images_from_coco(str(ann), SubmissionFormat()) == {
        'img_7': (30, 20)
    }
    assert images_from_coco(
        str(ann), SubmissionFormat(image_id_from='img_id')) == {
            '7': (30, 20)
        }


@pytest.mark.parametrize('options', [
    dict(),
    dict(box_format='xywh', normalized=True),
    dict(box_format='cxcywh', label_as='id', label_id_offset=1),
    dict(with_score=False, column_names=dict(image_id='ImageID')),
    dict(no_prediction='skip', image_id_from='file_name'),
    dict(
        no_prediction='default',
        default_prediction=dict(label='tower', box=[0, 0, 1, 1])),
    dict(single_object=False),
])
def test_what_the_writer_writes_the_checker_accepts(tmp_path, options):
    import numpy as np

    from landmark.detection.evaluation.writers import write_submission_csv
    fmt = SubmissionFormat(**options)
    preds = [
        dict(
            img_id=i,
            img_path=f'p/{name}.jpg',
            ori_shape=(50, 100),
            pred_instances=dict(
                bboxes=np.array(boxes).reshape(-1, 4),
                scores=np.array(scores),
                labels=np.array(labels)))
        for i, (name, boxes, scores, labels) in enumerate([
            # a's best box reaches x = 120 > 100: the writer clips it
            ('a', [[5, 5, 120, 40], [1, 1, 9, 9]], [0.9, 0.4], [0, 1]),
            ('b', [[0, 0, 100, 50]], [0.7], [1]),
            ('c', [], [], []),
        ])
    ]
    path = str(tmp_path / 'submission.csv')
    write_submission_csv(preds, path, fmt, CLASSES)
    sizes = {
        fmt.image_id_of(p['img_path'], p['img_id']): (100, 50)
        for p in preds
    }
    report = check_submission(
        path, fmt, image_sizes=sizes, class_names=CLASSES)
    assert report.ok, report.summary()


@pytest.mark.parametrize('cell', ['nan', 'NaN', 'inf', '-inf', '1e400'])
def test_non_finite_coordinates_are_named_not_clipped(tmp_path, cell):
    # 'nan' parses as a float; without the finiteness check it became the
    # box [nan, 10, nan, 40] and slipped past the inside-the-image check
    rows = GOOD_ROWS.replace('a,tower,0.9,10,10,90,40',
                             f'a,tower,0.9,{cell},10,90,40')
    report = check(tmp_path, HEADER + rows)
    assert [(p.kind, p.row, p.image_id)
            for p in report.problems] == [('wrong_type', 2, 'a')]
    assert f"column 'x1' holds '{cell}'; expected a finite number" in \
        report.summary()


def test_unreadable_images_of_a_folder_are_named_and_still_expected(
        tmp_path):
    import cv2
    import numpy as np

    from landmark.core import ProblemLog
    from landmark.detection.evaluation.writers import images_from_folder
    folder = tmp_path / 'photos'
    folder.mkdir()
    cv2.imwrite(str(folder / 'a.jpg'), np.zeros((50, 100, 3), np.uint8))
    (folder / 'b.jpg').write_bytes(b'not a photo')
    (folder / 'c.png').write_bytes(b'')
    problems = ProblemLog()
    sizes = images_from_folder(str(folder), SubmissionFormat(), problems)
    assert sizes == {'a': (100, 50), 'b': None, 'c': None}
    assert [(p.kind, p.source) for p in problems.problems] == [
        ('unreadable_image', str(folder / 'b.jpg')),
        ('unreadable_image', str(folder / 'c.png'))]
    # b and c are still expected; a box of b is not held to a size it lacks
    report = check(
        tmp_path,
        HEADER + 'a,tower,0.9,10,10,90,40\nb,dome,0.8,0,0,500,500\n',
        image_sizes=sizes)
    assert [(p.kind, p.image_id)
            for p in report.problems] == [('missing_image', 'c')]
    with pytest.raises(OSError, match='b.jpg'):  # no log: the first raises
        images_from_folder(str(folder), SubmissionFormat())
