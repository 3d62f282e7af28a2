import os.path as osp

from mmengine.config import Config

from landmark.detection.apis import set_data_root
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def test_set_data_root_moves_loaders_and_coco_metric(tmp_path):
    cfg = Config.fromfile(TINY)
    set_data_root(cfg, str(tmp_path))
    for split in ('train', 'val', 'test'):
        assert cfg[f'{split}_dataloader'].dataset.data_root == \
            osp.join(str(tmp_path), '')
    coco_metric = cfg.val_evaluator[0]
    assert coco_metric.ann_file == osp.join(
        str(tmp_path), 'annotations', 'val.json')
