"""Segmentation tests build registry types in MMSegmentation's scope."""
import os.path as osp

import pytest


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Overrides the suite-wide fixture of this name (tests/conftest.py),
    which makes 'mmdet' the current scope, with 'mmseg' for these tests."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmseg'):
        yield


TINY_MASKS_CONFIG = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))),
    'configs/segmentation/fpn/fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')


@pytest.fixture
def tiny_masks_config():
    """The tiny FPN config on the synthetic landmark masks (6 classes)."""
    return TINY_MASKS_CONFIG


@pytest.fixture
def save_random_segmentor():
    """``save(path, seed)``: a checkpoint of the tiny masks config's model
    with seeded random weights (a wide random head, so that the predicted
    classes vary); returns ``path``."""
    import torch
    from mmengine.config import Config
    from mmseg.registry import MODELS

    def save(path: str, seed: int) -> str:
        cfg = Config.fromfile(TINY_MASKS_CONFIG)
        cfg.model.pop('pretrained', None)
        torch.manual_seed(seed)
        model = MODELS.build(cfg.model)
        torch.nn.init.normal_(model.decode_head.conv_seg.weight, std=1.0)
        torch.save(dict(state_dict=model.state_dict(), meta={}), path)
        return path

    return save
