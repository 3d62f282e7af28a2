"""Hand-made test sets and predictions for the report's tests: every
figure the tests expect can be worked out from the boxes, labels and masks
written here."""
import os

import cv2
import numpy as np
import pytest
from report_test_data import (detection_records, write_detection_set,
                              write_photo)


@pytest.fixture
def detection_set(tmp_path):
    """Three photos with a box each (:func:`write_detection_set`)."""
    return write_detection_set(str(tmp_path / 'det'))


@pytest.fixture
def detection_pickle(detection_set, tmp_path):
    from landmark.core import dump_prediction_pickle
    path = str(tmp_path / 'det.pkl')
    dump_prediction_pickle(detection_records(detection_set), path)
    return path


@pytest.fixture
def classification_set(tmp_path):
    """Four photos, ``val.csv`` (filename,label): a0, a1 are class a; b0,
    b1 class b."""
    root = tmp_path / 'cls'
    rows = ['filename,label']
    for i, (name, label) in enumerate([('a0.jpg', 'a'), ('a1.jpg', 'a'),
                                       ('b0.jpg', 'b'), ('b1.jpg', 'b')]):
        write_photo(str(root / name), 64, 64, seed=i)
        rows.append(f'{name},{label}')
    for split in ('train', 'val'):
        (root / f'{split}.csv').write_text('\n'.join(rows) + '\n')
    return str(root)


@pytest.fixture
def segmentation_set(tmp_path):
    """Two 4x4 photos with index masks (classes cell 0, membrane 1), in the
    layout of the "your data" config: ``images/test/N.jpg`` and
    ``index_masks/test/N_mask.png``.

    Truth: image 0 has membrane in its left half (8 pixels), image 1 in its
    top row (4 pixels).
    """
    root = tmp_path / 'seg'
    truth = [np.zeros((4, 4), np.uint8), np.zeros((4, 4), np.uint8)]
    truth[0][:, :2] = 1
    truth[1][0, :] = 1
    for i, mask in enumerate(truth):
        write_photo(str(root / 'images' / 'test' / f'n{i}.jpg'), 4, 4, i)
        os.makedirs(root / 'index_masks' / 'test', exist_ok=True)
        cv2.imwrite(
            str(root / 'index_masks' / 'test' / f'n{i}_mask.png'), mask)
    return str(root)


@pytest.fixture
def retrieval_set(tmp_path):
    """Gallery g1, g2 (landmark x), g3, g4 (landmark y); queries q1 (x),
    q2 (y), as ``filename,landmark_id`` CSVs."""
    root = tmp_path / 'ret'
    gallery = [('g1', 'x'), ('g2', 'x'), ('g3', 'y'), ('g4', 'y')]
    queries = [('q1', 'x'), ('q2', 'y')]
    for name, rows in (('gallery', gallery), ('query', queries)):
        lines = ['filename,landmark_id']
        for i, (image, landmark) in enumerate(rows):
            write_photo(str(root / 'photos' / f'{image}.jpg'), 64, 48, i)
            lines.append(f'photos/{image}.jpg,{landmark}')
        (root / f'{name}.csv').write_text('\n'.join(lines) + '\n')
    return str(root)
