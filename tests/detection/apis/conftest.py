"""A tiny random-weight detector checkpoint for the inference tests."""
import os.path as osp

import pytest

from landmark.testing import save_random_detector

TINY_CONFIG = osp.join(
    osp.dirname(__file__), 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')


@pytest.fixture(scope='session')
def tiny_checkpoint(tmp_path_factory) -> str:
    """Random weights of :data:`TINY_CONFIG` saved like training does."""
    path = tmp_path_factory.mktemp('tiny_detector') / 'tiny.pth'
    return save_random_detector(TINY_CONFIG, str(path))
