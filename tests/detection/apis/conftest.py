"""A tiny random-weight detector checkpoint for the inference tests."""
import os.path as osp

import pytest

TINY_CONFIG = osp.join(
    osp.dirname(__file__), 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')


@pytest.fixture(scope='session')
def tiny_checkpoint(tmp_path_factory) -> str:
    """Random weights of :data:`TINY_CONFIG` saved like training does."""
    import torch

    from landmark.detection.apis import load_detector
    from landmark.detection.datasets import LANDMARK_CLASSES
    model = load_detector(
        TINY_CONFIG,
        None,
        cfg_options=dict(
            test_dataloader=dict(
                dataset=dict(metainfo=dict(classes=LANDMARK_CLASSES)))))
    path = str(tmp_path_factory.mktemp('tiny_detector') / 'tiny.pth')
    torch.save(
        {
            'state_dict': model.state_dict(),
            'meta': {
                'dataset_meta': {
                    'classes': LANDMARK_CLASSES
                }
            }
        }, path)
    return path
