# Tiny CPU variant of the Cascade R-CNN baseline, for the tests: ResNet-18
# at half width trained from scratch (no pretrained weights), photos shrunk
# to a long side of 320 px, 4 images a batch, AdamW.
_base_ = './cascade-rcnn_r50-fpn_1xb2-native-res-12e_landmark.py'
# the base's per-stage box coder stds (a list replaces, so it is repeated)
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

train_dataloader = dict(
    batch_size=4, dataset=dict(pipeline={{_base_.tiny_train_pipeline}}))
val_dataloader = dict(dataset=dict(pipeline={{_base_.tiny_test_pipeline}}))
test_dataloader = val_dataloader

optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05),
    clip_grad=dict(max_norm=10, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(type='MultiStepLR', by_epoch=True, milestones=[9, 11], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=4)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=1, max_keep_ckpts=2))
