import os.path as osp

import numpy as np
import pytest
import torch
from mmseg.registry import METRICS

import landmark.segmentation  # noqa: F401 (registers)
from landmark.segmentation.evaluation import (RLECSVError, check_rle_csv,
                                              read_rle_csv)

CLASSES = ('background', 'tower', 'dome')


def _write(tmp_path, order, one_based, labels_by_image):
    out = str(tmp_path / 'rle.csv')
    writer = METRICS.build(
        dict(
            type='RLECSVWriter',
            out_file=out,
            order=order,
            one_based=one_based))
    writer.dataset_meta = dict(classes=CLASSES)
    writer.process({}, [
        dict(
            img_path=f'/data/images/{name}.png',
            pred_sem_seg=dict(data=torch.from_numpy(labels)[None]))
        for name, labels in labels_by_image.items()
    ])
    assert writer.evaluate(len(labels_by_image)) == {'rle/rows': 4}
    return out


@pytest.mark.parametrize('order', ['row-major', 'column-major'])
@pytest.mark.parametrize('one_based', [True, False])
def test_writer_reader_round_trip(tmp_path, order, one_based):
    rng = np.random.default_rng(1)
    labels = {'0': rng.integers(0, 3, (5, 4)), '1': rng.integers(0, 3, (3, 6))}
    out = _write(tmp_path, order, one_based, labels)
    masks = read_rle_csv(out, order, one_based, classes=CLASSES)
    assert sorted(masks) == [('0', 'dome'), ('0', 'tower'), ('1', 'dome'),
                             ('1', 'tower')]
    for name, image_labels in labels.items():
        for class_id, class_name in ((1, 'tower'), (2, 'dome')):
            np.testing.assert_array_equal(masks[name, class_name],
                                          image_labels == class_id)
    assert check_rle_csv(out, order, one_based, CLASSES) == []
    # nothing but the CSV is left in the folder (written atomically)
    assert [p.name for p in tmp_path.iterdir()] == ['rle.csv']


def test_writes_the_hand_worked_row(tmp_path):
    # tower pixels of [[1, 1, 0], [0, 1, 1]]: row-major 1-based '1 2 5 2'
    labels = np.array([[1, 1, 0], [0, 1, 1]])
    out = _write(tmp_path, 'row-major', True, {'a': labels, 'b': labels})
    with open(out) as f:
        lines = f.read().splitlines()
    assert lines[:3] == [
        'image_id,class_name,height,width,rle', 'a,dome,2,3,',
        'a,tower,2,3,1 2 5 2'
    ]


def test_checker_names_each_bad_row(tmp_path):
    path = tmp_path / 'bad.csv'
    path.write_text('image_id,class_name,height,width,rle\n'
                    'a,tower,2,3,1 2 5 2\n'  # row 2: fine
                    'a,tower,2,3,1 1\n'  # row 3: repeats a/tower
                    'a,castle,2,3,1 1\n'  # row 4: unknown class
                    'b,dome,2,x,1 1\n'  # row 5: bad width
                    'b,tower,2,3,5 3\n'  # row 6: runs past the mask
                    'a,dome,3,3,1 1\n'  # row 7: other size for image a
                    'c,dome,2,3\n')  # row 8: 4 fields
    problems = check_rle_csv(str(path), classes=CLASSES)
    where = [p.split(':')[0] for p in problems]
    assert where == [f'{path} row {n}' for n in (3, 4, 5, 6, 7, 8)]
    assert 'second row for image' in problems[0]
    assert "class_name 'castle'" in problems[1]
    assert 'ends past pixel 6 of a 2x3 mask' in problems[3]
    assert '3x3 here but 2x3' in problems[4]
    assert all('\n' not in p for p in problems)
    with pytest.raises(RLECSVError, match='row 3: second row'):
        read_rle_csv(str(path), classes=CLASSES)


def test_checker_reports_a_wrong_header_and_a_missing_file(tmp_path):
    path = tmp_path / 'h.csv'
    path.write_text('ImageId,EncodedPixels\n')
    assert check_rle_csv(str(path))[0].startswith(f'{path} row 1: header')
    missing = osp.join(str(tmp_path), 'none.csv')
    assert check_rle_csv(missing) == [
        f'{missing}: cannot be read (No such '
        'file or directory)'
    ]
