import copy
import os.path as osp

from mmengine.config import Config

from landmark.detection.apis import apply_tta
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def test_tta_defaults_to_flip_wbf_on_the_config_test_pipeline():
    cfg = Config.fromfile(TINY)
    assert 'tta_model' not in cfg
    detector = cfg.model.copy()
    test_pipeline = copy.deepcopy(cfg.test_dataloader.dataset.pipeline)
    apply_tta(cfg)
    assert cfg.model.type == 'FusionTTAModel' and cfg.model.module == detector
    pipeline = cfg.test_dataloader.dataset.pipeline
    # same loading and resizing as the plain test, then the two views
    assert pipeline[:-1] == test_pipeline[:-1]
    assert pipeline[-1]['type'] == 'TestTimeAug'
    assert [t['prob'] for t in pipeline[-1]['transforms'][0]] == [0., 1.]


def test_tta_wraps_model_and_innermost_pipeline():
    cfg = Config.fromfile(TINY)
    cfg.tta_model = dict(type='DetTTAModel')
    cfg.tta_pipeline = [dict(type='LoadImageFromFile')]
    detector = cfg.model.copy()
    apply_tta(cfg)
    assert cfg.model.type == 'DetTTAModel'
    assert cfg.model.module == detector
    assert cfg.test_dataloader.dataset.pipeline == [
        dict(type='LoadImageFromFile')
    ]
