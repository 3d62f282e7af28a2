# Tiny CPU variant of DINO-Swin, for the tests and the TTA/export examples:
# the tiny DINO-ResNet's transformer (1 encoder and 2 decoder layers) on a
# 2-stage Swin (32 channels), trained from scratch, long side 320 px.
_base_ = './dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py'

model = dict(
    backbone=dict(
        _delete_=True,
        type='SwinTransformer',
        embed_dims=32,
        depths=[2, 2],
        num_heads=[1, 2],
        window_size=7,
        mlp_ratio=4,
        qkv_bias=True,
        qk_scale=None,
        drop_rate=0.,
        attn_drop_rate=0.,
        drop_path_rate=0.,
        patch_norm=True,
        strides=(4, 2),
        out_indices=(0, 1),
        with_cp=False,
        convert_weights=False,
        init_cfg=None),
    neck=dict(in_channels=[32, 64]))
