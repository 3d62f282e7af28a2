"""tools/browse_dataset.py on a project config and the tiny data."""
import os.path as osp

import cv2
import numpy as np
import pytest

from landmark.detection.visualization import GT_COLOR
from landmark.testing import run_tool


@pytest.mark.slow
def test_browse_dataset_draws_the_training_pipeline(tiny_landmarks, tmp_path):
    config = osp.join('configs', 'retinanet',
                      'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
    result = run_tool('tools/browse_dataset.py', config, '--out-dir',
                      str(tmp_path / 'browse'), '--num', '3', '--cfg-options',
                      f'train_dataloader.dataset.data_root={tiny_landmarks}/')
    assert result.returncode == 0, result.stderr
    saved = sorted((tmp_path / 'browse').iterdir())
    assert len(saved) == 3
    image = cv2.imread(str(saved[0]))
    # a green box is on the image (the ground truth after the transforms)
    green = (np.abs(image.astype(int) - GT_COLOR).sum(axis=2) < 60).sum()
    assert green > 20
