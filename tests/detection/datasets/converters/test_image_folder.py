import cv2
import numpy as np
import pytest

from landmark.detection.datasets import convert_image_folder_to_coco
from landmark.testing import write_truncated_jpeg


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


def test_truncated_jpeg_is_reported_not_listed(tmp_path):
    cv2.imwrite(str(tmp_path / 'a.jpg'), np.zeros((30, 40, 3), np.uint8))
    write_truncated_jpeg(str(tmp_path / 'b.jpg'))  # header: 80x60
    coco, log = convert_image_folder_to_coco(str(tmp_path), ['arch'])
    assert [im['file_name'] for im in coco['images']] == ['a.jpg']
    [problem] = log.problems
    assert problem.kind == 'unreadable_image'
    assert problem.source.endswith('b.jpg')


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match='no image file'):
        convert_image_folder_to_coco(str(tmp_path))
