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


def test_same_named_photos_get_a_drawing_each_and_big_ones_are_skipped(
        tmp_path, capsys, monkeypatch):
    from landmark.core import image_files
    from landmark.testing import load_tool
    # the tool sets the process-wide decode limit; restored after the test
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS',
                        image_files.MAX_DECODE_PIXELS)
    photos = {  # path: (width, height)
        tmp_path / 'a' / 'x.jpg': (60, 40),
        tmp_path / 'b' / 'x.jpg': (40, 60),
        tmp_path / 'b' / 'big.jpg': (300, 200),
    }
    records = []
    for i, (path, (width, height)) in enumerate(photos.items()):
        path.parent.mkdir(exist_ok=True)
        cv2.imwrite(str(path), np.zeros((height, width, 3), np.uint8))
        records.append(
            dict(
                img_id=i,
                ori_shape=(height, width),
                img_path=str(path),
                pred_instances=dict(
                    bboxes=np.array([[5., 5., 20., 20.]]),
                    scores=np.array([0.9]),
                    labels=np.array([0]))))
    preds = tmp_path / 'predictions.json'
    dump_predictions_json(records, str(preds), ['tower'])
    drawn = tmp_path / 'drawn'
    code = load_tool('visualize').main([
        str(preds), '--out-dir',
        str(drawn), '--max-decode-pixels', '50000'
    ])
    captured = capsys.readouterr()
    assert code == 1  # big.jpg (60,000 pixels) is above the limit
    (skipped, ) = [
        line for line in captured.err.splitlines()
        if '[unreadable_image' in line
    ]
    assert 'big.jpg' in skipped and '300x200' in skipped
    # both x.jpg are kept, each at its own size
    assert sorted(p.name for p in drawn.iterdir()) == ['x_0.jpg', 'x_1.jpg']
    assert cv2.imread(str(drawn / 'x_0.jpg')).shape == (40, 60, 3)
    assert cv2.imread(str(drawn / 'x_1.jpg')).shape == (60, 40, 3)
    assert 'Drew 2 image(s)' in captured.out


@pytest.mark.parametrize('flag, value, expected', [
    ('--columns', '0', 'a whole number of columns, 1 or more'),
    ('--tile-size', '0', 'a whole number of pixels, 32 or more'),
    ('--num', '-1', 'a whole number of images, 1 or more'),
    ('--max-side', 'big', 'a whole number of pixels, 1 or more'),
    ('--max-boxes', '-1', 'a whole number of boxes, 0 or more'),
])
def test_bad_numbers_are_one_line_usage_errors(capsys, flag, value, expected):
    # refused by the parser, before any photo is drawn (--columns 0 would
    # divide by zero, --tile-size 0 make an empty image for OpenCV)
    from landmark.testing import load_tool
    with pytest.raises(SystemExit) as exit_info:
        load_tool('visualize').parse_args(
            ['p.json', '--out-dir', 'drawn', flag, value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {flag}: '{value}': expected {expected}" in err
    assert 'Traceback' not in err
