"""Configs and hand-made data for the report's tests (imported by their
conftest and the tests; a name of its own, as pytest imports test helpers by
basename)."""
import json
import os
import os.path as osp

import cv2
import numpy as np

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DET_CONFIG = osp.join(REPO, 'configs', 'faster-rcnn',
                      'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CLS_CONFIG = osp.join(REPO, 'configs', 'classification', 'ce',
                      'ce_resnet18_1xb32-64px-10e_class-csv.py')
SEG_CONFIG = osp.join(REPO, 'configs', 'segmentation', 'unet',
                      'unet-tiny_s4-d8_1xb2-flip-8e_your-data.py')
RET_CONFIG = osp.join(REPO, 'configs', 'retrieval', 'arcface',
                      'arcface-gem_r18_1xb32-64px-20e_custom.py')
DET_CLASSES = ('tower', 'dome', 'arch')


def write_photo(path: str,
                width: int = 160,
                height: int = 120,
                seed: int = 0) -> str:
    """A small photo: noise with a grey square (any content will do)."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    rng = np.random.default_rng(seed)
    image = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    cv2.rectangle(image, (10, 10), (60, 60), (128, 128, 128), -1)
    assert cv2.imwrite(path, image)
    return path


def write_detection_set(root: str, names=None) -> str:
    """Three 160x120 photos under ``root/images`` named ``names`` (default
    ``photo_0.jpg`` ...), one box of 100x100 each, classes tower, dome,
    arch; ``annotations/val.json`` (the layout of the detection configs)."""
    names = names or [f'photo_{i}.jpg' for i in range(3)]
    images, annotations = [], []
    for i, name in enumerate(names):
        write_photo(osp.join(root, 'images', name), seed=i)
        images.append(dict(id=i + 1, file_name=name, width=160, height=120))
        annotations.append(
            dict(
                id=i + 1,
                image_id=i + 1,
                category_id=i + 1,
                bbox=[10, 10, 100, 100],
                area=10000,
                iscrowd=0))
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    categories = [dict(id=i + 1, name=n) for i, n in enumerate(DET_CLASSES)]
    with open(osp.join(root, 'annotations', 'val.json'), 'w') as f:
        json.dump(
            dict(
                images=images, annotations=annotations,
                categories=categories), f)
    return root


def detection_records(root: str) -> list:
    """Predictions by hand: photo 0 right (IoU 1); photo 1 (a dome) called
    an arch on its own box (score 0.9); photo 2 an arch, box 100x62 inside
    the 100x100 truth (IoU 0.62, score 0.8)."""
    gt = np.array([[10., 10., 110., 110.]])
    boxes = [gt, gt, np.array([[10., 10., 110., 72.]])]
    labels, scores = [0, 2, 2], [0.95, 0.9, 0.8]
    return [
        dict(
            img_id=i + 1,
            img_path=osp.join(root, 'images', f'photo_{i}.jpg'),
            ori_shape=(120, 160),
            pred_instances=dict(
                bboxes=boxes[i],
                scores=np.array([scores[i]]),
                labels=np.array([labels[i]]))) for i in range(3)
    ]
