import json

import numpy as np
import pytest

from landmark.detection.datasets import (read_coco_class_names,
                                         read_coco_ground_truth)


def test_class_names_follow_category_ids(tmp_path):
    ann = tmp_path / 'ann.json'
    ann.write_text(
        json.dumps(
            dict(categories=[dict(id=2, name='b'),
                             dict(id=1, name='a')])))
    assert read_coco_class_names(str(ann)) == ('a', 'b')
    ann.write_text('{"categories": [')
    with pytest.raises(ValueError, match='ann.json: not valid JSON'):
        read_coco_class_names(str(ann))


def test_ground_truth_labels_boxes_and_crowd(tmp_path):
    # category 7 ('dome') is class 1 after category 3 ('tower'); the crowd
    # box of image 1 (a VOC "difficult" box) is kept only on request; the
    # annotation of image 9, which the file does not list, is left out
    coco = dict(
        images=[dict(id=1, file_name='sub/a.jpg', width=20, height=20)],
        annotations=[
            dict(id=1, image_id=1, category_id=7, bbox=[1, 2, 3, 4]),
            dict(
                id=2, image_id=1, category_id=3, bbox=[0, 0, 5, 5], iscrowd=1),
            dict(id=3, image_id=9, category_id=3, bbox=[0, 0, 5, 5]),
        ],
        categories=[dict(id=7, name='dome'),
                    dict(id=3, name='tower')])
    ann = tmp_path / 'ann.json'
    ann.write_text(json.dumps(coco))
    images, classes = read_coco_ground_truth(str(ann))
    assert classes == ('tower', 'dome')
    assert list(images) == [1]
    assert images[1]['file_name'] == 'sub/a.jpg'
    np.testing.assert_array_equal(images[1]['bboxes'], [[1, 2, 4, 6]])
    np.testing.assert_array_equal(images[1]['labels'], [1])
    images, _ = read_coco_ground_truth(str(ann), keep_crowd=True)
    np.testing.assert_array_equal(images[1]['bboxes'],
                                  [[1, 2, 4, 6], [0, 0, 5, 5]])
    np.testing.assert_array_equal(images[1]['labels'], [1, 0])


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.json'):
        read_coco_ground_truth(str(tmp_path / 'nope.json'))


def test_photos_sharing_a_file_name_match_the_image_of_their_folder():
    from landmark.detection.datasets import match_image_ids
    images = {
        7: dict(file_name='site_a/0001.jpg'),
        8: dict(file_name='site_b/0001.jpg'),
        9: dict(file_name='0002.jpg')
    }
    assert match_image_ids([
        '/data/images/site_b/0001.jpg', 'images/site_a/0001.jpg',
        '/elsewhere/0002.jpg', '/data/images/0001.jpg', 'unknown.jpg'
    ], images) == [8, 7, 9, None, None]
