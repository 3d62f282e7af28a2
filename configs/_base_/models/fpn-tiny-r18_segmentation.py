# The ResNet-18 + FPN made narrow enough for 2 CPU cores (16 stem / base
# channels, 32-channel FPN), from scratch (no pretrained weights).
_base_ = ['./fpn-r18_segmentation.py']
model = dict(
    pretrained=None,
    backbone=dict(stem_channels=16, base_channels=16),
    neck=dict(in_channels=[16, 32, 64, 128], out_channels=32),
    decode_head=dict(in_channels=[32, 32, 32, 32], channels=32),
    test_cfg=dict(crop_size=(256, 256), stride=(128, 128)))
