import os.path as osp

from mmengine.config import Config

from landmark.detection.apis import apply_single_object_top1
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
DINO = osp.join(REPO_ROOT, 'configs', 'dino',
                'dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py')


def test_top1_switch_targets_each_family():
    two_stage, dino = Config.fromfile(TINY), Config.fromfile(DINO)
    assert not apply_single_object_top1(two_stage)  # off by default
    for cfg in (two_stage, dino):
        cfg.single_object_top1 = True
        assert apply_single_object_top1(cfg)
    assert two_stage.model.test_cfg.rcnn.max_per_img == 1
    assert dino.model.test_cfg.max_per_img == 1
