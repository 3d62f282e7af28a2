"""tools/train.py on a data set with one truncated photo: the run finishes
its epochs, the photo is named once in the log (not once per epoch or
per data-loader worker) with the count of photos skipped, and the exit code
is 1 with a last line that says so."""
import json
import os.path as osp
import shutil

import cv2
import pytest

from landmark.testing import run_tool, write_truncated_jpeg

CONFIG = ('tests/detection/apis/configs/'
          'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')


@pytest.mark.slow
def test_training_skips_a_truncated_photo_and_names_it_once(
        tiny_landmarks, tmp_path):
    data_root = tmp_path / 'data'
    shutil.copytree(tiny_landmarks, data_root)
    train = json.loads((data_root / 'annotations' / 'train.json').read_text())
    bad = train['images'][3]['file_name']
    bad_path = str(data_root / 'images' / bad)
    # the header (and size) intact, the pixels cut short: mmcv's loader
    # asserts "failed to load image" on it
    write_truncated_jpeg(bad_path, image=cv2.imread(bad_path))
    work_dir = tmp_path / 'work'
    # 10 photos, batch 4: 3 iterations an epoch; two workers that persist,
    # so the photo is met in both epochs, perhaps by both workers
    result = run_tool(
        'tools/train.py',
        CONFIG,
        '--data-root',
        str(data_root),
        '--work-dir',
        str(work_dir),
        '--cfg-options',
        'train_cfg.max_epochs=2',
        'train_cfg.val_interval=100',
        'train_dataloader.num_workers=2',
        'train_dataloader.persistent_workers=True',
        env=CPU_ENV)
    output = result.stdout + result.stderr
    # finished, and says so with exit code 1: a photo was not used
    assert result.returncode == 1, output[-3000:]
    assert result.stderr.strip().splitlines()[-1] == (
        'warning: finished, but 1 photo(s) skipped in training (each named '
        'in the log above)')
    assert 'Traceback' not in output
    assert osp.isfile(work_dir / 'epoch_2.pth')  # both epochs ran
    named = [
        line for line in output.splitlines()
        if 'unreadable_image' in line and bad in line
    ]
    assert len(named) == 1, named
    assert '1 photo(s) skipped in this run so far' in named[0]
