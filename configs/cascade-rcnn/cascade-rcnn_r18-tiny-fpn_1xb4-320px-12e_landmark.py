# Tiny CPU variant of the Cascade R-CNN baseline, for the tests: ResNet-18
# at half width trained from scratch (no pretrained weights), photos shrunk
# to a long side of 320 px, 4 images a batch, AdamW.
_base_ = [
    '../_base_/models/cascade-rcnn_r50-fpn.py',
    '../_base_/datasets/landmark_detection.py',
    '../_base_/schedules/adamw_12e_tiny.py', 'mmdet::_base_/default_runtime.py'
]

max_long_side = 320  # applied to every pipeline by the tools
# the base's heads with 64 input channels (a list replaces, so it is
# repeated)
# yapf: disable
cascade_target_stds = ([0.1, 0.1, 0.2, 0.2],
                       [0.05, 0.05, 0.1, 0.1],
                       [0.033, 0.033, 0.067, 0.067])
# yapf: enable
model = dict(
    backbone=dict(
        depth=18,
        base_channels=32,
        frozen_stages=-1,
        norm_eval=False,
        init_cfg=None),
    neck=dict(in_channels=[32, 64, 128, 256], out_channels=64),
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=[
            dict(
                type='Shared2FCBBoxHead',
                in_channels=64,
                fc_out_channels=256,
                roi_feat_size=7,
                num_classes=5,
                bbox_coder=dict(
                    type='DeltaXYWHBBoxCoder',
                    target_means=[0., 0., 0., 0.],
                    target_stds=stds),
                reg_class_agnostic=True,
                loss_cls=dict(
                    type='CrossEntropyLoss',
                    use_sigmoid=False,
                    loss_weight=1.0),
                loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0))
            for stds in cascade_target_stds
        ]))

train_dataloader = dict(batch_size=4)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=1, max_keep_ckpts=2))
