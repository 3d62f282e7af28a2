"""TTAComparisonHook in one short real training run (MMEngine Runner, 2
epochs) of a detector whose errors are known, on two hand-made images."""
import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.model import BaseModel
from mmengine.runner import Runner
from mmengine.structures import InstanceData

from landmark.detection.hooks import TTAComparisonHook

# Ground truth of both 96x64 images: a tower at [20, 16, 60, 48].
GT_BOX = [20, 16, 40, 32]  # COCO xywh


@MODELS.register_module(force=True)
class GroundTruthShiftDetector(BaseModel):
    """Predicts the ground-truth box moved 4 px right (score 0.9): a model
    with a known error that a horizontal flip turns into the opposite one."""

    def __init__(self):
        super().__init__(
            data_preprocessor=MODELS.build(dict(type='DetDataPreprocessor')))
        self.weight = torch.nn.Parameter(torch.zeros(1))

    def forward(self, inputs, data_samples=None, mode='tensor'):
        if mode == 'loss':
            return dict(loss=(self.weight - 1).pow(2).sum())
        for sample in data_samples:
            gt = sample.gt_instances
            boxes = getattr(gt.bboxes, 'tensor', gt.bboxes)
            sample.pred_instances = InstanceData(
                bboxes=boxes[:1] + torch.tensor([4., 0., 4., 0.]),
                scores=torch.tensor([0.9]),
                labels=gt.labels[:1])
        return data_samples


def write_dataset(root: str) -> str:
    os.makedirs(osp.join(root, 'images'))
    images, annotations = [], []
    for i in (1, 2):
        cv2.imwrite(
            osp.join(root, 'images', f'{i}.png'),
            np.full((64, 96, 3), 40 * i, np.uint8))
        images.append(dict(id=i, file_name=f'{i}.png', width=96, height=64))
        annotations.append(
            dict(
                id=i,
                image_id=i,
                category_id=1,
                bbox=GT_BOX,
                area=1280,
                iscrowd=0))
    ann_file = osp.join(root, 'val.json')
    with open(ann_file, 'w') as f:
        json.dump(
            dict(
                images=images,
                annotations=annotations,
                categories=[dict(id=1, name='tower')]), f)
    return ann_file


def runner_config(root: str, ann_file: str) -> Config:
    pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations', with_bbox=True),
        dict(
            type='PackDetInputs',
            meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                       'scale_factor')),
    ]
    loader = dict(
        batch_size=2,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type='LandmarkDataset',
            data_root=root,
            ann_file='val.json',
            data_prefix=dict(img='images/'),
            pipeline=pipeline))
    return Config(
        dict(
            default_scope='mmdet',
            model=dict(type='GroundTruthShiftDetector'),
            work_dir=osp.join(root, 'work_dir'),
            train_dataloader=loader,
            val_dataloader=loader,
            val_evaluator=dict(
                type='CocoMetric', ann_file=ann_file, metric='bbox'),
            train_cfg=dict(by_epoch=True, max_epochs=2, val_interval=1),
            val_cfg=dict(type='ValLoop'),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
            default_hooks=dict(
                checkpoint=dict(type='CheckpointHook', interval=100)),
            custom_hooks=[dict(type='TTAComparisonHook')],
            log_level='WARNING'))


def test_plain_and_tta_metrics_side_by_side(tmp_path):
    # Plain: [24, 16, 64, 48] against [20, 16, 60, 48]: IoU 36 / 44 = 0.82,
    # a match at COCO IoU thresholds 0.50 ... 0.80: mAP 7 / 10 = 0.7.
    # Flipped view: the truth at [36, 76] is predicted at [40, 80], back in
    # the original [16, 56] (IoU 0.67 with the plain box: one cluster).
    # WBF, weights 2:1: x1 = (2 * 24 + 16) / 3 = 21.33, x2 = (2 * 64 + 56)
    # / 3 = 61.33: IoU 38.67 / 41.33 = 0.94, a match at 0.50 ... 0.90:
    # mAP 9 / 10 = 0.9.
    root = str(tmp_path)
    cfg = runner_config(root, write_dataset(root))
    runner = Runner.from_cfg(cfg)
    runner.train()
    hub = runner.message_hub
    assert hub.get_scalar('val/coco/bbox_mAP').current() == pytest.approx(0.7)
    assert hub.get_scalar('val/tta/coco/bbox_mAP').current() == \
        pytest.approx(0.9)
    # The model trained (the hook put it back in training mode each time).
    assert runner.model.weight.item() != 0


def test_table_lists_plain_tta_and_difference():
    hook = TTAComparisonHook()
    table = hook.format_table({
        'coco/bbox_mAP': 0.4,
        'loss': 1.0
    }, {'coco/bbox_mAP': 0.8})
    assert table.splitlines()[1].split() == [
        'coco/bbox_mAP', '0.4000', '0.8000', '+0.4000'
    ]
    with pytest.raises(ValueError, match='interval=0'):
        TTAComparisonHook(interval=0)


@pytest.mark.parametrize('top1', [True, False])
def test_tta_keeps_as_many_boxes_as_the_plain_run(top1):
    # mAP rewards extra boxes: with single_object_top1 = False the plain run
    # keeps up to 100 boxes, so TTA must not cut to one.
    class FakeRunner:
        cfg = Config(
            dict(
                single_object_top1=top1,
                tta_model=dict(type='FusionTTAModel')))
        model = GroundTruthShiftDetector()

    tta_model = TTAComparisonHook()._tta_model(FakeRunner())
    assert tta_model.fuser.single_object is top1
