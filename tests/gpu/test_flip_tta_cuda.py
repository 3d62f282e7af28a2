"""Flip TTA on CUDA gives the CPU's boxes: the same checkpoint of the tiny
DINO, predicted with ``load_detector(tta=True)`` on each device."""
import glob
import os.path as osp

import numpy as np
import pytest

from landmark.testing import save_random_detector

pytestmark = pytest.mark.gpu

CONFIG = 'configs/dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py'
# pixels a box may move between the devices (float rounding, not a bug)
BOX_TOLERANCE = 0.5
SCORE_TOLERANCE = 1e-3


def predict(checkpoint, images, device):
    from landmark.detection.apis import load_detector, predict_images
    model = load_detector(CONFIG, checkpoint, device=device, tta=True)
    return {
        r['img_path']: r['pred_instances']
        for r in predict_images(model, images, progress=False)
    }


@pytest.mark.slow
def test_flip_tta_on_cuda_gives_the_cpu_boxes(tiny_landmarks, tmp_path):
    checkpoint = save_random_detector(CONFIG, str(tmp_path / 'tiny.pth'))
    images = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))
    on_cpu = predict(checkpoint, images, 'cpu')
    on_cuda = predict(checkpoint, images, 'cuda')
    assert sorted(on_cuda) == sorted(on_cpu) == images
    for image in images:
        cpu, cuda = on_cpu[image], on_cuda[image]
        assert len(cpu['scores']) > 0, image
        top = int(np.argmax(cuda['scores']))
        # the CUDA top box is a CPU box (same class, within the tolerance)
        # whose score ties the CPU's best: random weights may rank two
        # boxes within float rounding of each other
        near_top = np.flatnonzero(
            cpu['scores'] >= cpu['scores'].max() - SCORE_TOLERANCE)
        matches = [
            k for k in near_top if cpu['labels'][k] == cuda['labels'][top]
            and np.abs(cpu['bboxes'][k] - cuda['bboxes'][top]).max() <=
            BOX_TOLERANCE
        ]
        assert matches, (image, cpu, cuda)
        assert abs(cuda['scores'][top] - cpu['scores'].max()) <= \
            SCORE_TOLERANCE
