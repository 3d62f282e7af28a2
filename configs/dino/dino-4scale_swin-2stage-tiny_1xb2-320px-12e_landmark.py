# Tiny CPU variant of DINO-Swin, for the tests and the TTA/export examples:
# a 2-stage Swin (32 channels) and a 256-channel transformer with 1 encoder
# and 2 decoder layers, trained from scratch, long side 320 px.
_base_ = './dino-4scale_swin-t_1xb2-native-res-12e_landmark.py'

# 256 as in mmdet: its DINO decoder hard-codes a 512-wide (2 x 256) sine
# embedding of the reference points; the model stays small through depth.
embed_dims = 256
model = dict(
    num_queries=20,
    backbone=dict(
        embed_dims=32,
        depths=[2, 2],
        num_heads=[1, 2],
        strides=(4, 2),
        out_indices=(0, 1),
        drop_path_rate=0.,
        with_cp=False,
        convert_weights=False,
        init_cfg=None),
    neck=dict(
        in_channels=[32, 64],
        out_channels=embed_dims,
        num_outs=4,
        norm_cfg=dict(type='GN', num_groups=32)),
    encoder=dict(
        num_layers=1,
        layer_cfg=dict(
            self_attn_cfg=dict(embed_dims=embed_dims),
            ffn_cfg=dict(embed_dims=embed_dims, feedforward_channels=256))),
    decoder=dict(
        num_layers=2,
        layer_cfg=dict(
            self_attn_cfg=dict(embed_dims=embed_dims, num_heads=8),
            cross_attn_cfg=dict(embed_dims=embed_dims),
            ffn_cfg=dict(embed_dims=embed_dims, feedforward_channels=256))),
    positional_encoding=dict(num_feats=embed_dims // 2),
    bbox_head=dict(embed_dims=embed_dims),
    dn_cfg=dict(group_cfg=dict(num_dn_queries=10)))

train_dataloader = dict(dataset=dict(pipeline={{_base_.tiny_train_pipeline}}))
val_dataloader = dict(dataset=dict(pipeline={{_base_.tiny_test_pipeline}}))
test_dataloader = val_dataloader
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=1, max_keep_ckpts=2))
