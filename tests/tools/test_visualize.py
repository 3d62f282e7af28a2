"""tools/visualize.py as a user runs it: drawn photos and the error
sheet."""
import json
import os.path as osp

import cv2
import numpy as np
import pytest

from landmark.detection.apis import dump_predictions_json
from landmark.detection.visualization import GT_COLOR, PRED_COLOR
from landmark.testing import run_tool


@pytest.mark.slow
def test_visualize_draws_photos_and_the_error_sheet(tiny_landmarks, tmp_path):
    coco = json.load(open(osp.join(tiny_landmarks, 'annotations', 'val.json')))
    # predict each ground-truth box shifted right by 10 px, class kept;
    # the first image gets a wrong class
    records = []
    for i, image in enumerate(coco['images']):
        x, y, w, h = next(a['bbox'] for a in coco['annotations']
                          if a['image_id'] == image['id'])
        label = next(a['category_id'] for a in coco['annotations']
                     if a['image_id'] == image['id']) - 1
        records.append(
            dict(
                img_id=image['id'],
                ori_shape=(image['height'], image['width']),
                img_path=osp.join(tiny_landmarks, 'images',
                                  image['file_name']),
                pred_instances=dict(
                    bboxes=np.array([[x + 10, y, x + w + 10, y + h]]),
                    scores=np.array([0.8]),
                    labels=np.array([(label + 1) % 5 if i == 0 else label]))))
    preds = tmp_path / 'predictions.json'
    classes = [c['name'] for c in coco['categories']]
    dump_predictions_json(records, str(preds), classes)
    ann_file = osp.join(tiny_landmarks, 'annotations', 'val.json')
    result = run_tool('tools/visualize.py', str(preds), '--ann-file', ann_file,
                      '--out-dir', str(tmp_path / 'drawn'),
                      '--ext', '.png', '--error-sheet',
                      str(tmp_path / 'sheet.jpg'), '--num', '4', '--columns',
                      '2', '--tile-size', '160')
    assert result.returncode == 0, result.stderr
    assert 'Drew 4 image(s)' in result.stdout
    assert '1 wrong class' in result.stdout

    first = coco['images'][0]
    drawn = cv2.imread(
        str(tmp_path / 'drawn' / first['file_name'].replace('.jpg', '.png')))
    assert drawn.shape == (first['height'], first['width'], 3)
    x, y, w, h = coco['annotations'][0]['bbox']
    x1 = round(x)
    mid_y = round(y + h * 0.75)  # below the captions
    # the GT left edge is green, the prediction's (10 px right) red
    assert tuple(drawn[mid_y, x1]) == GT_COLOR
    assert tuple(drawn[mid_y, x1 + 10]) == PRED_COLOR
    sheet = cv2.imread(str(tmp_path / 'sheet.jpg'))
    assert sheet.shape[1] == 2 * 160 + 4
