"""tools/infer.py as a user runs it: a folder of photos with a corrupt one,
a project tiny config, a checkpoint (random weights: the I/O is tested,
not the accuracy)."""
import csv
import json
import os
import os.path as osp
import shutil

import cv2
import numpy as np
import pytest

from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   check_submission,
                                                   images_from_folder)
from landmark.testing import (REPO_ROOT, load_tool, run_tool,
                              save_random_detector, write_truncated_jpeg)

TINY_CONFIG = osp.join(REPO_ROOT, 'configs', 'retinanet',
                       'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


@pytest.fixture(scope='module')
def random_checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp('ckpt') / 'random.pth'
    return save_random_detector(TINY_CONFIG, str(path))


@pytest.mark.slow
def test_folder_with_a_corrupt_photo(tiny_landmarks, random_checkpoint,
                                     tmp_path):
    photos = tmp_path / 'photos'
    shutil.copytree(osp.join(tiny_landmarks, 'images'), photos)
    good = sorted(p.name for p in photos.iterdir())[:6]
    for extra in sorted(p.name for p in photos.iterdir())[6:]:
        (photos / extra).unlink()  # 6 photos keep the test quick
    # cut short after an intact header: its size reads, its pixels do not
    write_truncated_jpeg(
        str(photos / 'corrupt.jpg'), image=cv2.imread(str(photos / good[0])))
    out = tmp_path / 'out'
    result = run_tool('tools/infer.py', TINY_CONFIG, random_checkpoint,
                      str(photos), '--out-dir', str(out), '--show-dir',
                      str(out / 'drawn'), '--batch-size', '4')
    assert result.returncode == 1, result.stderr
    assert 'corrupt.jpg' in result.stderr  # named in the warning and summary
    assert '1 image(s) skipped' in result.stderr
    assert 'ETA' in result.stderr  # the progress bar
    assert 'Predicted 6 of 7 image(s)' in result.stdout

    # one row per good photo, sorted, valid for the checker
    rows = list(csv.DictReader(open(out / 'predictions.csv')))
    assert [r['image_id'] for r in rows] == [osp.splitext(n)[0] for n in good]
    fmt = SubmissionFormat()
    sizes = images_from_folder(osp.join(tiny_landmarks, 'images'), fmt)
    sizes = {k: v for k, v in sizes.items() if k + '.jpg' in good}
    report = check_submission(
        str(out / 'predictions.csv'),
        fmt,
        image_sizes=sizes,
        class_names=('tower', 'dome', 'arch', 'pyramid', 'bridge'))
    assert report.ok, report.summary()

    doc = json.load(open(out / 'predictions.json'))
    assert len(doc['images']) == 6
    assert [s['path'] for s in doc['skipped']] == [str(photos / 'corrupt.jpg')]
    # drawn photos at their original size
    for name in good:
        drawn = cv2.imread(str(out / 'drawn' / name))
        assert drawn.shape == cv2.imread(str(photos / name)).shape


def test_pixel_budget_flags_reach_the_inference_pipeline(
        tiny_landmarks, random_checkpoint, tmp_path, monkeypatch):
    from landmark.detection.apis import detector_loading
    tool = load_tool('infer')
    loaded = []

    def load_and_keep(*args, **kwargs):
        loaded.append(tool_load_detector(*args, **kwargs))
        return loaded[-1]

    # the loader the tool's Inferencer calls
    tool_load_detector = detector_loading.load_detector
    monkeypatch.setattr(detector_loading, 'load_detector', load_and_keep)
    photo = sorted(os.listdir(osp.join(tiny_landmarks, 'images')))[0]
    code = tool.main([
        TINY_CONFIG, random_checkpoint,
        osp.join(tiny_landmarks, 'images', photo), '--out-dir',
        str(tmp_path), '--device', 'cpu', '--tta', '--max-pixels', '5000',
        '--max-long-side', '64'
    ])
    assert code == 0
    (model, ) = loaded
    pipeline = model.inference_pipeline
    (resize, ) = [t for t in pipeline if t['type'] == 'NativeResolution']
    assert (resize['max_pixels'], resize['max_long_side']) == (5000, 64)
    assert [t['type'] for t in pipeline][-1] == 'TestTimeAug'


def test_an_os_error_is_one_line_with_its_reason(tmp_path, monkeypatch,
                                                 capsys):
    from landmark.detection.apis import detector_loading

    def unreadable(*args, **kwargs):
        raise PermissionError(13, 'Permission denied', 'epoch_12.pth')

    monkeypatch.setattr(detector_loading, 'load_detector', unreadable)
    photo = tmp_path / 'a.jpg'
    cv2.imwrite(str(photo), np.zeros((8, 8, 3), np.uint8))
    checkpoint = tmp_path / 'epoch_12.pth'  # there, but it cannot be read
    checkpoint.write_bytes(b'')
    code = load_tool('infer').main(
        [TINY_CONFIG, str(checkpoint),
         str(photo), '--out-dir',
         str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    # not 'error: 13' (the errno, the first of the error's args)
    assert err == "error: [Errno 13] Permission denied: 'epoch_12.pth'\n"
