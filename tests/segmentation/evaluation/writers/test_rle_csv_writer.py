"""RLECSVWriter: one row per image and class, natural image order, read
back to the predicted masks."""
import numpy as np
import pytest
import torch
from mmseg.registry import METRICS

from landmark.segmentation.evaluation import (RLECSVError, read_rle_csv,
                                              rle_rows)


def _sample(name, labels):
    return dict(
        img_path=f'photos/{name}.png',
        pred_sem_seg=dict(data=torch.as_tensor(labels)[None]))


def test_rows_decode_back_to_each_class_mask(tmp_path):
    out = str(tmp_path / 'masks.csv')
    writer = METRICS.build(dict(type='RLECSVWriter', out_file=out))
    writer.dataset_meta = dict(classes=('background', 'tower', 'dome'))
    a = np.array([[0, 1, 1], [2, 2, 0]])
    b = np.array([[1, 0, 0], [0, 0, 0]])
    writer.process({}, [_sample('img_10', a), _sample('img_2', b)])
    assert writer.evaluate(2) == {'rle/rows': 4}
    with open(out) as f:
        ids = [line.split(',')[0] for line in f.read().splitlines()[1:]]
    assert ids == ['img_2', 'img_2', 'img_10', 'img_10']  # 2 before 10
    masks = read_rle_csv(out, classes=('tower', 'dome'))
    np.testing.assert_array_equal(masks['img_10', 'tower'], a == 1)
    np.testing.assert_array_equal(masks['img_10', 'dome'], a == 2)
    np.testing.assert_array_equal(masks['img_2', 'tower'], b == 1)
    assert not masks['img_2', 'dome'].any()


def test_rle_rows_by_hand():
    labels = np.array([[0, 1], [1, 1]])
    # row-major, 1-based: pixels 2, 3, 4 are class 1 -> '2 3'
    assert rle_rows('x', labels, ('bg', 'fg')) == [('x', 'fg', 2, 2, '2 3')]
    assert rle_rows(
        'x', labels, ('bg', 'fg'), class_ids=[0]) == [('x', 'bg', 2, 2, '1 1')]


def test_two_images_with_one_name_are_refused_naming_both(tmp_path):
    # photos/a/0.png and photos/b/0.png would both be image '0' in the CSV
    out = tmp_path / 'masks.csv'
    writer = METRICS.build(dict(type='RLECSVWriter', out_file=str(out)))
    writer.dataset_meta = dict(classes=('background', 'tower'))
    labels = np.array([[0, 1]])
    writer.process({}, [_sample('a/0', labels), _sample('b/0', labels)])
    with pytest.raises(RLECSVError) as err:
        writer.evaluate(2)
    assert str(err.value) == (
        f"{out}: image id '0' is given to both 'photos/a/0.png' and "
        "'photos/b/0.png'; the CSV names images by file name without "
        'extension; rename one of them')
    assert not out.exists()
