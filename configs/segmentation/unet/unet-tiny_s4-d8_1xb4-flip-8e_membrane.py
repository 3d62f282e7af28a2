# A UNet small enough to train on 2 CPU cores: 8 base channels, 4 stages,
# trained on random 256x256 windows at native resolution (4 per image and
# epoch), tested on whole 512x512 images by Gaussian-weighted windows.
_base_ = ['./unet_s5-d16_1xb4-flip-20e_membrane.py']
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
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomCrop', crop_size=(256, 256)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(
    batch_size=4,
    dataset=dict(
        _delete_=True,
        type='RepeatDataset',
        times=4,
        dataset=dict(
            type='MaskFolderDataset',
            data_root={{_base_.data_root}},
            data_prefix=dict(img_path='image', seg_map_path='label'),
            metainfo={{_base_.metainfo}},
            mask_value_map={255: 1},
            indices=list(range(24)),
            pipeline=train_pipeline)))
train_cfg = dict(max_epochs=8)
param_scheduler = [
    dict(
        type='CosineAnnealingLR', by_epoch=True, begin=0, end=8, eta_min=1e-4)
]
optim_wrapper = dict(optimizer=dict(lr=1e-2))
