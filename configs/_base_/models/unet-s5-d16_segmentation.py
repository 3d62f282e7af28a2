# UNet (5 stages, 16x down) + FCN head, on the shared encoder-decoder base.
_base_ = ['./encoder-decoder_segmentation.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(
        type='UNet',
        in_channels=3,
        base_channels=64,
        num_stages=5,
        strides=(1, 1, 1, 1, 1),
        enc_num_convs=(2, 2, 2, 2, 2),
        dec_num_convs=(2, 2, 2, 2),
        downsamples=(True, True, True, True),
        enc_dilations=(1, 1, 1, 1, 1),
        dec_dilations=(1, 1, 1, 1),
        norm_cfg=norm_cfg,
        upsample_cfg=dict(type='InterpConv')),
    decode_head=dict(
        type='FCNHead',
        in_channels=64,
        in_index=4,
        channels=64,
        num_convs=1,
        concat_input=False))
