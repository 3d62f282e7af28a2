import os.path as osp

import cv2
import numpy as np
import pytest

from landmark.detection.datasets import (convert_csv_to_coco,
                                         convert_voc_to_coco)

HEADER = 'filename,width,height,class,xmin,ymin,xmax,ymax\n'


@pytest.fixture
def img_dir(tmp_path):
    folder = tmp_path / 'images'
    folder.mkdir()
    for name in ('a.jpg', 'b.jpg'):
        cv2.imwrite(str(folder / name), np.zeros((60, 80, 3), np.uint8))
    return str(folder)


def test_rows_of_one_file_make_one_image(tmp_path, img_dir):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text(HEADER + 'a.jpg,80,60,arch,1,2,11,22\n'
                        'a.jpg,80,60,dome,5,5,25,15\n'
                        'b.jpg,80,60,arch,0,0,80,60\n')
    coco, log = convert_csv_to_coco(str(csv_file), img_dir)
    assert not log.problems
    assert [im['file_name'] for im in coco['images']] == ['a.jpg', 'b.jpg']
    assert [a['bbox'] for a in coco['annotations']] == [[1, 2, 10, 20],
                                                        [5, 5, 20, 10],
                                                        [0, 0, 80, 60]]
    assert [a['image_id'] for a in coco['annotations']] == [1, 1, 2]


def test_missing_column_names_file_and_column(tmp_path, img_dir):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text('filename,width,height,label,xmin,ymin,xmax,ymax\n')
    with pytest.raises(ValueError) as err:
        convert_csv_to_coco(str(csv_file), img_dir)
    assert 'boxes.csv' in str(err.value) and "['class']" in str(err.value)


def test_bad_rows_are_named_by_line(tmp_path, img_dir):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text(HEADER + 'a.jpg,80,60,arch,1,2,11,22\n'
                        'a.jpg,80,60,arch,one,2,11,22\n'
                        'gone.jpg,80,60,arch,1,2,11,22\n'
                        'b.jpg,800,600,arch,1,2,11,22\n'
                        'b.jpg,80,60,ufo,1,2,11,22\n')
    coco, log = convert_csv_to_coco(str(csv_file), img_dir, classes=['arch'])
    found = [(p.kind, p.where) for p in log.problems]
    assert found == [('bad_annotation', 'row 3'), ('missing_image', 'row 4'),
                     ('size_mismatch', 'row 5'), ('unknown_class', 'row 6')]
    assert len(coco['annotations']) == 2  # rows 2 and 5 survive


def test_nan_inf_and_negative_sizes_are_refused_by_row_and_column(
        tmp_path, img_dir):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text(HEADER + 'a.jpg,80,60,arch,nan,1,nan,8\n'
                        'a.jpg,80,60,arch,1,1,inf,8\n'
                        'a.jpg,-80,60,arch,1,1,9,8\n'
                        'a.jpg,80,0,arch,1,1,9,8\n'
                        'a.jpg,80,60,arch,1,1,,8\n'
                        'a.jpg,80,60,arch,1,1,9,8\n')
    coco, log = convert_csv_to_coco(str(csv_file), img_dir)
    # a nan corner is a bad row, not a box [nan, 1, nan, 8] "clipped"
    assert [a['bbox'] for a in coco['annotations']] == [[1, 1, 8, 7]]
    assert [(p.kind, p.where, p.skipped) for p in log.problems] == [
        ('bad_annotation', f'row {row}', True) for row in range(2, 7)
    ]
    messages = [p.message for p in log.problems]
    assert messages[0] == "column xmin: 'nan' is not a finite number"
    assert messages[1] == "column xmax: 'inf' is not a finite number"
    assert messages[2] == "column width: '-80', expected a positive size"
    assert messages[3] == "column height: '0', expected a positive size"
    assert messages[4] == "column xmax: '' is not a finite number"
    assert str(log.problems[0]).startswith(
        f'[bad_annotation, skipped] {csv_file} (row 2): column xmin')


@pytest.mark.data
def test_raccoon_csv_matches_voc(shared_datasets):
    root = osp.join(shared_datasets, 'raccoon')
    from_csv, log = convert_csv_to_coco(
        osp.join(root, 'data', 'raccoon_labels.csv'), osp.join(root, 'images'))
    from_voc, _ = convert_voc_to_coco(
        osp.join(root, 'annotations'), osp.join(root, 'images'))
    assert log.num_skipped == 0

    def boxes_by_file(coco):
        names = {im['id']: im['file_name'] for im in coco['images']}
        return sorted(
            (names[a['image_id']], *a['bbox']) for a in coco['annotations'])

    assert boxes_by_file(from_csv) == boxes_by_file(from_voc)
    assert len(from_csv['annotations']) == 217
