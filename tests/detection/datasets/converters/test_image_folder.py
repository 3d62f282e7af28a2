import json

import cv2
import numpy as np
import pytest

from landmark.detection.datasets import (convert_image_folder_to_coco,
                                         read_coco_class_names)


def test_lists_readable_images_and_reports_corrupt_ones(tmp_path):
    cv2.imwrite(str(tmp_path / 'b.JPG'), np.zeros((30, 40, 3), np.uint8))
    cv2.imwrite(str(tmp_path / 'a.png'), np.zeros((20, 10, 3), np.uint8))
    (tmp_path / 'c.jpg').write_bytes(b'garbage')
    (tmp_path / 'notes.txt').write_text('not an image')
    coco, log = convert_image_folder_to_coco(str(tmp_path), ['arch'])
    assert [(im['file_name'], im['width'], im['height'])
            for im in coco['images']] == [('a.png', 10, 20), ('b.JPG', 40, 30)]
    assert coco['annotations'] == []
    assert coco['categories'] == [dict(id=1, name='arch')]
    [problem] = log.problems
    assert problem.kind == 'unreadable_image'
    assert problem.source.endswith('c.jpg')


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


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match='no image file'):
        convert_image_folder_to_coco(str(tmp_path))
