import copy
import os.path as osp

import pytest
from mmengine.config import Config

from landmark.core.atomic_io import dump_json_atomic
from landmark.detection.apis import (apply_single_object_top1, apply_tta,
                                     prepare_test_config,
                                     prepare_train_config, set_data_root,
                                     sync_num_classes)
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CASCADE = osp.join(REPO_ROOT, 'configs', 'cascade-rcnn',
                   'cascade-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
DINO = osp.join(REPO_ROOT, 'configs', 'dino',
                'dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py')


def one_class_data(root):
    coco = dict(
        images=[dict(id=1, file_name='a.jpg', width=64, height=48)],
        annotations=[
            dict(
                id=1,
                image_id=1,
                category_id=1,
                bbox=[1, 1, 10, 10],
                area=100,
                iscrowd=0)
        ],
        categories=[dict(id=1, name='raccoon')])
    for split in ('train', 'val'):
        dump_json_atomic(coco, osp.join(root, 'annotations', f'{split}.json'))
    return root


def test_set_data_root_moves_loaders_and_coco_metric(tmp_path):
    cfg = Config.fromfile(TINY)
    set_data_root(cfg, str(tmp_path))
    for split in ('train', 'val', 'test'):
        assert cfg[f'{split}_dataloader'].dataset.data_root == \
            osp.join(str(tmp_path), '')
    coco_metric = cfg.val_evaluator[0]
    assert coco_metric.ann_file == osp.join(
        str(tmp_path), 'annotations', 'val.json')


def test_num_classes_follow_the_annotation_file(tmp_path):
    cfg = Config.fromfile(CASCADE)
    set_data_root(cfg, one_class_data(str(tmp_path)))
    assert sync_num_classes(cfg) == 1
    # all three cascade stages
    assert [h.num_classes for h in cfg.model.roi_head.bbox_head] == [1, 1, 1]


def test_num_classes_untouched_without_data(tmp_path):
    cfg = Config.fromfile(TINY)
    set_data_root(cfg, str(tmp_path / 'nothing'))
    assert sync_num_classes(cfg) is None
    assert cfg.model.roi_head.bbox_head.num_classes == 5


def test_top1_switch_targets_each_family():
    two_stage, dino = Config.fromfile(TINY), Config.fromfile(DINO)
    assert not apply_single_object_top1(two_stage)  # off by default
    for cfg in (two_stage, dino):
        cfg.single_object_top1 = True
        assert apply_single_object_top1(cfg)
    assert two_stage.model.test_cfg.rcnn.max_per_img == 1
    assert dino.model.test_cfg.max_per_img == 1


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


def test_train_flags(tmp_path):
    cfg = prepare_train_config(
        TINY,
        work_dir=str(tmp_path),
        amp=True,
        auto_scale_lr=True,
        resume='auto',
        cfg_options={
            'train_cfg.max_epochs': 3,
            'trust_legacy_checkpoints': False
        })
    assert cfg.work_dir == str(tmp_path)
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert cfg.auto_scale_lr.enable is True
    assert cfg.resume is True and cfg.load_from is None
    assert cfg.train_cfg.max_epochs == 3
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        prepare_train_config(TINY, resume=str(tmp_path / 'nope.pth'))


def test_trust_key_is_honoured(tmp_path):
    from landmark.core import (legacy_checkpoints_trusted,
                               trust_legacy_checkpoints)
    checkpoint = tmp_path / 'x.pth'
    checkpoint.write_bytes(b'')
    try:
        prepare_test_config(
            TINY,
            str(checkpoint),
            work_dir=str(tmp_path),
            cfg_options={'trust_legacy_checkpoints': True})
        assert legacy_checkpoints_trusted()
    finally:
        trust_legacy_checkpoints(None)
