# Tiny CPU variant of DINO-Swin, for the tests and the TTA/export examples:
# the tiny DINO-ResNet's transformer (1 encoder and 2 decoder layers) on a
# 2-stage Swin (32 channels), trained from scratch, long side 320 px.
_base_ = './dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py'

# SwinTransformer's defaults otherwise (window 7, mlp ratio 4, no dropout,
# no checkpointing, no weight conversion)
model = dict(
    backbone=dict(
        _delete_=True,
        type='SwinTransformer',
        embed_dims=32,
        depths=[2, 2],
        num_heads=[1, 2],
        drop_path_rate=0.,
        strides=(4, 2),
        out_indices=(0, 1),
        init_cfg=None),
    neck=dict(in_channels=[32, 64]))
