# Tiny CPU variant of the Faster R-CNN baseline, for the demo and the tests:
# ResNet-18 at half width trained from scratch (no pretrained weights),
# photos shrunk to a long side of 320 px, 4 images a batch, AdamW.
_base_ = [
    '../_base_/models/faster-rcnn_r50-fpn.py',
    '../_base_/datasets/landmark_detection.py',
    '../_base_/schedules/adamw_12e_tiny.py', 'mmdet::_base_/default_runtime.py'
]

max_long_side = 320  # applied to every pipeline by the tools
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
        bbox_head=dict(in_channels=64, fc_out_channels=256)))

train_dataloader = dict(batch_size=4)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=1, max_keep_ckpts=2))
