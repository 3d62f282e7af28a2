import json

import cv2
import numpy as np
import pytest

from landmark.detection.visualization import (load_ground_truth,
                                              make_error_sheet,
                                              match_to_ground_truth,
                                              rank_worst)

CLASSES = ('tower', 'dome')


@pytest.fixture
def photos(tmp_path):
    """Four 80x60 photos, ground truth 10,10,50,40 in a COCO file (dome for
    d.jpg, tower otherwise)."""
    images, anns = [], []
    for i, name in enumerate('abcd', 1):
        cv2.imwrite(
            str(tmp_path / f'{name}.jpg'),
            np.full((60, 80, 3), 90 + 30 * i, np.uint8))
        images.append(dict(id=i, file_name=f'{name}.jpg', width=80, height=60))
        anns.append(
            dict(
                id=i,
                image_id=i,
                category_id=2 if name == 'd' else 1,
                bbox=[10, 10, 40, 30],
                area=1200,
                iscrowd=0))
    ann_file = tmp_path / 'val.json'
    ann_file.write_text(
        json.dumps(
            dict(
                images=images,
                annotations=anns,
                categories=[dict(id=1, name='tower'),
                            dict(id=2, name='dome')])))
    return tmp_path, str(ann_file)


def prediction(path, box, score, label):
    boxes = np.array([box], float).reshape(-1, 4)
    return dict(
        img_path=str(path),
        img_id=0,
        ori_shape=(60, 80),
        pred_instances=dict(
            bboxes=boxes,
            scores=np.array([score])[:len(boxes)],
            labels=np.array([label])[:len(boxes)]))


def test_worst_images_first(photos):
    root, ann_file = photos
    preds = [
        prediction(root / 'a.jpg', [10, 10, 50, 40], 0.9, 0),  # perfect
        prediction(root / 'b.jpg', [30, 10, 70, 40], 0.8, 0),  # IoU 0.33
        prediction(root / 'c.jpg', [], 0, 0),  # nothing predicted
        prediction(root / 'd.jpg', [10, 10, 50, 40], 0.7, 0),  # wrong class
        prediction(root / 'zzz.jpg', [0, 0, 5, 5], 0.5, 0),  # no GT: left
    ]
    cases = match_to_ground_truth(preds, load_ground_truth(ann_file))
    worst = rank_worst(cases)
    names = [c.img_path[-5:] for c in worst]
    # a miss and a wrong class count as IoU 0; the miss (real IoU 0) first
    assert names == ['c.jpg', 'd.jpg', 'b.jpg', 'a.jpg']
    assert [c.correct() for c in worst] == [False, False, False, True]
    assert worst[2].iou == pytest.approx(20 / 60)  # 20x30 / (2*40*30 - 600)
    assert worst[0].caption(CLASSES) == 'MISSED gt tower'
    assert worst[1].caption(CLASSES) == 'IoU 1.00  gt dome -> tower  0.70'
    assert worst[2].caption(CLASSES) == 'IoU 0.33  tower  0.80'


def test_sheet_is_a_grid_of_tiles(photos):
    root, ann_file = photos
    preds = [
        prediction(root / f'{n}.jpg', [12, 10, 50, 40], 0.9, 0) for n in 'abcd'
    ]
    (root / 'b.jpg').write_bytes(b'broken')  # drawn as 'unreadable'
    cases = match_to_ground_truth(preds, load_ground_truth(ann_file))
    sheet = make_error_sheet(
        cases, CLASSES, num_images=3, columns=2, tile_size=100)
    # 2 columns of 100 px with a 4 px gap; 2 rows of (100 + 28 caption + 4)
    # under a 36 px title
    assert sheet.shape == (36 + 2 * 132, 204, 3)
    # the wrong-class tile (d.jpg) comes first, on a red caption band, then
    # a.jpg (IoU 0.95) on a grey one; the top row of a band has no text
    assert tuple(sheet[36 + 101, 98]) == (40, 40, 200)
    assert tuple(sheet[36 + 101, 104 + 98]) == (60, 60, 60)
    # d.jpg (80x60, grey 210) is fitted to 100x75 between grey bars
    assert tuple(sheet[36 + 5, 50]) == (40, 40, 40)
    assert np.abs(sheet[36 + 50, 95].astype(int) - 210).max() < 10


def test_sheet_without_matches_is_an_error():
    with pytest.raises(ValueError, match='file names'):
        make_error_sheet([], CLASSES)
