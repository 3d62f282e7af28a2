# A UNet small enough to train on 2 CPU cores: 8 base channels, 4 stages,
# 8 epochs of random 256x256 windows at native resolution (4 per image and
# epoch), tested on whole 512x512 images by Gaussian-weighted windows.
_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/unet-s5-d16_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
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
