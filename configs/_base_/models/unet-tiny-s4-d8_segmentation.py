# The UNet made small enough to train on 2 CPU cores: 8 base channels, 4
# stages (8x down), 256x256 test windows.
_base_ = ['./unet-s5-d16_segmentation.py']
model = dict(
    backbone=dict(
        base_channels=8,
        num_stages=4,
        strides=(1, 1, 1, 1),
        enc_num_convs=(2, 2, 2, 2),
        dec_num_convs=(2, 2, 2),
        downsamples=(True, True, True),
        enc_dilations=(1, 1, 1, 1),
        dec_dilations=(1, 1, 1)),
    decode_head=dict(in_channels=8, in_index=3, channels=8),
    test_cfg=dict(crop_size=(256, 256), stride=(128, 128)))
