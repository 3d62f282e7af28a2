import json

import cv2
import numpy as np
import pytest

from landmark.core import DataProblemError, read_image_size
from landmark.detection.datasets import check_coco_dataset
from landmark.testing import write_truncated_jpeg


def write_case(tmp_path, annotations, images=None):
    img_dir = tmp_path / 'images'
    img_dir.mkdir(exist_ok=True)
    cv2.imwrite(str(img_dir / 'a.jpg'), np.zeros((60, 80, 3), np.uint8))
    coco = dict(
        images=images or [dict(id=1, file_name='a.jpg', width=80, height=60)],
        annotations=annotations,
        categories=[dict(id=1, name='arch'),
                    dict(id=2, name='dome')])
    ann_file = tmp_path / 'ann.json'
    ann_file.write_text(json.dumps(coco))
    return str(ann_file), str(img_dir)


def box(ann_id, bbox, category_id=1, image_id=1):
    return dict(
        id=ann_id, image_id=image_id, category_id=category_id, bbox=bbox)


def test_summary_counts(tmp_path):
    ann_file, img_dir = write_case(
        tmp_path, [box(1, [0, 0, 10, 10]),
                   box(2, [5, 5, 10, 10], 2)])
    summary, log = check_coco_dataset(ann_file, img_dir)
    assert not log.problems
    assert (summary.num_images, summary.num_boxes) == (1, 2)
    assert summary.class_counts == dict(arch=1, dome=1)
    assert summary.boxes_per_image == {2: 1}
    assert summary.min_size == summary.max_size == (80, 60)
    assert 'images: 1' in summary.format()


@pytest.mark.parametrize('ann, kind, words', [
    (box(7, [70, 0, 20, 10]), 'box_outside', 'outside the 80x60'),
    (box(7, [10, 10, 0, 5]), 'empty_box', 'zero or negative'),
    (box(7, [0, 0, 5, 5], category_id=9), 'unknown_class', 'category_id 9'),
    (box(7, [0, 0, 5, 5], image_id=3), 'bad_annotation', 'image_id 3'),
])
def test_each_box_problem_names_the_annotation(tmp_path, ann, kind, words):
    ann_file, img_dir = write_case(tmp_path, [ann])
    _, log = check_coco_dataset(ann_file, img_dir, box_outside='error')
    [problem] = log.problems
    assert problem.kind == kind and words in problem.message
    assert problem.where == 'annotation id 7' and problem.source == ann_file


def test_box_outside_clips_with_a_warning_by_default(tmp_path):
    ann_file, img_dir = write_case(tmp_path, [box(1, [70, 0, 20, 10])])
    summary, log = check_coco_dataset(ann_file, img_dir)
    assert summary.num_boxes == 1 and log.num_skipped == 0
    assert log.problems[0].kind == 'box_outside'


def test_image_problems(tmp_path):
    images = [
        dict(id=1, file_name='a.jpg', width=800, height=600),
        dict(id=2, file_name='gone.jpg', width=80, height=60),
        dict(id=3, file_name='bad.jpg', width=80, height=60),
    ]
    ann_file, img_dir = write_case(tmp_path, [], images)
    # a truncated JPEG: the header reads (80x60, as annotated), the pixels
    # do not decode
    bad = write_truncated_jpeg(str(tmp_path / 'images' / 'bad.jpg'))
    assert read_image_size(bad) == (80, 60)
    summary, log = check_coco_dataset(ann_file, img_dir)
    kinds = [p.kind for p in log.problems]
    assert kinds == ['size_mismatch', 'missing_image', 'unreadable_image']
    assert 'gone.jpg' in log.problems[1].message
    assert log.problems[2].source.endswith('bad.jpg')
    assert summary.num_images == 1
    with pytest.raises(DataProblemError, match='gone.jpg'):
        check_coco_dataset(ann_file, img_dir, strict=True)


def test_not_a_coco_file(tmp_path):
    ann_file = tmp_path / 'ann.json'
    ann_file.write_text('{"images": []}')
    with pytest.raises(ValueError, match='ann.json.*categories'):
        check_coco_dataset(str(ann_file), str(tmp_path))
