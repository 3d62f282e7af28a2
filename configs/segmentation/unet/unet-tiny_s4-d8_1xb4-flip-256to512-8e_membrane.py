# Progressive resolution: epochs 1-5 on whole images shrunk to 256x256 (a
# quarter of the pixels), epochs 6-8 on 256x256 windows at full resolution.
_base_ = ['./unet-tiny_s4-d8_1xb4-flip-8e_membrane.py']
low_res_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=(256, 256), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=low_res_pipeline)))
custom_hooks = [
    dict(type='KeepLastEpochsHook', keep_last=3),
    dict(
        type='ProgressiveResolutionHook',
        switch_epoch=5,
        switch_pipeline={{_base_.train_pipeline}})
]
