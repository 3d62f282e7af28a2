import argparse

import pytest

from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   add_submission_format_args,
                                                   submission_format_from_args)


def test_default_header_and_image_id():
    fmt = SubmissionFormat()
    assert fmt.header == ['image_id', 'label', 'score', 'x1', 'y1', 'x2', 'y2']
    assert fmt.image_id_of('photos/IMG_7.JPG', 3) == 'IMG_7'
    assert SubmissionFormat(image_id_from='file_name').image_id_of(
        'a/IMG_7.JPG', 3) == 'IMG_7.JPG'
    assert SubmissionFormat(image_id_from='img_id').image_id_of('x', 3) == '3'


def test_fields_and_column_names_set_the_header():
    fmt = SubmissionFormat(
        box_format='cxcywh',
        fields=['image_id', 'cx', 'cy', 'w', 'h', 'label'],
        column_names=dict(image_id='ImageID', label='Landmark'))
    assert fmt.header == ['ImageID', 'cx', 'cy', 'w', 'h', 'Landmark']
    assert not fmt.with_score
    assert fmt.decimals == 2
    assert SubmissionFormat(normalized=True).decimals == 6


@pytest.mark.parametrize('options, message', [
    (dict(box_format='yolo'), 'box_format'),
    (dict(label_as='index'), 'label_as'),
    (dict(no_prediction='zero'), 'no_prediction'),
    (dict(fields=['image_id', 'label', 'x1', 'y1', 'x2']), "lack.*'y2'"),
    (dict(fields=['image_id', 'label', 'x', 'y', 'w', 'h']), 'unknown'),
    (dict(column_names=dict(bbox='b')), 'unknown field'),
    (dict(no_prediction='default'), 'default_prediction'),
])
def test_bad_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        SubmissionFormat(**options)


def test_command_line_options_build_the_format():
    parser = argparse.ArgumentParser()
    add_submission_format_args(parser)
    args = parser.parse_args([
        '--box-format', 'xywh', '--normalized', '--label-as', 'id',
        '--columns', 'image_id=ImageID', 'label', 'x', 'y', 'w', 'h',
        '--no-prediction', 'default', '--default-prediction', '2', '0', '0',
        '1', '1', '--all-boxes'
    ])
    fmt = submission_format_from_args(args)
    assert fmt.header == ['ImageID', 'label', 'x', 'y', 'w', 'h']
    assert fmt.normalized and fmt.label_as == 'id'
    assert not fmt.with_score and not fmt.single_object
    assert fmt.default_prediction == dict(label=2, box=[0, 0, 1, 1], score=0.)
