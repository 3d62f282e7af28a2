# ResNet-18 + FPN narrow enough for 2 CPU cores (16 stem / base channels,
# 32-channel FPN), from scratch (no pretrained weights), the 8 epochs of
# random 256x256 windows of the tiny UNet.
_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/fpn-r18_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
model = dict(
    pretrained=None,
    backbone=dict(stem_channels=16, base_channels=16),
    neck=dict(in_channels=[16, 32, 64, 128], out_channels=32),
    decode_head=dict(in_channels=[32, 32, 32, 32], channels=32),
    test_cfg=dict(crop_size=(256, 256), stride=(128, 128)))
optim_wrapper = dict(optimizer=dict(lr=2e-3))
